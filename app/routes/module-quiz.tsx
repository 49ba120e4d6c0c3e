import { useTranslation } from "react-i18next";
import { Link, redirect } from "react-router";
import type { Route } from "./+types/module-quiz";
import { requireUser } from "#app/auth/guards.server";
import { pick } from "#app/content/locales";
import { AttemptHistory } from "#app/components/attempt-history";
import { FormAlert } from "#app/components/fields";
import { QuizFeedback, QuizForm, RevealNotice, ScoreSummary, type QuizRedraw } from "#app/components/quiz";
import { resolveModuleQuiz } from "#app/content/resolve.server";
import { nextStep } from "#app/content/present.server";
import { courseProgress } from "#app/learning/progress.server";
import { assertModuleOpen } from "#app/cohorts/schedule.server";
import { getDb } from "#app/db.server";
import { invalid, readForm } from "#app/forms.server";
import { submitModuleQuiz } from "#app/learning/achievements.server";
import { givenFromForm } from "#app/learning/grading";
import { attemptHistory } from "#app/learning/quiz-page.server";
import {
  attemptQuestions,
  attemptResultFor,
  getAttempt,
  MODULE_QUIZ_REVEAL_AFTER,
  rulesFor,
  startModuleQuiz,
  submittedAttempts,
} from "#app/learning/quizzes.server";
import { getInstance, getLocale } from "#app/middleware/i18next.server";
import { clientAttemptIdFrom } from "#app/offline/client-id";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data ? `${data.title} · SHP Campus` : "SHP Campus" }];

export function loader({ params, context, request }: Route.LoaderArgs) {
  const { course, module, quiz } = resolveModuleQuiz(params);
  const user = requireUser(context, request);
  assertModuleOpen(getDb(), user, course.slug, module.slug);
  const locale = getLocale(context);
  const t = getInstance(context).t;
  const db = getDb();
  const rules = rulesFor(course, quiz);
  const attempts = submittedAttempts(db, user.id, course.slug, quiz.key);
  const attemptId = Number(new URL(request.url).searchParams.get("attempt"));
  // What the result may show is decided here: keys and explanations are sent only once revealed.
  const result = attemptResultFor(db, { userId: user.id, course, quizKey: quiz.key, attemptId, locale });
  const canAttempt = rules.maxAttempts === 0 || attempts.length < rules.maxAttempts;
  // Opening the quiz draws the attempt (or resumes the open one): questions and options in a new order.
  let open: { id: number; questions: ReturnType<typeof attemptQuestions> } | null = null;
  if (!result && canAttempt) {
    const started = startModuleQuiz(db, { userId: user.id, course, quiz });
    const attempt = started.ok ? getAttempt(db, started.attemptId) : undefined;
    if (attempt) open = { id: attempt.id, questions: attemptQuestions(attempt, (r) => quiz.byRef.get(r), locale) };
  }
  const moduleTitle = pick(module.title, locale).text;
  // After a pass: the next module's first lesson, or the final after the last module.
  const quizzes = courseProgress(db, user.id, course).quizzes;
  const step = nextStep(course, { afterModuleQuizOf: module.slug }, (k) => quizzes.get(k)?.passed ?? false);
  return {
    title: t("quiz.title.module", { module: moduleTitle }),
    course: { slug: course.slug, title: pick(course.title, locale).text },
    moduleTitle,
    passMark: rules.passMark,
    maxAttempts: rules.maxAttempts,
    revealAfter: quiz.revealAfterAttempts ?? MODULE_QUIZ_REVEAL_AFTER,
    used: attempts.length,
    canAttempt,
    open,
    fallback: open?.questions.some((q) => q.fallback) ?? false,
    result,
    history: attemptHistory(attempts),
    nextHref: step?.href ?? null,
    nextIsFinal: step?.kind === "final",
  };
}

export async function action({ params, context, request }: Route.ActionArgs) {
  const user = requireUser(context, request);
  const { course, module, quiz } = resolveModuleQuiz(params);
  assertModuleOpen(getDb(), user, course.slug, module.slug);
  const form = await readForm(request);
  const t = getInstance(context).t;
  const clientAttemptId = clientAttemptIdFrom(form);
  if (clientAttemptId === undefined) return invalid({ formError: t("errors.badRequest") });
  const { outcome } = submitModuleQuiz(getDb(), { userId: user.id, course, quiz, form, locale: getLocale(context), clientAttemptId });
  if (!outcome.ok) {
    if (outcome.reason === "unanswered")
      return invalid<QuizRedraw>({
        formError: t("quiz.unanswered", { count: outcome.unanswered.length, numbers: outcome.unanswered.join(", ") }),
        result: { given: givenFromForm(form, quiz.refs.length) },
      });
    return invalid({ formError: outcome.reason === "attempt-limit" ? t("quiz.attemptLimitReached") : t("quiz.noOpenAttempt") });
  }
  return redirect(`/courses/${course.slug}/${params.module}/quiz?attempt=${outcome.attemptId}`);
}

export default function ModuleQuiz({ loaderData, actionData, params }: Route.ComponentProps) {
  const { t } = useTranslation();
  const d = loaderData;
  const here = `/courses/${params.course}/${params.module}/quiz`;
  return (
    <div className="page narrow">
      <p className="breadcrumbs">
        <Link to={`/courses/${d.course.slug}`}>{d.course.title}</Link>
      </p>
      <h1>{d.title}</h1>
      <p className="muted">
        {d.maxAttempts > 0 ? t("course.attemptsUsed", { used: d.used, max: d.maxAttempts }) : t("course.attemptsUnlimited", { used: d.used })} ·{" "}
        {t("quiz.passMark", { passMark: d.passMark })}
      </p>
      {d.fallback ? <p className="notice">{t("quiz.fallbackNotice")}</p> : null}
      {d.result ? (
        <section aria-labelledby="result-h">
          <h2 id="result-h">{t("quiz.resultTitle")}</h2>
          <ScoreSummary score={d.result.score} max={d.result.max} percent={d.result.percent} passed={d.result.passed} passMark={d.passMark} />
          <RevealNotice reveal={d.result.reveal} kind="module" revealAfter={d.revealAfter} />
          <QuizFeedback items={d.result.feedback} />
          <p className="actions">
            {d.canAttempt ? (
              <Link className="button secondary" to={here}>
                {t("quiz.startAgain")}
              </Link>
            ) : null}
            {d.nextHref && d.result.passed ? (
              <Link className="button" to={d.nextHref}>
                {d.nextIsFinal ? t("lesson.takeFinal") : t("lesson.next")} →
              </Link>
            ) : (
              <Link className="button secondary" to={`/courses/${d.course.slug}`}>
                {t("quiz.backToCourse")}
              </Link>
            )}
          </p>
        </section>
      ) : d.open ? (
        <>
          <FormAlert message={actionData?.formError} />
          <QuizForm questions={d.open.questions} intent="submit" hidden={{ attemptId: String(d.open.id) }} given={actionData?.result?.given} />
        </>
      ) : (
        <p className="notice">{t("quiz.attemptLimit", { max: d.maxAttempts })}</p>
      )}
      <AttemptHistory attempts={d.history} hrefFor={(id) => `${here}?attempt=${id}`} />
    </div>
  );
}
