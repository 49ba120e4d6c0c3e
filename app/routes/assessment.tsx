import { useTranslation } from "react-i18next";
import { Form, Link, redirect } from "react-router";
import type { Route } from "./+types/assessment";
import { requireUser } from "#app/auth/guards.server";
import { pick } from "#app/content/locales";
import { AttemptHistory } from "#app/components/attempt-history";
import { CertificatePanel } from "#app/components/certificate-panel";
import { courseCompletion } from "#app/certificates/progress.server";
import { FormAlert } from "#app/components/fields";
import { QuizFeedback, QuizForm, RevealNotice, ScoreSummary, type QuizRedraw } from "#app/components/quiz";
import { resolveAssessment } from "#app/content/resolve.server";
import { startAssessmentAttempt, submitAssessmentAttempt } from "#app/learning/achievements.server";
import { getDb } from "#app/db.server";
import { invalid, readForm } from "#app/forms.server";
import { lessonHref } from "#app/content/present.server";
import { givenFromForm } from "#app/learning/grading";
import { attemptHistory } from "#app/learning/quiz-page.server";
import { pretestStatus, skipPretest } from "#app/learning/progress.server";
import { attemptQuestions, attemptResultFor, openAttempt, rulesFor, submittedAttempts } from "#app/learning/quizzes.server";
import { getInstance, getLocale } from "#app/middleware/i18next.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data ? `${data.title} · SHP Campus` : "SHP Campus" }];

export function loader({ params, context, request }: Route.LoaderArgs) {
  const { course, kind } = resolveAssessment(params);
  const user = requireUser(context, request);
  const locale = getLocale(context);
  const t = getInstance(context).t;
  const db = getDb();
  const rules = rulesFor(course, null, kind);
  const attempts = submittedAttempts(db, user.id, course.slug, kind);
  const open = openAttempt(db, user.id, course.slug, kind);
  const attemptId = Number(new URL(request.url).searchParams.get("attempt"));
  // What the result may show (score only, verdicts, or keys) is decided here: nothing more is sent.
  const result = attemptResultFor(db, { userId: user.id, course, quizKey: kind, attemptId, locale });
  const pretest = kind === "pretest" ? pretestStatus(db, user.id, course) : null;
  const pretestOpen = pretest === null || pretest === "open" || pretest === "in-progress";
  const questions = open && pretestOpen ? attemptQuestions(open, (r) => course.bankByRef.get(r), locale) : [];
  return {
    kind,
    title: t(`quiz.title.${kind}`),
    course: { slug: course.slug, title: pick(course.title, locale).text },
    passMark: rules.passMark,
    maxAttempts: rules.maxAttempts,
    questionCount: course.assessment.questions,
    used: attempts.length,
    canStart: pretestOpen && (rules.maxAttempts === 0 || attempts.length < rules.maxAttempts),
    /** Pre-test only: where the learner stands ("open", "taken", "skipped", "lesson", "final", …). */
    pretest,
    firstLessonHref: course.lessons[0] ? lessonHref(course, course.lessons[0]) : null,
    open: open && pretestOpen ? { id: open.id, questions } : null,
    fallback: questions.some((q) => q.fallback),
    result,
    // A passed final says what it earned: the certificate (issued in the same request) or what is still missing.
    certificate: kind === "final" && result?.passed ? courseCompletion(db, user.id, course).panel : null,
    history: attemptHistory(attempts),
  };
}

export async function action({ params, context, request }: Route.ActionArgs) {
  const user = requireUser(context, request);
  const { course, kind } = resolveAssessment(params);
  const form = await readForm(request);
  const db = getDb();
  const t = getInstance(context).t;
  const here = `/courses/${course.slug}/assessment/${kind}`;
  const intent = form.get("intent");
  if (intent === "start") {
    const started = startAssessmentAttempt(db, { userId: user.id, course, kind });
    if (!started.ok)
      return invalid({
        formError:
          started.reason === "attempt-limit"
            ? t("quiz.attemptLimitReached")
            : started.reason === "pretest-closed"
              ? t("quiz.pretestClosed")
              : t("quiz.noQuestions"),
      });
    return redirect(here);
  }
  if (intent === "skip" && kind === "pretest") {
    const skipped = skipPretest(db, { userId: user.id, course });
    if (!skipped.ok)
      return invalid({
        formError:
          skipped.reason === "pretest-taken" ? t("quiz.pretestTaken") : skipped.reason === "no-pretest" ? t("quiz.noQuestions") : t("quiz.pretestClosed"),
      });
    const first = course.lessons[0];
    return redirect(first ? lessonHref(course, first) : `/courses/${course.slug}`);
  }
  if (intent === "submit") {
    const attemptId = Number(form.get("attemptId"));
    if (!Number.isInteger(attemptId) || attemptId <= 0) return invalid({ formError: t("quiz.noOpenAttempt") });
    const { outcome } = submitAssessmentAttempt(db, { userId: user.id, course, kind, attemptId, form, locale: getLocale(context) });
    if (!outcome.ok) {
      if (outcome.reason === "unanswered")
        return invalid<QuizRedraw>({
          formError: t("quiz.unanswered", { count: outcome.unanswered.length, numbers: outcome.unanswered.join(", ") }),
          result: { given: givenFromForm(form, MAX_FIELDS) },
        });
      return invalid({ formError: outcome.reason === "pretest-closed" ? t("quiz.pretestClosed") : t("quiz.noOpenAttempt") });
    }
    return redirect(`${here}?attempt=${outcome.attemptId}`);
  }
  return invalid({ formError: t("errors.badRequest") });
}

/** Form fields q0…q(MAX_FIELDS-1) are read back for a refused submission (assessments draw at most 100). */
const MAX_FIELDS = 100;

export default function Assessment({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const d = loaderData;
  const here = `/courses/${d.course.slug}/assessment/${d.kind}`;
  return (
    <div className="page narrow">
      <p className="breadcrumbs">
        <Link to={`/courses/${d.course.slug}`}>{d.course.title}</Link>
      </p>
      <h1>{d.title}</h1>
      <p className="muted">
        {d.kind === "pretest" ? t("course.pretestHelp") : t("course.finalHelp", { questions: d.questionCount, passMark: d.passMark })}{" "}
        {d.maxAttempts > 0 ? t("course.attemptsUsed", { used: d.used, max: d.maxAttempts }) : t("course.attemptsUnlimited", { used: d.used })}
      </p>
      <FormAlert message={actionData?.formError} />
      {d.result ? (
        <section aria-labelledby="result-h">
          <h2 id="result-h">{t("quiz.resultTitle")}</h2>
          {d.kind === "pretest" ? (
            <p className="result" role="status">
              {t("quiz.pretestDone", { score: d.result.score, max: d.result.max, percent: d.result.percent })}
            </p>
          ) : (
            <ScoreSummary score={d.result.score} max={d.result.max} percent={d.result.percent} passed={d.result.passed} passMark={d.passMark} />
          )}
          {d.certificate ? (
            <p className="alert alert-success" role="status">
              {d.certificate.certificate ? t("quiz.finalPassedIssued") : t("quiz.finalPassedMissing")}
            </p>
          ) : null}
          {d.certificate ? <CertificatePanel {...d.certificate} /> : null}
          <RevealNotice reveal={d.result.reveal} kind={d.kind} />
          {d.result.reveal === "score" ? null : <QuizFeedback items={d.result.feedback} />}
          <p>
            <Link className="button secondary" to={`/courses/${d.course.slug}`}>
              {t("quiz.backToCourse")}
            </Link>
          </p>
        </section>
      ) : d.open ? (
        <>
          {d.fallback ? <p className="notice">{t("quiz.fallbackNotice")}</p> : null}
          <QuizForm questions={d.open.questions} intent="submit" hidden={{ attemptId: String(d.open.id) }} given={actionData?.result?.given} />
        </>
      ) : d.canStart ? (
        <div className="actions">
          <Form method="post">
            <input type="hidden" name="intent" value="start" />
            <button type="submit" className="button">
              {d.used > 0 ? t("quiz.startAgain") : t("quiz.start")}
            </button>
          </Form>
          {d.pretest === "open" ? (
            <Form method="post">
              <input type="hidden" name="intent" value="skip" />
              <p className="muted">{t("quiz.skipHelp")}</p>
              <button type="submit" className="button secondary">
                {t("quiz.skip")}
              </button>
            </Form>
          ) : null}
        </div>
      ) : d.pretest && d.pretest !== "taken" ? (
        <>
          <p className="notice">{t(`quiz.pretestStatus.${d.pretest}`)}</p>
          {d.firstLessonHref ? (
            <p>
              <Link className="button" to={`/courses/${d.course.slug}`}>
                {t("quiz.backToCourse")}
              </Link>
            </p>
          ) : null}
        </>
      ) : d.pretest === "taken" ? (
        <p className="notice">{t("quiz.pretestTaken")}</p>
      ) : (
        <p className="notice">{t("quiz.attemptLimit", { max: d.maxAttempts })}</p>
      )}
      <AttemptHistory attempts={d.history} hrefFor={(id) => `${here}?attempt=${id}`} />
    </div>
  );
}
