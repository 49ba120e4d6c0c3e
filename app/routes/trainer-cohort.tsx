import { useTranslation } from "react-i18next";
import { Link, Outlet } from "react-router";
import type { Route } from "./+types/trainer-cohort";
import { requireTrainerCohort } from "#app/cohorts/guard.server";
import { CohortTabs, formatDate } from "#app/components/cohort-ui";
import { pick } from "#app/content/locales";
import { getLocale } from "#app/middleware/i18next.server";

export function loader({ context, request, params }: Route.LoaderArgs) {
  const { cohort, course } = requireTrainerCohort(context, request, params.id, "view");
  return {
    cohort: { id: cohort.id, title: cohort.title, startsOn: cohort.startsOn, endsOn: cohort.endsOn, venue: cohort.venue, mode: cohort.mode },
    courseTitle: pick(course.title, getLocale(context)).text,
  };
}

export default function CohortLayout({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const { cohort } = loaderData;
  return (
    <div className="page cohort-page">
      <p className="breadcrumbs no-print">
        <Link to="/trainer">{t("cohorts.workspace.title")}</Link>
      </p>
      <header className="cohort-head">
        <p className="muted cohort-course">{loaderData.courseTitle}</p>
        <p className="cohort-title">{cohort.title}</p>
        <p className="muted">
          {formatDate(cohort.startsOn, i18n.language)} – {formatDate(cohort.endsOn, i18n.language)} · {t(`cohorts.modes.${cohort.mode}`)}
          {cohort.venue ? ` · ${cohort.venue}` : ""}
        </p>
      </header>
      <CohortTabs cohortId={cohort.id} />
      <Outlet />
    </div>
  );
}
