import type { Course, QuizDef } from "#app/content/catalog.server";
import type { Question } from "#app/content/schema";
import { markLessonComplete, recordLessonVisit } from "#app/learning/progress.server";
import { getAttempt, startAssessment, startModuleQuiz, submitAssessment } from "#app/learning/quizzes.server";
import type { Db } from "#db/client";
import { completeLesson, submitAssessmentAttempt, submitModuleQuiz } from "#app/learning/achievements.server";

/** Option ids as the form of an attempt with a drawn option order posts them: positions in that order. */
function posted(ref: string, ids: string[], order?: Record<string, string[]> | null): string[] {
  const o = order?.[ref];
  return o ? ids.map((id) => String(o.indexOf(id))) : ids;
}

/** The form a learner who knows every answer would post for these questions (pass the attempt's optionOrder). */
export function correctForm(refs: string[], lookup: (ref: string) => Question | undefined, order?: Record<string, string[]> | null): FormData {
  const form = new FormData();
  refs.forEach((ref, i) => {
    const q = lookup(ref);
    if (!q) return;
    const values = q.type === "multiple" ? q.correct : q.type === "single" ? [q.correct] : [String(q.correct)];
    for (const v of q.type === "single" || q.type === "multiple" ? posted(ref, values, order) : values) form.append(`q${i}`, v);
  });
  return form;
}

/** Takes the course's final assessment through the real start → submit path; passes or fails on purpose (every question answered). */
export function takeFinal(db: Db, userId: string, course: Course, pass: boolean) {
  const started = startAssessment(db, { userId, course, kind: "final" });
  if (!started.ok) throw new Error(`cannot start the final: ${started.reason}`);
  const attempt = getAttempt(db, started.attemptId)!;
  const form = (pass ? correctForm : wrongForm)(attempt.questions, (r) => course.bankByRef.get(r), attempt.optionOrder);
  return submitAssessment(db, { userId, course, kind: "final", attemptId: started.attemptId, form, locale: "en" });
}

/** Opens and completes every lesson of the course through the completion engine. */
export function completeAllLessons(db: Db, userId: string, course: Course) {
  for (const l of course.lessons) {
    recordLessonVisit(db, userId, course.slug, l.key);
    completeLesson(db, { userId, course, lessonKey: l.key });
  }
}

/**
 * Passes (or fails, every question answered wrongly) one module's quiz through the completion
 * engine, by the real path: open a drawn attempt (startModuleQuiz), then submit it.
 */
export function takeModuleQuiz(db: Db, userId: string, course: Course, module: string | QuizDef, pass: boolean) {
  const quiz = typeof module === "string" ? course.modules.find((m) => m.slug === module)?.quiz : module;
  if (!quiz) throw new Error(`module ${String(module)} has no quiz`);
  const started = startModuleQuiz(db, { userId, course, quiz });
  if (!started.ok) throw new Error(`cannot start ${quiz.key}: ${started.reason}`);
  const attempt = getAttempt(db, started.attemptId)!;
  const form = (pass ? correctForm : wrongForm)(attempt.questions, (r) => quiz.byRef.get(r), attempt.optionOrder);
  form.append("attemptId", String(started.attemptId));
  return submitModuleQuiz(db, { userId, course, quiz, form, locale: "en" });
}

/** The final through the completion engine (as the assessment route does): settles certificates. */
export function takeFinalSettled(db: Db, userId: string, course: Course, pass: boolean) {
  const started = startAssessment(db, { userId, course, kind: "final" });
  if (!started.ok) throw new Error(`cannot start the final: ${started.reason}`);
  const attempt = getAttempt(db, started.attemptId)!;
  const form = (pass ? correctForm : wrongForm)(attempt.questions, (r) => course.bankByRef.get(r), attempt.optionOrder);
  return submitAssessmentAttempt(db, { userId, course, kind: "final", attemptId: started.attemptId, form, locale: "en" });
}

/** The form a learner who answers every question wrongly would post (all fields filled). */
export function wrongForm(refs: string[], lookup: (ref: string) => Question | undefined, order?: Record<string, string[]> | null): FormData {
  const form = new FormData();
  refs.forEach((ref, i) => {
    const q = lookup(ref);
    if (!q) return;
    if (q.type === "single") form.append(`q${i}`, posted(ref, [q.options.find((o) => o.id !== q.correct)!.id], order)[0]!);
    else if (q.type === "multiple") form.append(`q${i}`, posted(ref, [q.options.find((o) => !q.correct.includes(o.id))?.id ?? "none"], order)[0]!);
    else if (q.type === "truefalse") form.append(`q${i}`, String(!q.correct));
    else form.append(`q${i}`, String(q.correct + q.tolerance + 1000));
  });
  return form;
}

/** Opens a lesson (the visit the lesson page records on a GET) and marks it complete (domain function only, no settling). */
export function openAndCompleteLesson(db: Db, userId: string, courseSlug: string, lessonKey: string, now = Date.now()) {
  recordLessonVisit(db, userId, courseSlug, lessonKey, now);
  const out = markLessonComplete(db, userId, courseSlug, lessonKey, now);
  if (!out.ok) throw new Error(`cannot complete ${lessonKey}: ${out.reason}`);
  return out;
}
