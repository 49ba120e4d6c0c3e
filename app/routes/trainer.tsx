import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Route } from "./+types/trainer";
import { requireRole } from "#app/auth/guards.server";
import { cohortsForTrainer } from "#app/cohorts/cohorts.server";
import { courseOptions } from "#app/cohorts/cohort-form.server";
import { formatDate } from "#app/components/cohort-ui";
import { getDb } from "#app/db.server";
import { getInstance, getLocale } from "#app/middleware/i18next.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

export function loader({ context, request }: Route.LoaderArgs) {
  const user = requireRole(context, request, ["trainer", "admin"]);
  const titles = new Map(courseOptions(getLocale(context)).map((c) => [c.slug, c.title]));
  const archived = new URL(request.url).searchParams.get("archived") === "1";
  return {
    archived,
    title: `${getInstance(context).t("cohorts.workspace.title")} · SHP Campus`,
    cohorts: cohortsForTrainer(getDb(), user, { archived }).map((c) => ({
      id: c.id,
      title: c.title,
      course: titles.get(c.courseSlug) ?? c.courseSlug,
      startsOn: c.startsOn,
      endsOn: c.endsOn,
      mode: c.mode,
      venue: c.venue,
      members: c.members,
      capacity: c.capacity,
      role: c.trainerRole,
    })),
  };
}

export default function TrainerHome({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  return (
    <div className="page">
      <h1>{t("cohorts.workspace.title")}</h1>
      <p className="lead">{t("cohorts.workspace.lead")}</p>
      <p>
        <Link className="button" to="/trainer/cohorts/new">
          {t("cohorts.workspace.new")}
        </Link>{" "}
        {loaderData.archived ? (
          <Link to="/trainer">{t("workshop.currentCohorts")}</Link>
        ) : (
          <Link to="/trainer?archived=1">{t("workshop.archivedCohorts")}</Link>
        )}
      </p>
      {loaderData.archived ? <h2>{t("workshop.archivedCohorts")}</h2> : null}
      {loaderData.cohorts.length === 0 ? (
        <p>{t("cohorts.workspace.empty")}</p>
      ) : (
        <ul className="cards">
          {loaderData.cohorts.map((c) => (
            <li key={c.id} className="card">
              <h2 className="card-title">
                <Link to={`/trainer/cohorts/${c.id}`}>{c.title}</Link>
              </h2>
              <p className="card-meta">
                {c.course}
                <br />
                {formatDate(c.startsOn, i18n.language)} – {formatDate(c.endsOn, i18n.language)} · {t(`cohorts.modes.${c.mode}`)}
                {c.venue ? ` · ${c.venue}` : ""}
              </p>
              <p>
                {c.capacity === null
                  ? t("cohorts.participantsCount", { count: c.members })
                  : t("cohorts.participantsOf", { count: c.members, capacity: c.capacity })}
                {c.role ? ` · ${t(`cohorts.trainerRoles.${c.role}`)}` : ""}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
