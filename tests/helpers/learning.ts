import type { Course } from "#app/content/catalog.server";
import type { Question } from "#app/content/schema";
import { getAttempt, startAssessment, submitAssessment } from "#app/learning/quizzes.server";
import type { Db } from "#db/client";

/** The form a learner who knows every answer would post for these questions. */
export function correctForm(refs: string[], lookup: (ref: string) => Question | undefined): FormData {
  const form = new FormData();
  refs.forEach((ref, i) => {
    const q = lookup(ref);
    if (!q) return;
    const values = q.type === "multiple" ? q.correct : [String(q.correct)];
    for (const v of values) form.append(`q${i}`, v);
  });
  return form;
}

/** Takes the course's final assessment through the real start → submit path; passes or fails on purpose. */
export function takeFinal(db: Db, userId: string, course: Course, pass: boolean) {
  const started = startAssessment(db, { userId, course, kind: "final" });
  if (!started.ok) throw new Error(`cannot start the final: ${started.reason}`);
  const attempt = getAttempt(db, started.attemptId)!;
  const form = pass ? correctForm(attempt.questions, (r) => course.bankByRef.get(r)) : new FormData();
  return submitAssessment(db, { userId, course, kind: "final", attemptId: started.attemptId, form, locale: "en" });
}
