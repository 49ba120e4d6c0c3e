import type { QuizAttempt } from "#db/schema";
import type { Question } from "#app/content/schema";
import { attemptFeedback } from "./quizzes.server";

/** The result block shown after a submitted attempt, only ever for the attempt's owner. */
export function attemptResult(attempt: QuizAttempt | undefined, userId: string, quizKey: string, lookup: (ref: string) => Question | undefined, locale: string) {
  if (!attempt || attempt.userId !== userId || attempt.quizKey !== quizKey || !attempt.submittedAt) return null;
  return {
    id: attempt.id,
    score: attempt.score ?? 0,
    max: attempt.maxScore,
    percent: attempt.percent ?? 0,
    passed: attempt.passed,
    feedback: attemptFeedback(attempt, lookup, locale),
  };
}

export function attemptHistory(attempts: QuizAttempt[]) {
  return attempts.map((a) => ({ id: a.id, percent: a.percent ?? 0, passed: a.passed, at: a.submittedAt ?? a.startedAt }));
}
