import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Route } from "./+types/catalog";
import { getCatalog } from "#app/content/content.server";
import { courseCard } from "#app/content/present.server";
import { getInstance, getLocale } from "#app/middleware/i18next.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

export function loader({ context }: Route.LoaderArgs) {
  const locale = getLocale(context);
  return {
    title: `${getInstance(context).t("catalog.title")} · SHP Campus`,
    courses: getCatalog().courses.map((c) => courseCard(c, locale)),
  };
}

export function CourseCards({ courses }: { courses: Route.ComponentProps["loaderData"]["courses"] }) {
  const { t } = useTranslation();
  return (
    <ul className="cards">
      {courses.map((c) => (
        <li key={c.slug} className="card">
          <h2 className="card-title">
            <Link to={`/courses/${c.slug}`}>{c.title}</Link>
          </h2>
          <p className="card-meta">
            {t(`catalog.level.${c.level}`)} · {t("catalog.lessons", { count: c.lessonCount })} · {t("catalog.hours", { count: c.hours })}
          </p>
          <p>{c.summary}</p>
          <p className="card-meta">
            {t("catalog.availableIn")}:{" "}
            {c.languages.map((l, i) => (
              <span key={l.code} lang={l.code}>
                {i > 0 ? ", " : ""}
                {l.name}
              </span>
            ))}
          </p>
        </li>
      ))}
    </ul>
  );
}

export default function Catalog({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  return (
    <div className="page">
      <h1>{t("catalog.title")}</h1>
      <p className="lead">{t("catalog.lead")}</p>
      {loaderData.courses.length === 0 ? <p>{t("catalog.empty")}</p> : <CourseCards courses={loaderData.courses} />}
    </div>
  );
}
