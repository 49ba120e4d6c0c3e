import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Route } from "./+types/home";
import { getUser } from "#app/auth/guards.server";
import { getCatalog } from "#app/content/content.server";
import { courseCard } from "#app/content/present.server";
import { getInstance, getLocale } from "#app/middleware/i18next.server";
import { CourseCards } from "./catalog";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }, { name: "description", content: data?.description }];

export function loader({ context }: Route.LoaderArgs) {
  const locale = getLocale(context);
  const t = getInstance(context).t;
  return {
    title: `SHP Campus — ${t("app.tagline")}`,
    description: t("home.lead"),
    loggedIn: !!getUser(context),
    courses: getCatalog().courses.map((c) => courseCard(c, locale)),
  };
}

export default function Home({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  return (
    <div className="page">
      <section className="hero">
        <h1>{t("home.title")}</h1>
        <p className="lead">{t("home.lead")}</p>
        <p className="actions">
          <Link className="button" to="/courses">
            {t("home.browse")}
          </Link>
          {loaderData.loggedIn ? (
            <Link className="button secondary" to="/me">
              {t("home.continue")}
            </Link>
          ) : (
            <Link className="button secondary" to="/register">
              {t("home.start")}
            </Link>
          )}
        </p>
      </section>
      <h2>{t("home.featured")}</h2>
      <CourseCards courses={loaderData.courses} />
    </div>
  );
}
