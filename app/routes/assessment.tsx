import { useTranslation } from "react-i18next";
import { data, Form, Link, redirect } from "react-router";
import type { Route } from "./+types/assessment";
import { requireUser } from "#app/auth/guards.server";
import { pick } from "#app/content/locales";
import { AttemptHistory } from "#app/components/attempt-history";
import { FormAlert } from "#app/components/fields";
import { QuizFeedback, QuizForm, ScoreSummary } from "#app/components/quiz";
import { resolveAssessment } from "#app/content/resolve.server";
import { startAssessmentAttempt, submitAssessmentAttempt } from "#app/learning/achievements.server";
import { getDb } from "#app/db.server";
import { readForm } from "#app/forms.server";
import { attemptHistory, attemptResult } from "#app/learning/quiz-page.server";
import {
  getAttempt,
  openAttempt,
  publicQuestion,
  rulesFor,
  submittedAttempts,
} from "#app/learning/quizzes.server";
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
  const result =
    Number.isInteger(attemptId) && attemptId > 0 ? attemptResult(getAttempt(db, attemptId), user.id, kind, (r) => course.bankByRef.get(r), locale) : null;
  const questions = open
    ? open.questions.flatMap((ref) => {
        const q = course.bankByRef.get(ref);
        return q ? [publicQuestion(ref, q, locale)] : [];
      })
    : [];
  return {
    kind,
    title: t(`quiz.title.${kind}`),
    course: { slug: course.slug, title: pick(course.title, locale).text },
    passMark: rules.passMark,
    maxAttempts: rules.maxAttempts,
    questionCount: course.assessment.questions,
    used: attempts.length,
    canStart: rules.maxAttempts === 0 || attempts.length < rules.maxAttempts,
    open: open ? { id: open.id, questions } : null,
    fallback: questions.some((q) => q.fallback),
    result,
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
  if (form.get("intent") === "start") {
    const started = startAssessmentAttempt(db, { userId: user.id, course, kind });
    if (!started.ok) return data({ error: started.reason === "attempt-limit" ? t("quiz.attemptLimitReached") : t("quiz.noQuestions") }, { status: 400 });
    return redirect(here);
  }
  if (form.get("intent") === "submit") {
    const attemptId = Number(form.get("attemptId"));
    if (!Number.isInteger(attemptId) || attemptId <= 0) return data({ error: t("quiz.noOpenAttempt") }, { status: 400 });
    const { outcome } = submitAssessmentAttempt(db, { userId: user.id, course, kind, attemptId, form, locale: getLocale(context) });
    if (!outcome.ok) return data({ error: t("quiz.noOpenAttempt") }, { status: 400 });
    return redirect(`${here}?attempt=${outcome.attemptId}`);
  }
  return data({ error: t("errors.badRequest") }, { status: 400 });
}

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
      <FormAlert message={actionData?.error} />
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
          <QuizFeedback items={d.result.feedback} />
          <p>
            <Link className="button secondary" to={`/courses/${d.course.slug}`}>
              {t("quiz.backToCourse")}
            </Link>
          </p>
        </section>
      ) : d.open ? (
        <>
          {d.fallback ? <p className="notice">{t("quiz.fallbackNotice")}</p> : null}
          <QuizForm questions={d.open.questions} intent="submit" hidden={{ attemptId: String(d.open.id) }} />
        </>
      ) : d.canStart ? (
        <Form method="post">
          <input type="hidden" name="intent" value="start" />
          <button type="submit" className="button">
            {d.used > 0 ? t("quiz.startAgain") : t("quiz.start")}
          </button>
        </Form>
      ) : (
        <p className="notice">{t("quiz.attemptLimit", { max: d.maxAttempts })}</p>
      )}
      <AttemptHistory attempts={d.history} hrefFor={(id) => `${here}?attempt=${id}`} />
    </div>
  );
}
