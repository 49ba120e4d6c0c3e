import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Route } from "./+types/trainer-cohort-sheet";
import { notFound } from "#app/auth/guards.server";
import { memberList } from "#app/cohorts/cohorts.server";
import { requireTrainerCohort } from "#app/cohorts/guard.server";
import { getCohortSession } from "#app/cohorts/schedule.server";
import { formatDate, formatDateTime, formatTime, TimesIn } from "#app/components/cohort-ui";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

export function loader({ context, request, params }: Route.LoaderArgs) {
  const { db, cohort } = requireTrainerCohort(context, request, params.id, "view");
  const s = getCohortSession(db, cohort.id, params.session);
  if (!s) notFound();
  return {
    title: `${s.title} · ${cohort.title}`,
    timeZone: cohort.timeZone,
    cohort: { id: cohort.id, title: cohort.title, venue: cohort.venue, startsOn: cohort.startsOn, endsOn: cohort.endsOn },
    session: { id: s.id, title: s.title, startsAt: s.startsAt, endsAt: s.endsAt, place: s.place, facilitator: s.facilitator },
    members: memberList(db, cohort.id).map((m) => ({ id: m.id, name: m.name, organisation: m.organisation })),
  };
}

/** A paper sign-in sheet: one row per participant with a signature column. */
export default function SignInSheet({ loaderData: d }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  return (
    <div className="page sign-in-sheet">
      <p className="no-print breadcrumbs">
        <Link to={`/trainer/cohorts/${d.cohort.id}/attendance/${d.session.id}`}>{t("cohorts.attendance.register")}</Link>
      </p>
      <h1>{t("cohorts.attendance.sheetTitle")}</h1>
      <TimesIn timeZone={d.timeZone} />
      <p>
        <strong>{d.cohort.title}</strong>
        <br />
        {d.session.title} — {formatDateTime(d.session.startsAt, i18n.language, d.timeZone)}–{formatTime(d.session.endsAt, i18n.language, d.timeZone)}
        {d.session.place || d.cohort.venue ? ` · ${d.session.place || d.cohort.venue}` : ""}
        {d.session.facilitator ? ` · ${d.session.facilitator}` : ""}
      </p>
      <p className="no-print muted">
        {formatDate(d.cohort.startsOn, i18n.language)} – {formatDate(d.cohort.endsOn, i18n.language)} · {t("cohorts.attendance.printHelp")}
      </p>
      <table className="sheet-table">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t("auth.name")}</th>
            <th scope="col">{t("auth.organisation")}</th>
            <th scope="col" className="signature">
              {t("cohorts.attendance.signature")}
            </th>
          </tr>
        </thead>
        <tbody>
          {d.members.map((m, i) => (
            <tr key={m.id}>
              <td>{i + 1}</td>
              <td>{m.name}</td>
              <td>{m.organisation}</td>
              <td className="signature" />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
