import type { Course } from "#app/content/catalog.server";
import type { Question } from "#app/content/schema";
import { getAttempt, startAssessment, submitAssessment } from "#app/learning/quizzes.server";
import type { Db } from "#db/client";
import { completeLesson, submitAssessmentAttempt, submitModuleQuiz } from "#app/learning/achievements.server";
import { recordLessonVisit } from "#app/learning/progress.server";

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

/** Opens and completes every lesson of the course through the completion engine. */
export function completeAllLessons(db: Db, userId: string, course: Course) {
  for (const l of course.lessons) {
    recordLessonVisit(db, userId, course.slug, l.key);
    completeLesson(db, { userId, course, lessonKey: l.key });
  }
}

/** Passes (or fails, with a blank form) one module's quiz through the completion engine. */
export function takeModuleQuiz(db: Db, userId: string, course: Course, moduleSlug: string, pass: boolean) {
  const quiz = course.modules.find((m) => m.slug === moduleSlug)?.quiz;
  if (!quiz) throw new Error(`module ${moduleSlug} has no quiz`);
  const form = pass ? correctForm(quiz.refs, (r) => quiz.byRef.get(r)) : new FormData();
  return submitModuleQuiz(db, { userId, course, quiz, form, locale: "en" });
}

/** The final through the completion engine (as the assessment route does): settles certificates. */
export function takeFinalSettled(db: Db, userId: string, course: Course, pass: boolean) {
  const started = startAssessment(db, { userId, course, kind: "final" });
  if (!started.ok) throw new Error(`cannot start the final: ${started.reason}`);
  const attempt = getAttempt(db, started.attemptId)!;
  const form = pass ? correctForm(attempt.questions, (r) => course.bankByRef.get(r)) : new FormData();
  return submitAssessmentAttempt(db, { userId, course, kind: "final", attemptId: started.attemptId, form, locale: "en" });
}
