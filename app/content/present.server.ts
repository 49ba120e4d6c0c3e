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
