import { useTranslation } from "react-i18next";
import { data, Link } from "react-router";
import type { Route } from "./+types/me-workshop";
import { requireUser } from "#app/auth/guards.server";
import { workshopAccess, participantWorkshop } from "#app/cohorts/workshop.server";
import { AnnouncementList, formatDate, formatDateTime, formatTime, TimesIn } from "#app/components/cohort-ui";
import { getDb } from "#app/db.server";
import { env } from "#app/env.server";
import { cohortRequestsFor } from "#app/evaluation/evaluation.server";
import { formatDay, formatInstant } from "#app/i18n/datetime";
import { getLocale } from "#app/middleware/i18next.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.pageTitle }];

/** A workshop's page for its participants (and its trainers and admins): 403 for anyone else. */
export function loader({ context, request, params }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const db = getDb();
  const access = workshopAccess(db, user, params.id);
  if (!access.ok) throw data({ error: access.status === 404 ? "not-found" : "forbidden" }, { status: access.status });
  const locale = getLocale(context);
  const workshop = participantWorkshop(db, user, access.cohort, access.viewer, locale);
  // The participant's own questionnaires for this workshop: open, answered (the day), or opening later.
  const evaluations =
    access.viewer === "member"
      ? cohortRequestsFor(db, user.id, access.cohort.id).map((r) => ({
          id: r.id,
          kind: r.kind,
          open: r.open,
          respondedOn: r.respondedOn ? formatDay(r.respondedOn, locale) : null,
          opensOn: formatInstant(r.dueAt, "date", locale, env.TIME_ZONE),
        }))
      : [];
  return data({ pageTitle: `${workshop.title} · SHP Campus`, workshop, evaluations }, { headers: { "Cache-Control": "private, no-store" } });
}

export const headers: Route.HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export default function MyWorkshop({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const w = loaderData.workshop;
  const lang = i18n.language;
  const calendar = `/me/workshops/${w.id}/calendar.ics`;
  return (
    <div className="page workshop-page">
      <p className="muted">
        <Link to="/me">{t("me.title")}</Link> › {t("workshop.title")}
      </p>
      <h1>{w.title}</h1>
      {w.archived ? <p className="notice">{t("workshop.archived")}</p> : null}
      {w.viewer !== "member" ? <p className="notice">{t("workshop.viewerNote")}</p> : null}
      {w.description ? <p className="lead">{w.description}</p> : null}
      <dl className="facts">
        <dt>{t("workshop.course")}</dt>
        <dd>
          <Link to={`/courses/${w.courseSlug}`}>{w.courseTitle}</Link>
        </dd>
        <dt>{t("workshop.dates")}</dt>
        <dd>
          {formatDate(w.startsOn, lang)} – {formatDate(w.endsOn, lang)}
        </dd>
        <dt>{t("workshop.mode")}</dt>
        <dd>{t(`cohorts.modes.${w.mode}`)}</dd>
        {w.venue ? (
          <>
            <dt>{t("workshop.venue")}</dt>
            <dd>{w.venue}</dd>
          </>
        ) : null}
      </dl>

      <section aria-labelledby="trainers-h">
        <h2 id="trainers-h">{t("workshop.trainers")}</h2>
        <ul className="plain-list">
          {w.trainers.map((tr) => (
            <li key={tr.id}>
              <strong className="name">{tr.name}</strong> ({t(`cohorts.trainerRoles.${tr.role}`)}) ·{" "}
              <a href={`mailto:${tr.email}`} aria-label={t("workshop.contact", { name: tr.name })}>
                {tr.email}
              </a>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="schedule-h">
        <h2 id="schedule-h">{t("workshop.schedule")}</h2>
        <TimesIn timeZone={w.timeZone} />
        {w.sessions.length === 0 ? (
          <p className="muted">{t("workshop.noSessions")}</p>
        ) : (
          <>
            <p>
              <a className="button secondary" href={calendar} download>
                {t("workshop.addAll")}
              </a>
            </p>
            <ol className="session-list">
              {w.sessions.map((s) => (
                <li key={s.id} className="session-card" data-session={s.id}>
                  <h3 className="session-title">{s.title}</h3>
                  <p className="session-when">
                    {formatDateTime(s.startsAt, lang, w.timeZone)} – {formatTime(s.endsAt, lang, w.timeZone)}
                  </p>
                  {s.place || w.venue ? (
                    <p>
                      {t("workshop.place")}: {s.place || w.venue}
                    </p>
                  ) : null}
                  {s.onlineUrl ? (
                    <p className="break">
                      {t("workshop.online")}: <a href={s.onlineUrl}>{s.onlineUrl}</a>
                    </p>
                  ) : null}
                  {s.facilitator ? (
                    <p>
                      {t("workshop.facilitator")}: {s.facilitator}
                    </p>
                  ) : null}
                  {w.viewer === "member" ? (
                    <p className="session-mine">
                      {t("workshop.myAttendance")}:{" "}
                      <strong>{s.mine ? t(`cohorts.attendance.statuses.${s.mine}`) : s.started ? t("workshop.notRecorded") : t("workshop.notHeldYet")}</strong>
                    </p>
                  ) : null}
                  <p>
                    <a href={`${calendar}?session=${encodeURIComponent(s.id)}`} download aria-label={t("workshop.addSessionNamed", { title: s.title })}>
                      {t("workshop.addSession")}
                    </a>
                  </p>
                </li>
              ))}
            </ol>
          </>
        )}
      </section>

      <section className="panel" aria-labelledby="rules-h">
        <h2 id="rules-h">{t("workshop.rules")}</h2>
        {w.completion ? (
          w.completion.rules.length === 0 ? (
            <p>{t("cohorts.rules.none")}</p>
          ) : (
            <ul className="rule-list">
              {w.completion.rules.map((r) => (
                <li key={r.rule} className={r.met ? "done" : undefined} data-rule={r.rule}>
                  <span aria-hidden="true">{r.met ? "✓ " : "○ "}</span>
                  {t(`certificates.rules.cohort-${r.rule}`, r.detail)}{" "}
                  <span className={r.met ? "badge" : "badge pending"}>{r.met ? t("workshop.met") : t("workshop.stillNeeded")}</span>
                </li>
              ))}
            </ul>
          )
        ) : (
          <ul>
            {w.rules.allModules ? <li>{t("cohorts.rules.allModules")}</li> : null}
            {w.rules.finalPass ? <li>{t("cohorts.rules.finalPass")}</li> : null}
            {w.rules.minAttendancePercent !== null ? <li>{t("cohorts.rules.minAttendance", { percent: w.rules.minAttendancePercent })}</li> : null}
            {w.rules.evaluationSubmitted ? <li>{t("cohorts.rules.evaluationSubmitted")}</li> : null}
            {!w.rules.allModules && !w.rules.finalPass && w.rules.minAttendancePercent === null && !w.rules.evaluationSubmitted ? (
              <li>{t("cohorts.rules.none")}</li>
            ) : null}
          </ul>
        )}
        {w.viewer === "member" ? (
          w.certificate ? (
            <p>
              <strong>{t("workshop.certificateIssued")}</strong>{" "}
              <Link className="button" to={`/verify/${w.certificate.code}`}>
                {t("certificates.viewCertificate")}
              </Link>{" "}
              <a href={`/certificates/${w.certificate.code}.pdf`} className="button secondary" download>
                {t("certificates.downloadPdf")}
              </a>
            </p>
          ) : (
            <p className="muted">{t("workshop.certificateNone")}</p>
          )
        ) : null}
      </section>

      {loaderData.evaluations.length > 0 ? (
        <section className="panel" aria-labelledby="evaluation-h" data-testid="workshop-evaluation">
          <h2 id="evaluation-h">{t("evaluation.workshopTitle")}</h2>
          <ul className="stack">
            {loaderData.evaluations.map((e) => (
              <li key={e.id}>
                <strong>{t(`evaluation.kinds.${e.kind}`)}</strong>:{" "}
                {e.respondedOn ? (
                  t("evaluation.answeredOn", { day: e.respondedOn })
                ) : e.open ? (
                  <a href={`/me/evaluations/${e.id}`} className="button">
                    {t(`evaluation.answer.${e.kind}`)}
                  </a>
                ) : (
                  t("evaluation.opensOn", { day: e.opensOn })
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="ann-h">
        <h2 id="ann-h">{t("cohorts.announcements.title")}</h2>
        <AnnouncementList items={w.announcements} />
      </section>
    </div>
  );
}
