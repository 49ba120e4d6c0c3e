import { useTranslation } from "react-i18next";
import { Form, Link, redirect } from "react-router";
import type { Route } from "./+types/me";
import { requireUser } from "#app/auth/guards.server";
import { findCourse } from "#app/content/content.server";
import { pick } from "#app/content/locales";
import { finalHref, lessonHref, lessonTitle } from "#app/content/present.server";
import { clientAddress } from "#app/auth/login-session.server";
import { minutesUntil } from "#app/auth/rate-limit.server";
import { dashboardCohorts, joinByCode } from "#app/cohorts/learner.server";
import { answerInvitation, pendingInvitationsFor } from "#app/cohorts/invitations.server";
import { AnnouncementList, formatDate } from "#app/components/cohort-ui";
import { EvaluationInvites } from "#app/components/evaluation-form";
import { FormAlert } from "#app/components/fields";
import { openRequestsFor } from "#app/evaluation/evaluation.server";
import { ProgressBar } from "#app/components/progress-bar";
import { getDb } from "#app/db.server";
import { invalid, readForm } from "#app/forms.server";
import { courseCompletion } from "#app/certificates/progress.server";
import { courseProgress, enrolledCourseSlugs } from "#app/learning/progress.server";
import { getInstance, getLocale } from "#app/middleware/i18next.server";
import { recentResults } from "#app/learning/recent-results.server";
import { env } from "#app/env.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

export function loader({ context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const locale = getLocale(context);
  const db = getDb();
  const courses = enrolledCourseSlugs(db, user.id).flatMap((slug) => {
    const course = findCourse(slug);
    if (!course) return [];
    const p = courseProgress(db, user.id, course);
    const completion = courseCompletion(db, user.id, course);
    const finalPassed = p.quizzes.get("final")?.passed ?? false;
    return [
      {
        slug,
        title: pick(course.title, locale).text,
        // Counted from what the certificate needs, as on the course page.
        percent: completion.progress.percent,
        // Every lesson done: the final comes next (when not passed), then the certificate.
        finalHref: !p.resume && course.bankByRef.size > 0 && !finalPassed ? finalHref(course) : null,
        certificateCode: completion.panel.certificate?.code ?? null,
        resume: p.resume ? { href: lessonHref(course, p.resume), title: lessonTitle(p.resume, locale) } : null,
      },
    ];
  });
  const declined = new URL(request.url).searchParams.get("declined") === "1";
  return {
    title: `${getInstance(context).t("me.title")} · SHP Campus`,
    name: user.name,
    courses,
    invitations: pendingInvitationsFor(db, user.id),
    evaluations: openRequestsFor(db, user.id, locale).map((r) => ({ id: r.id, kind: r.kind, title: r.title })),
    declined,
    results: recentResults(db, { userId: user.id, locale, timeZone: env.TIME_ZONE, t: getInstance(context).t }),
    ...dashboardCohorts(db, user.id),
  };
}

export async function action({ context, request }: Route.ActionArgs) {
  const user = requireUser(context, request);
  const form = await readForm(request);
  const db = getDb();
  const intent = form.get("intent");
  if (intent === "accept" || intent === "decline") {
    const answer = answerInvitation(db, user.id, String(form.get("cohortId") ?? "").slice(0, 64), intent);
    if (!answer.ok) return invalid({ intent: "invitation", formError: getInstance(context).t(`cohorts.invitations.errors.${answer.reason}`) });
    return redirect(answer.status === "accepted" ? `/courses/${answer.courseSlug}?joined=1` : "/me?declined=1");
  }
  const result = joinByCode(db, { userId: user.id, ip: clientAddress(context) }, String(form.get("code") ?? "").slice(0, 32));
  if (!result.ok) {
    if (result.reason === "throttled")
      return invalid({ intent: "join", formError: getInstance(context).t("auth.tooManyAttempts", { minutes: minutesUntil(result.retryAt) }) }, 429);
    return invalid({ intent: "join", formError: getInstance(context).t(`cohorts.join.${result.reason}`) });
  }
  return redirect(`/courses/${result.courseSlug}?joined=1`);
}

export default function Me({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const [first, ...rest] = loaderData.courses;
  return (
    <div className="page">
      <h1>{t("me.title")}</h1>
      <p className="lead">{t("me.welcome", { name: loaderData.name })}</p>
      <FormAlert tone="success" message={loaderData.declined ? t("cohorts.invitations.declinedDone") : null} />
      <FormAlert message={actionData?.intent === "invitation" ? actionData.formError : null} />
      {loaderData.invitations.length > 0 ? (
        <section className="panel notice" aria-labelledby="invitations-h">
          <h2 id="invitations-h">{t("cohorts.invitations.yours")}</h2>
          <ul className="stack">
            {loaderData.invitations.map((i) => (
              <li key={i.cohortId}>
                <p>
                  {t("cohorts.invitations.invitedYou", { trainer: i.invitedBy ?? "—", cohort: i.title })} — {formatDate(i.startsOn, i18n.language)} –{" "}
                  {formatDate(i.endsOn, i18n.language)}
                  {i.venue ? ` · ${i.venue}` : ""}
                </p>
                <p className="hint">{t("cohorts.invitations.whatTrainersSee")}</p>
                <div className="actions">
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="accept" />
                    <input type="hidden" name="cohortId" value={i.cohortId} />
                    <button type="submit" className="button" aria-label={t("cohorts.invitations.acceptNamed", { cohort: i.title })}>
                      {t("cohorts.invitations.accept")}
                    </button>
                  </Form>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="decline" />
                    <input type="hidden" name="cohortId" value={i.cohortId} />
                    <button type="submit" className="button secondary" aria-label={t("cohorts.invitations.declineNamed", { cohort: i.title })}>
                      {t("cohorts.invitations.decline")}
                    </button>
                  </Form>
                </div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <EvaluationInvites items={loaderData.evaluations} />
      <p>
        <Link to="/me/certificates">{t("certificates.mine.link")}</Link>
      </p>
      <p>
        <Link to="/me/privacy">{t("privacy.me.link")}</Link>
      </p>
      {first?.resume ? (
        <section className="panel resume">
          <h2>{t("course.continue")}</h2>
          <p>
            <strong>{first.title}</strong> — {first.resume.title}
          </p>
          <Link className="button" to={first.resume.href}>
            {t("me.continue")}
          </Link>
        </section>
      ) : null}
      {loaderData.courses.length === 0 ? (
        <p>
          {t("me.empty")} <Link to="/courses">{t("me.browse")}</Link>
        </p>
      ) : (
        <ul className="cards">
          {[first!, ...rest].map((c) => (
            <li key={c.slug} className="card">
              <h2 className="card-title">
                <Link to={`/courses/${c.slug}`}>{c.title}</Link>
              </h2>
              <ProgressBar percent={c.percent} label={t("course.progressLabel", { percent: c.percent })} />
              <p>
                {c.resume ? (
                  <Link to={c.resume.href}>{t("me.resumeLesson", { lesson: c.resume.title })}</Link>
                ) : c.finalHref ? (
                  <Link to={c.finalHref}>{t("lesson.takeFinal")}</Link>
                ) : c.certificateCode ? (
                  <Link to={`/verify/${c.certificateCode}`}>{t("certificates.viewCertificate")}</Link>
                ) : (
                  t("me.completedCourse")
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
      {loaderData.results.length > 0 ? (
        <section aria-labelledby="results-h" className="recent-results">
          <h2 id="results-h">{t("me.recentResults")}</h2>
          <ul className="plain-list">
            {loaderData.results.map((r) => (
              <li key={r.id} data-result-attempt={r.id}>
                <Link to={r.href}>{r.title}</Link> <span className="muted">· {r.course}</span>
                <br />
                <span>{r.line}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {loaderData.announcements.length > 0 ? (
        <section aria-labelledby="ann-h">
          <h2 id="ann-h">{t("cohorts.announcements.title")}</h2>
          <AnnouncementList items={loaderData.announcements} />
        </section>
      ) : null}
      <section className="panel" aria-labelledby="cohorts-h">
        <h2 id="cohorts-h">{t("cohorts.me.title")}</h2>
        {loaderData.cohorts.length > 0 ? (
          <ul>
            {loaderData.cohorts.map((c) => (
              <li key={c.id}>
                <Link to={`/me/workshops/${c.id}`}>{c.title}</Link> — {formatDate(c.startsOn, i18n.language)} – {formatDate(c.endsOn, i18n.language)}
                {c.venue ? ` · ${c.venue}` : ""}
              </li>
            ))}
          </ul>
        ) : null}
        <p>
          <Link to="/checkin">{t("cohorts.me.checkin")}</Link>
        </p>
        <FormAlert message={actionData?.intent === "join" ? actionData.formError : null} />
        <Form method="post" className="search-form">
          <label htmlFor="f-join-code">{t("cohorts.me.joinCode")}</label>
          <input id="f-join-code" name="code" type="text" autoComplete="off" autoCapitalize="characters" maxLength={16} required />
          <button type="submit" className="button secondary">
            {t("cohorts.join.button")}
          </button>
        </Form>
      </section>
    </div>
  );
}
