import { useTranslation } from "react-i18next";
import { zoneLabel } from "#app/i18n/datetime";
import { Form, Link, redirect } from "react-router";
import type { Route } from "./+types/trainer-cohort-register";
import { notFound } from "#app/auth/guards.server";
import { memberList } from "#app/cohorts/cohorts.server";
import { saveSessionRegister } from "#app/learning/achievements.server";
import { requireTrainerCohort } from "#app/cohorts/guard.server";
import { readForm } from "#app/forms.server";
import { getCohortSession, sessionAttendance } from "#app/cohorts/schedule.server";
import { formatDateTime } from "#app/components/cohort-ui";
import { FormAlert } from "#app/components/fields";
import { ATTENDANCE_STATUSES } from "#app/vocabulary";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

export function loader({ context, request, params }: Route.LoaderArgs) {
  const { db, cohort } = requireTrainerCohort(context, request, params.id, "view");
  const s = getCohortSession(db, cohort.id, params.session);
  if (!s) notFound();
  const marks = sessionAttendance(db, s.id);
  const url = new URL(request.url);
  const saved = url.searchParams.get("saved");
  return {
    title: `${s.title} · ${cohort.title}`,
    cohortId: cohort.id,
    timeZone: cohort.timeZone,
    session: { id: s.id, title: s.title, startsAt: s.startsAt },
    members: memberList(db, cohort.id).map((m) => ({
      id: m.id,
      name: m.name,
      organisation: m.organisation,
      status: marks.get(m.id)?.status ?? null,
      self: marks.get(m.id)?.method === "self",
    })),
    saved: saved === null ? null : Number(saved) || 0,
    notYet: Math.max(0, Math.min(10_000, Number(url.searchParams.get("notYet")) || 0)),
    // Presence and absence only once the session has started; an excused absence may be recorded ahead.
    started: Date.now() >= s.startsAt,
  };
}

export async function action({ context, request, params }: Route.ActionArgs) {
  const { db, cohort, user } = requireTrainerCohort(context, request, params.id, "manage");
  const s = getCohortSession(db, cohort.id, params.session);
  if (!s) notFound();
  let form = await readForm(request);
  if (form.get("intent") === "all-present") {
    // "Mark everyone present" (no JavaScript needed): everyone without a mark yet becomes present;
    // marks already recorded (an absence, an excuse, a self check-in) are kept. Then the trainer adjusts.
    const marks = sessionAttendance(db, s.id);
    form = new FormData();
    for (const m of memberList(db, cohort.id)) if (!marks.has(m.id)) form.set(`status-${m.id}`, "present");
  }
  // Attendance can complete a certificate: the use case settles every member in the same transaction.
  const { result: out } = saveSessionRegister(db, { markedBy: user.id, cohortId: cohort.id, courseSlug: cohort.courseSlug, sessionId: s.id, form });
  return redirect(`/trainer/cohorts/${cohort.id}/attendance/${s.id}?saved=${out.saved}${out.notYet ? `&notYet=${out.notYet}` : ""}`);
}

export default function Register({ loaderData: d }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <h1>
        {t("cohorts.attendance.register")}: {d.session.title}
      </h1>
      <p className="muted">
        {formatDateTime(d.session.startsAt, i18n.language, d.timeZone)} ({zoneLabel(d.timeZone, d.session.startsAt)})
      </p>
      <FormAlert tone="success" message={d.saved !== null ? t("cohorts.attendance.saved", { count: d.saved }) : null} />
      <FormAlert message={d.notYet > 0 ? t("cohorts.attendance.notYet", { count: d.notYet }) : null} />
      {d.started ? null : <p className="notice">{t("cohorts.attendance.notStarted")}</p>}
      <p>
        <Link to={`/trainer/cohorts/${d.cohortId}/attendance/${d.session.id}/sheet`}>{t("cohorts.attendance.sheet")}</Link>
      </p>
      {d.members.length === 0 ? (
        <p>{t("cohorts.participants.none")}</p>
      ) : (
        <>
          {d.started ? (
            <Form method="post" className="mark-all">
              <input type="hidden" name="intent" value="all-present" />
              <button type="submit" className="button secondary">
                {t("cohorts.attendance.markAllPresent")}
              </button>
              <p className="hint">{t("cohorts.attendance.markAllHelp")}</p>
            </Form>
          ) : null}
          <Form method="post" className="register">
            <ol className="register-list">
              {d.members.map((m) => (
                <li key={m.id}>
                  <fieldset>
                    <legend>
                      {m.name}
                      {m.self ? <span className="badge">{t("cohorts.attendance.selfCheckedIn")}</span> : null}
                    </legend>
                    <div className="register-choices">
                      {ATTENDANCE_STATUSES.map((st) => (
                        <label key={st} className={`choice status-${st}`}>
                          <input type="radio" name={`status-${m.id}`} value={st} defaultChecked={m.status === st} disabled={!d.started && st !== "excused"} />
                          <span>{t(`cohorts.attendance.statuses.${st}`)}</span>
                        </label>
                      ))}
                    </div>
                  </fieldset>
                </li>
              ))}
            </ol>
            <div className="sticky-save-bar">
              <button type="submit" className="button sticky-save">
                {t("cohorts.attendance.save")}
              </button>
            </div>
          </Form>
        </>
      )}
    </>
  );
}
