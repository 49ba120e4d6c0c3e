import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Route } from "./+types/trainer-cohort-attendance";
import { countMembers } from "#app/cohorts/cohorts.server";
import { requireTrainerCohort } from "#app/cohorts/guard.server";
import { sessionPresence } from "#app/cohorts/schedule.server";
import { formatDateTime, TimesIn } from "#app/components/cohort-ui";
import { getInstance } from "#app/middleware/i18next.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

export function loader({ context, request, params }: Route.LoaderArgs) {
  const { db, cohort } = requireTrainerCohort(context, request, params.id, "view");
  return {
    title: `${getInstance(context).t("cohorts.tabs.attendance")} · ${cohort.title}`,
    cohortId: cohort.id,
    timeZone: cohort.timeZone,
    members: countMembers(db, cohort.id),
    sessions: sessionPresence(db, cohort.id),
  };
}

export default function Attendance({ loaderData: d }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const base = `/trainer/cohorts/${d.cohortId}`;
  return (
    <>
      <h1>{t("cohorts.tabs.attendance")}</h1>
      <TimesIn timeZone={d.timeZone} />
      {d.sessions.length === 0 ? (
        <p>
          {t("cohorts.schedule.none")} <Link to={`${base}/schedule`}>{t("cohorts.schedule.add")}</Link>
        </p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t("cohorts.schedule.sessionTitle")}</th>
                <th scope="col">{t("cohorts.schedule.when")}</th>
                <th scope="col">{t("cohorts.attendance.present")}</th>
                <th scope="col">{t("cohorts.participants.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {d.sessions.map((s) => (
                <tr key={s.id}>
                  <th scope="row">{s.title}</th>
                  <td>{formatDateTime(s.startsAt, i18n.language, d.timeZone)}</td>
                  <td>
                    {s.present} / {d.members}
                  </td>
                  <td>
                    <Link to={`${base}/attendance/${s.id}`}>{t("cohorts.attendance.register")}</Link> ·{" "}
                    <Link to={`${base}/attendance/${s.id}/sheet`}>{t("cohorts.attendance.sheet")}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
