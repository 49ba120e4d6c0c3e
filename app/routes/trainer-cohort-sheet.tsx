import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Route } from "./+types/trainer-cohort-sheet";
import { notFound } from "#app/auth/guards.server";
import { memberList } from "#app/cohorts/cohorts.server";
import { requireTrainerCohort } from "#app/cohorts/guard.server";
import { getCohortSession } from "#app/cohorts/schedule.server";
import { formatDate, formatDateTime, formatTime, TimesIn } from "#app/components/cohort-ui";
import { instanceFor } from "#app/middleware/i18next.server";
import { SEXES } from "#db/schema";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

/** Blank rows at the foot of the sheet for people who come without having joined. */
const WALK_IN_ROWS = 8;

export function loader({ context, request, params }: Route.LoaderArgs) {
  const { db, cohort } = requireTrainerCohort(context, request, params.id, "view");
  const s = getCohortSession(db, cohort.id, params.session);
  if (!s) notFound();
  // The sheet is printed for the room, so it speaks the workshop's language, whatever the trainer's screen does.
  const t = instanceFor(cohort.locale).t;
  return {
    locale: cohort.locale,
    walkIns: WALK_IN_ROWS,
    labels: {
      title: t("cohorts.attendance.sheetTitle"),
      name: t("auth.name"),
      organisation: t("auth.organisation"),
      sex: t("auth.sex"),
      signature: t("cohorts.attendance.signature"),
      walkIns: t("cohorts.attendance.walkIns"),
    },
    sexes: Object.fromEntries(SEXES.map((x) => [x, t(`auth.sexes.${x}`)])),
    title: `${s.title} · ${cohort.title}`,
    timeZone: cohort.timeZone,
    cohort: { id: cohort.id, title: cohort.title, venue: cohort.venue, startsOn: cohort.startsOn, endsOn: cohort.endsOn },
    session: { id: s.id, title: s.title, startsAt: s.startsAt, endsAt: s.endsAt, place: s.place, facilitator: s.facilitator },
    members: memberList(db, cohort.id).map((m) => ({ id: m.id, name: m.name, organisation: m.organisation, sex: m.sex })),
  };
}

/** A paper sign-in sheet in the workshop's language: one row per participant, sex, signature, blank rows for walk-ins. */
export default function SignInSheet({ loaderData: d }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const L = d.labels;
  return (
    <div className="page sign-in-sheet">
      <p className="no-print breadcrumbs">
        <Link to={`/trainer/cohorts/${d.cohort.id}/attendance/${d.session.id}`}>{t("cohorts.attendance.register")}</Link>
      </p>
      <p className="no-print">
        <button type="button" className="button" onClick={() => window.print()}>
          {t("cohorts.attendance.print")}
        </button>{" "}
        <span className="muted">
          {formatDate(d.cohort.startsOn, i18n.language)} – {formatDate(d.cohort.endsOn, i18n.language)} · {t("cohorts.attendance.printHelp")}
        </span>
      </p>
      <div lang={d.locale} className="sheet-body">
        <h1>{L.title}</h1>
        <TimesIn timeZone={d.timeZone} />
        <p>
          <strong>{d.cohort.title}</strong>
          <br />
          {d.session.title} — {formatDateTime(d.session.startsAt, d.locale, d.timeZone)}–{formatTime(d.session.endsAt, d.locale, d.timeZone)}
          {d.session.place || d.cohort.venue ? ` · ${d.session.place || d.cohort.venue}` : ""}
          {d.session.facilitator ? ` · ${d.session.facilitator}` : ""}
        </p>
        <table className="sheet-table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col" className="name">
                {L.name}
              </th>
              <th scope="col">{L.organisation}</th>
              <th scope="col">{L.sex}</th>
              <th scope="col" className="signature">
                {L.signature}
              </th>
            </tr>
          </thead>
          <tbody>
            {d.members.map((m, i) => (
              <tr key={m.id}>
                <td>{i + 1}</td>
                <td className="name">{m.name}</td>
                <td>{m.organisation}</td>
                <td>{d.sexes[m.sex]}</td>
                <td className="signature" />
              </tr>
            ))}
            {Array.from({ length: d.walkIns }, (_, i) => (
              <tr key={`walk-in-${i}`} className="walk-in" aria-label={i === 0 ? L.walkIns : undefined}>
                <td>{d.members.length + i + 1}</td>
                <td className="name" />
                <td />
                <td />
                <td className="signature" />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
