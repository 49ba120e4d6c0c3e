import { notFound } from "#app/auth/guards.server";
import type { AssessmentKind } from "#app/learning/quizzes.server";
import { findCourse, findLesson } from "./content.server";

/** Route params → content, or a 404. */
export function resolveLesson(params: { course: string; module: string; lesson: string }) {
  const course = findCourse(params.course);
  const found = course && findLesson(course, params.module, params.lesson);
  if (!course || !found) notFound();
  return { course, ...found };
}

export function resolveModuleQuiz(params: { course: string; module: string }) {
  const course = findCourse(params.course);
  const module = course?.modules.find((m) => m.slug === params.module);
  if (!course || !module?.quiz) notFound();
  return { course, module, quiz: module.quiz };
}

export function resolveAssessment(params: { course: string; kind: string }) {
  const course = findCourse(params.course);
  const kind = params.kind;
  if (!course || (kind !== "final" && kind !== "pretest") || course.bankByRef.size === 0) notFound();
  return { course, kind: kind as AssessmentKind };
}
