import type { QuizAttempt } from "#db/schema";

// The result block of an attempt is attemptResultFor (quizzes.server.ts): it decides what may be shown.

export function attemptHistory(attempts: QuizAttempt[]) {
  return attempts.map((a) => ({ id: a.id, percent: a.percent ?? 0, passed: a.passed, at: a.submittedAt ?? a.startedAt }));
}
