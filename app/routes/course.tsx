import { useTranslation } from "react-i18next";
import { Form, Link, redirect } from "react-router";
import type { Route } from "./+types/course";
import { estimateOfflineBytes, formatMegabytes } from "#app/offline/offline.server";
import { getUser, notFound, requireUser } from "#app/auth/guards.server";
import { findCourse } from "#app/content/content.server";
import { LOCALE_NAMES, pick, type Locale } from "#app/content/locales";
import { courseCard, lessonHref, lessonTitle } from "#app/content/present.server";
import { coursePageCohort } from "#app/cohorts/learner.server";
import { AnnouncementList, formatDate } from "#app/components/cohort-ui";
import { ProgressBar } from "#app/components/progress-bar";
import { courseCompletion } from "#app/certificates/progress.server";
import { CertificatePanel } from "#app/components/certificate-panel";
import { EvaluationInvites } from "#app/components/evaluation-form";
import { openRequestsFor } from "#app/evaluation/evaluation.server";
import { getDb } from "#app/db.server";
import { courseProgress, enrol, pretestStatus } from "#app/learning/progress.server";
import { rulesFor } from "#app/learning/quizzes.server";
import { getLocale } from "#app/middleware/i18next.server";

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data ? `${data.course.title} · SHP Campus` : "SHP Campus" },
  { name: "description", content: data?.course.summary },
];

export function loader({ params, context, request }: Route.LoaderArgs) {
  const course = findCourse(params.course);
  if (!course) notFound();
  const locale = getLocale(context);
  const user = getUser(context);
  const progress = user ? courseProgress(getDb(), user.id, course) : null;
  const pretest = user && progress?.enrolled ? pretestStatus(getDb(), user.id, course) : null;
  const cohort = user ? coursePageCohort(getDb(), user.id, course.slug) : null;
  // A cohort member earns the workshop's certificate under its rules, not the self-paced one; the
  // percentage counts what those rules need.
  const completion = user && progress?.enrolled ? courseCompletion(getDb(), user.id, course) : null;
  const certificate = completion?.panel ?? null;
  // Once the course is completed (a certificate issued), its questionnaires waiting for an answer.
  const evaluations =
    user && certificate?.certificate
      ? openRequestsFor(getDb(), user.id, locale)
          .filter((r) => r.courseSlug === course.slug)
          .map((r) => ({ id: r.id, kind: r.kind, title: r.title }))
      : [];
  const url = new URL(request.url);
  const outcomes = course.outcomes[locale as Locale] ?? course.outcomes.en;
  const translationStatus = course.translations[locale as Locale];
  return {
    course: {
      ...courseCard(course, locale),
      audience: course.audience ? pick(course.audience, locale).text : null,
      outcomes,
      draft: translationStatus === "draft",
      minutes: course.minutes,
      passMark: course.passMark,
      questions: course.assessment.questions,
      hasBank: course.bankByRef.size > 0,
    },
    localeName: LOCALE_NAMES[locale as Locale] ?? locale,
    modules: course.modules.map((m) => ({
      slug: m.slug,
      title: pick(m.title, locale).text,
      summary: pick(m.summary, locale).text,
      lessons: m.lessons.map((l) => ({
        href: lessonHref(course, l),
        title: lessonTitle(l, locale),
        minutes: (l.versions[locale as Locale] ?? l.versions.en).minutes,
        done: progress?.completedLessons.has(l.key) ?? false,
      })),
      quiz: m.quiz ? { href: `/courses/${course.slug}/${m.slug}/quiz`, summary: progress?.quizzes.get(`module:${m.slug}`) ?? null } : null,
      // One module kept offline, its size shown first (docs/decisions/0018).
      offlineSize: user ? formatMegabytes(estimateOfflineBytes(course, locale, undefined, m.slug), locale) : null,
    })),
    progress: progress
      ? {
          enrolled: progress.enrolled,
          percent: completion?.progress.percent ?? 0,
          itemsDone: completion?.progress.done ?? 0,
          itemsTotal: completion?.progress.total ?? 0,
          resumeHref: progress.resume ? lessonHref(course, progress.resume) : null,
          started: progress.lastSeenAt !== null,
          pretest: progress.quizzes.get("pretest") ?? null,
          /** "open" / "in-progress": the pre-test comes first; otherwise taken, skipped or closed. */
          pretestStatus: pretest,
          final: progress.quizzes.get("final") ?? null,
        }
      : null,
    certificate,
    evaluations,
    finalMaxAttempts: rulesFor(course, null, "final").maxAttempts,
    firstLessonHref: course.lessons[0] ? lessonHref(course, course.lessons[0]) : null,
    loggedIn: !!user,
    cohort,
    // Shown before the learner chooses to keep the course offline (docs/decisions/0018).
    offlineSize: user ? formatMegabytes(estimateOfflineBytes(course, locale), locale) : null,
    lockedNotice: url.searchParams.get("locked"),
    joined: url.searchParams.has("joined"),
  };
}

export function action({ params, context, request }: Route.ActionArgs) {
  const user = requireUser(context, request);
  const course = findCourse(params.course);
  if (!course) notFound();
  const db = getDb();
  enrol(db, user.id, course.slug);
  // A course with a pre-test starts with it (or with the choice to skip it), before any lesson.
  const status = pretestStatus(db, user.id, course);
  if (status === "open" || status === "in-progress") return redirect(`/courses/${course.slug}/assessment/pretest`);
  const first = course.lessons[0];
  return redirect(first ? lessonHref(course, first) : `/courses/${course.slug}`);
}

export default function CoursePage({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const { course, modules, progress } = loaderData;
  const base = `/courses/${course.slug}`;
  return (
    <div className="page course-page">
      <p className="breadcrumbs">
        <Link to="/courses">{t("nav.courses")}</Link>
      </p>
      <h1>{course.title}</h1>
      {course.draft ? <p className="notice">{t("course.draftTranslation")}</p> : null}
      <p className="lead">{course.summary}</p>
      <p className="card-meta">
        {t(`catalog.level.${course.level}`)} · {t("catalog.lessons", { count: course.lessonCount })} · {t("catalog.hours", { count: course.hours })}
      </p>

      {loaderData.joined ? (
        <p className="alert alert-success" role="status">
          {t("cohorts.join.joined")}
        </p>
      ) : null}
      {loaderData.lockedNotice && loaderData.cohort?.locked[loaderData.lockedNotice] ? (
        <p className="notice" role="status">
          {t("cohorts.pacing.lockedNotice", { date: formatDate(loaderData.cohort.locked[loaderData.lockedNotice]!, i18n.language) })}
        </p>
      ) : null}
      {loaderData.cohort && loaderData.cohort.workshops.length > 0 ? (
        <ul className="plain-list workshop-links">
          {loaderData.cohort.workshops.map((w) => (
            <li key={w.id}>
              {t("workshop.title")}: <Link to={`/me/workshops/${w.id}`}>{w.title}</Link>
            </li>
          ))}
        </ul>
      ) : null}
      {loaderData.cohort && loaderData.cohort.announcements.length > 0 ? (
        <section aria-labelledby="ann-h">
          <h2 id="ann-h">{t("cohorts.announcements.title")}</h2>
          <AnnouncementList items={loaderData.cohort.announcements} />
        </section>
      ) : null}
      <section className="panel" aria-labelledby="progress-h">
        {progress?.enrolled ? (
          <>
            <h2 id="progress-h">{t("course.progress")}</h2>
            <ProgressBar percent={progress.percent} label={t("course.progressLabel", { percent: progress.percent })} />
            <p className="muted">{t("course.itemsDone", { done: progress.itemsDone, total: progress.itemsTotal })}</p>
            {(progress.pretestStatus === "open" || progress.pretestStatus === "in-progress") && progress.itemsDone === 0 ? (
              <Link className="button" to={`${base}/assessment/pretest`}>
                {t("course.takePretest")}
              </Link>
            ) : progress.resumeHref ? (
              <Link className="button" to={progress.resumeHref}>
                {progress.started ? t("course.continue") : t("course.start")}
              </Link>
            ) : loaderData.firstLessonHref ? (
              <Link className="button secondary" to={loaderData.firstLessonHref}>
                {t("course.review")}
              </Link>
            ) : null}
          </>
        ) : loaderData.loggedIn ? (
          <Form method="post">
            <h2 id="progress-h" className="visually-hidden">
              {t("course.progress")}
            </h2>
            <button type="submit" className="button">
              {t("course.enrol")}
            </button>
          </Form>
        ) : (
          <>
            <h2 id="progress-h" className="visually-hidden">
              {t("course.progress")}
            </h2>
            <Link className="button" to={`/login?redirectTo=${encodeURIComponent(base)}`}>
              {t("course.loginToEnrol")}
            </Link>
          </>
        )}
      </section>

      {loaderData.offlineSize ? (
        <Form method="post" action="/me/offline" reloadDocument className="offline-form">
          <input type="hidden" name="course" value={course.slug} />
          <button type="submit" name="intent" value="store" className="button secondary">
            {t("offline.makeAvailable")}
          </button>
          <span className="muted"> {t("offline.sizeNote", { size: loaderData.offlineSize, language: loaderData.localeName })}</span>
        </Form>
      ) : null}

      {loaderData.certificate ? <CertificatePanel {...loaderData.certificate} /> : null}
      <EvaluationInvites items={loaderData.evaluations} showTitle={false} />

      {course.audience ? (
        <section>
          <h2>{t("course.audience")}</h2>
          <p>{course.audience}</p>
        </section>
      ) : null}
      <section>
        <h2>{t("course.outcomes")}</h2>
        <ul>
          {course.outcomes.map((o) => (
            <li key={o}>{o}</li>
          ))}
        </ul>
      </section>

      {course.hasBank ? (
        <section className="panel">
          <h2>{t("course.assessments")}</h2>
          <div className="assessment-row">
            <div>
              <h3>
                <Link to={`${base}/assessment/pretest`}>{t("course.pretest")}</Link>
              </h3>
              <p className="muted">{t("course.pretestHelp")}</p>
              {progress?.pretest ? (
                <p>{t("course.pretestScore", { percent: progress.pretest.bestPercent ?? 0 })}</p>
              ) : progress?.pretestStatus === "skipped" || progress?.pretestStatus === "lesson" || progress?.pretestStatus === "final" ? (
                <p>{t(`quiz.pretestStatus.${progress.pretestStatus}`)}</p>
              ) : null}
            </div>
            <div>
              <h3>
                <Link to={`${base}/assessment/final`}>{t("course.final")}</Link>
              </h3>
              <p className="muted">{t("course.finalHelp", { questions: course.questions, passMark: course.passMark })}</p>
              {progress?.final ? (
                <p>
                  {progress.final.passed
                    ? t("course.quizPassed", { percent: progress.final.bestPercent })
                    : t("course.quizBest", { percent: progress.final.bestPercent })}
                </p>
              ) : null}
            </div>
          </div>
        </section>
      ) : null}

      <h2>{t("course.modules")}</h2>
      <ol className="modules">
        {modules.map((m) => (
          <li key={m.slug} className="module">
            <h3>{m.title}</h3>
            <p className="muted">{m.summary}</p>
            {loaderData.cohort?.locked[m.slug] ? (
              <p className="notice subtle">{t("cohorts.pacing.opensOn", { date: formatDate(loaderData.cohort.locked[m.slug]!, i18n.language) })}</p>
            ) : null}
            <ol className="lesson-list">
              {m.lessons.map((l) => (
                <li key={l.href} className={l.done ? "done" : undefined}>
                  <Link to={l.href}>{l.title}</Link> <span className="muted">· {t("course.minutes", { count: l.minutes })}</span>
                  {l.done ? <span className="badge">✓ {t("course.lessonDone")}</span> : null}
                </li>
              ))}
              {m.quiz ? (
                <li className={m.quiz.summary?.passed ? "done quiz-item" : "quiz-item"}>
                  <Link to={m.quiz.href}>{t("course.quiz")}</Link>
                  {m.quiz.summary ? (
                    <span className="badge">
                      {m.quiz.summary.passed
                        ? `✓ ${t("course.quizPassed", { percent: m.quiz.summary.bestPercent })}`
                        : t("course.quizBest", { percent: m.quiz.summary.bestPercent })}
                    </span>
                  ) : null}
                </li>
              ) : null}
            </ol>
            {m.offlineSize ? (
              <Form method="post" action="/me/offline" reloadDocument className="offline-form" data-offline-module-form={m.slug}>
                <input type="hidden" name="course" value={course.slug} />
                <input type="hidden" name="module" value={m.slug} />
                <button
                  type="submit"
                  name="intent"
                  value="store"
                  className="link-button"
                  aria-label={t("offline.makeModuleAvailableNamed", { module: m.title })}
                >
                  {t("offline.makeModuleAvailable")}
                </button>
                <span className="muted"> {t("offline.sizeNote", { size: m.offlineSize, language: loaderData.localeName })}</span>
              </Form>
            ) : null}
          </li>
        ))}
      </ol>
    </div>
  );
}
