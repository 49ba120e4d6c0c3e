import { useTranslation } from "react-i18next";
import { Form, Link } from "react-router";
import type { Route } from "./+types/trainer-cohort-gradebook";
import { buildGradebook, parseGradebookQuery } from "#app/cohorts/completion.server";
import { requireTrainerCohort } from "#app/cohorts/guard.server";
import { missingText } from "#app/components/cohort-ui";
import { pick, type Locale } from "#app/content/locales";
import { getInstance, getLocale } from "#app/middleware/i18next.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

export function loader({ context, request, params }: Route.LoaderArgs) {
  const { db, cohort, course } = requireTrainerCohort(context, request, params.id, "view");
  const locale = getLocale(context);
  const url = new URL(request.url);
  const query = parseGradebookQuery(url.searchParams);
  const book = buildGradebook(db, cohort, course, query);
  const lessonTitles = new Map(course.lessons.map((l) => [l.key, (l.versions[locale as Locale] ?? l.versions.en).title]));
  const moduleIndex = new Map(course.modules.map((m, i) => [m.slug, i + 1]));
  const moduleTitles = new Map(course.modules.map((m) => [m.slug, pick(m.title, locale).text]));
  const perModule = new Map<string, number>();
  return {
    title: `${getInstance(context).t("cohorts.tabs.gradebook")} · ${cohort.title}`,
    cohortId: cohort.id,
    query,
    search: url.search,
    total: book.total,
    lessons: book.lessons.map((l) => {
      const n = (perModule.get(l.moduleSlug) ?? 0) + 1;
      perModule.set(l.moduleSlug, n);
      return { key: l.key, short: `${moduleIndex.get(l.moduleSlug)}.${n}`, title: lessonTitles.get(l.key) ?? l.key };
    }),
    modules: book.modules.map((slug) => ({ slug, short: `Q${moduleIndex.get(slug)}`, title: moduleTitles.get(slug) ?? slug })),
    sessions: book.sessions.map((s, i) => ({ id: s.id, short: `S${i + 1}`, title: s.title })),
    rows: book.rows,
  };
}

export default function GradebookPage({ loaderData: d }: Route.ComponentProps) {
  const { t } = useTranslation();
  const base = `/trainer/cohorts/${d.cohortId}/gradebook`;
  const sortHref = (sort: string) => {
    const p = new URLSearchParams();
    if (d.query.q) p.set("q", d.query.q);
    if (d.query.meets) p.set("meets", d.query.meets);
    p.set("sort", sort);
    p.set("dir", d.query.sort === sort && d.query.dir === "asc" ? "desc" : "asc");
    return `${base}?${p}`;
  };
  const sortable = (sort: string, label: string) => (
    <Link to={sortHref(sort)} aria-label={t("cohorts.gradebook.sortBy", { column: label })}>
      {label}
      {d.query.sort === sort ? (d.query.dir === "asc" ? " ▲" : " ▼") : ""}
    </Link>
  );
  const ariaSort = (sort: string) => (d.query.sort === sort ? (d.query.dir === "asc" ? "ascending" : "descending") : undefined);
  return (
    <>
      <h1>{t("cohorts.tabs.gradebook")}</h1>
      <Form method="get" className="search-form gradebook-filter">
        <div className="field">
          <label htmlFor="gb-q">{t("cohorts.gradebook.filter")}</label>
          <input id="gb-q" name="q" type="search" defaultValue={d.query.q} />
        </div>
        <div className="field">
          <label htmlFor="gb-meets">{t("cohorts.gradebook.meets")}</label>
          <select id="gb-meets" name="meets" defaultValue={d.query.meets}>
            <option value="">{t("cohorts.gradebook.meetsAll")}</option>
            <option value="yes">{t("cohorts.gradebook.meetsYes")}</option>
            <option value="no">{t("cohorts.gradebook.meetsNo")}</option>
          </select>
        </div>
        <input type="hidden" name="sort" value={d.query.sort} />
        <input type="hidden" name="dir" value={d.query.dir} />
        <button type="submit" className="button secondary">
          {t("cohorts.gradebook.apply")}
        </button>
      </Form>
      <p>
        {t("cohorts.gradebook.showing", { shown: d.rows.length, total: d.total })} ·{" "}
        <a href={`/trainer/cohorts/${d.cohortId}/gradebook.csv${d.search}`} download>
          {t("cohorts.gradebook.export")}
        </a>
      </p>
      {/* The table scrolls in its own box (keyboard-reachable), never the whole page. */}
      <div className="table-scroll gradebook-scroll" tabIndex={0} role="region" aria-label={t("cohorts.tabs.gradebook")}>
        <table className="data-table gradebook">
          <caption className="visually-hidden">{t("cohorts.tabs.gradebook")}</caption>
          <thead>
            <tr>
              <th scope="col" aria-sort={ariaSort("name")}>
                {sortable("name", t("auth.name"))}
              </th>
              <th scope="col" aria-sort={ariaSort("organisation")}>
                {sortable("organisation", t("auth.organisation"))}
              </th>
              <th scope="col">{t("cohorts.gradebook.meets")}</th>
              <th scope="col" aria-sort={ariaSort("progress")}>
                {sortable("progress", t("cohorts.gradebook.lessons"))}
              </th>
              {d.lessons.map((l) => (
                <th scope="col" key={l.key}>
                  <abbr title={l.title}>{l.short}</abbr>
                </th>
              ))}
              {d.modules.map((m) => (
                <th scope="col" key={m.slug}>
                  <abbr title={t("quiz.title.module", { module: m.title })}>{m.short}</abbr>
                </th>
              ))}
              <th scope="col" aria-sort={ariaSort("final")}>
                {sortable("final", t("course.final"))}
              </th>
              {d.sessions.map((s) => (
                <th scope="col" key={s.id}>
                  <abbr title={s.title}>{s.short}</abbr>
                </th>
              ))}
              <th scope="col" aria-sort={ariaSort("attendance")}>
                {sortable("attendance", t("cohorts.gradebook.attendanceColumn"))}
              </th>
              <th scope="col">{t("cohorts.gradebook.missing")}</th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((r) => (
              <tr key={r.userId}>
                <th scope="row">
                  <Link to={`${base}/${r.userId}`}>{r.name}</Link>
                </th>
                <td>{r.organisation}</td>
                <td className={r.completion.met ? "ok" : "bad"}>{r.completion.met ? t("cohorts.gradebook.yes") : t("cohorts.gradebook.no")}</td>
                <td>
                  {r.lessonsDone}/{r.lessons.length}
                </td>
                {r.lessons.map((done, i) => (
                  <td key={i} className="cell">
                    {done ? <span aria-label={t("course.lessonDone")}>✓</span> : ""}
                  </td>
                ))}
                {r.moduleQuizzes.map((p, i) => (
                  <td key={i} className="cell">
                    {p === null ? "" : `${Math.round(p)}%`}
                  </td>
                ))}
                <td>{r.final === null ? "" : `${Math.round(r.final)}%`}</td>
                {r.attendance.map((s, i) => (
                  <td key={i} className="cell">
                    {s ? t(`cohorts.attendance.short.${s}`) : ""}
                  </td>
                ))}
                <td>{r.scheduled === 0 ? "" : `${r.attended} / ${r.held} / ${r.scheduled}`}</td>
                <td>{missingText(t, r.completion.rules)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
