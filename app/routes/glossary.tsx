import { useTranslation } from "react-i18next";
import { SearchForm } from "#app/components/fields";
import type { Route } from "./+types/glossary";
import { getCatalog } from "#app/content/content.server";
import { matchesSearch } from "#app/content/glossary-search";
import { pick } from "#app/content/locales";
import { getInstance, getLocale } from "#app/middleware/i18next.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

export function loader({ context, request }: Route.LoaderArgs) {
  const locale = getLocale(context);
  const q = (new URL(request.url).searchParams.get("q") ?? "").trim().slice(0, 100);
  const { glossary, glossaryById } = getCatalog();
  const terms = glossary
    .filter((g) => g.definition.en !== "TODO")
    .map((g) => {
      const term = pick(g.term, locale);
      const definition = pick(g.definition, locale);
      return {
        id: g.id,
        term: term.text,
        english: locale === "en" ? null : g.term.en,
        definition: definition.text,
        fallback: term.fallback || definition.fallback,
        see: g.see.flatMap((id) => {
          const other = glossaryById.get(id);
          return other ? [{ id, term: pick(other.term, locale).text }] : [];
        }),
      };
    })
    .filter((g) => !q || matchesSearch([g.term, g.english ?? "", g.definition], q))
    .sort((a, b) => a.term.localeCompare(b.term, locale));
  return { title: `${getInstance(context).t("glossary.title")} · SHP Campus`, q, terms };
}

export default function Glossary({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  return (
    <div className="page narrow">
      <h1>{t("glossary.title")}</h1>
      <p className="lead">{t("glossary.lead")}</p>
      <SearchForm id="glossary-q" label={t("glossary.search")} button={t("glossary.searchButton")} defaultValue={loaderData.q} role="search" />
      <p className="muted">{t("glossary.count", { count: loaderData.terms.length })}</p>
      {loaderData.terms.length === 0 && loaderData.q ? <p>{t("glossary.noResults", { q: loaderData.q })}</p> : null}
      <dl className="glossary">
        {loaderData.terms.map((g) => (
          <div key={g.id} id={g.id} className="glossary-entry">
            <dt>
              {g.term}
              {g.english && g.english !== g.term ? (
                <span className="muted" lang="en">
                  {" "}
                  ({g.english})
                </span>
              ) : null}
            </dt>
            <dd>
              <p lang={g.fallback ? "en" : undefined}>{g.definition}</p>
              {g.fallback ? <p className="hint">{t("glossary.fallback")}</p> : null}
              {g.see.length > 0 ? (
                <p className="hint">
                  {t("glossary.seeAlso")}:{" "}
                  {g.see.map((s, i) => (
                    <span key={s.id}>
                      {i > 0 ? ", " : ""}
                      <a href={`#${s.id}`}>{s.term}</a>
                    </span>
                  ))}
                </p>
              ) : null}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
