import type { Course, Lesson } from "./catalog.server";
import { LOCALE_NAMES, LOCALES, pick, type Locale } from "./locales";

/** Locales in which every lesson of the course has a version. */
export function completeLocales(course: Course): Locale[] {
  return LOCALES.filter((l) => course.lessons.length > 0 && course.lessons.every((les) => les.versions[l]));
}

export function courseCard(course: Course, locale: string) {
  return {
    slug: course.slug,
    title: pick(course.title, locale).text,
    summary: pick(course.summary, locale).text,
    level: course.level,
    hours: course.hours,
    lessonCount: course.lessons.length,
    moduleCount: course.modules.length,
    languages: completeLocales(course).map((l) => ({ code: l, name: LOCALE_NAMES[l] })),
  };
}

export function lessonTitle(lesson: Lesson, locale: string): string {
  return (lesson.versions[locale as Locale] ?? lesson.versions.en).title;
}

export function lessonHref(course: Course, lesson: Lesson): string {
  return `/courses/${course.slug}/${lesson.moduleSlug}/${lesson.slug}`;
}

/** True when the request is a browser document load (not a client-side data request). */
export function isDocumentRequest(request: Request): boolean {
  // A page stored for offline use (fetched by the device script) is a document.
  if (request.headers.has("X-SHP-Offline")) return true;
  const dest = request.headers.get("Sec-Fetch-Dest");
  if (dest) return dest === "document";
  return (request.headers.get("Accept") ?? "").includes("text/html");
}

export type NextStep = { kind: "lesson"; href: string; lesson: Lesson } | { kind: "module-quiz"; href: string; moduleSlug: string } | { kind: "final"; href: string };

export const moduleQuizHref = (course: Course, moduleSlug: string) => `/courses/${course.slug}/${moduleSlug}/quiz`;
export const finalHref = (course: Course) => `/courses/${course.slug}/assessment/final`;

/**
 * Where a learner goes after a lesson (or, with `afterModuleQuizOf`, after a module's quiz): the
 * module's quiz when the lesson is the module's last and the quiz is not passed yet, else the next
 * lesson, else the final assessment when the course has one not yet passed. Null: nothing is left.
 */
export function nextStep(course: Course, from: { lessonKey: string } | { afterModuleQuizOf: string }, passed: (quizKey: string) => boolean): NextStep | null {
  let next: Lesson | undefined;
  if ("lessonKey" in from) {
    const i = course.lessons.findIndex((l) => l.key === from.lessonKey);
    const lesson = course.lessons[i];
    if (!lesson) return null;
    const module = course.modules.find((m) => m.slug === lesson.moduleSlug);
    if (module?.lessons.at(-1)?.key === lesson.key && module.quiz && !passed(module.quiz.key))
      return { kind: "module-quiz", href: moduleQuizHref(course, module.slug), moduleSlug: module.slug };
    next = course.lessons[i + 1];
  } else {
    const i = course.modules.findIndex((m) => m.slug === from.afterModuleQuizOf);
    if (i < 0) return null;
    next = course.modules.slice(i + 1).flatMap((m) => m.lessons)[0];
  }
  if (next) return { kind: "lesson", href: lessonHref(course, next), lesson: next };
  if (course.bankByRef.size > 0 && !passed("final")) return { kind: "final", href: finalHref(course) };
  return null;
}
