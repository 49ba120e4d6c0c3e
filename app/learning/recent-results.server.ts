/**
 * The learner's latest graded attempts, for /me: knowledge checks, module quizzes and assessments,
 * newest first, each once, with the score the learner may see and a link to its result. Attempts
 * answered offline appear here once they have been sent and graded (docs/decisions/0018).
 */
import { and, desc, eq, isNotNull } from "drizzle-orm";
import type { Db } from "#db/client";
import { quizAttempts } from "#db/schema";
import { findCourse } from "#app/content/content.server";
import { pick } from "#app/content/locales";
import { lessonHref, lessonTitle } from "#app/content/present.server";
import { formatInstant } from "#app/i18n/datetime";
import type { TFunction } from "i18next";

export type RecentResult = { id: number; title: string; course: string; line: string; href: string };

export function recentResults(db: Db, args: { userId: string; locale: string; timeZone: string; t: TFunction; limit?: number }): RecentResult[] {
  const { userId, locale, timeZone, t } = args;
  const rows = db
    .select()
    .from(quizAttempts)
    .where(and(eq(quizAttempts.userId, userId), isNotNull(quizAttempts.submittedAt)))
    .orderBy(desc(quizAttempts.submittedAt), desc(quizAttempts.id))
    .limit(args.limit ?? 5)
    .all();
  return rows.flatMap((a) => {
    const course = findCourse(a.courseSlug);
    if (!course) return [];
    const base = `/courses/${course.slug}`;
    let title: string;
    let href: string;
    if (a.quizKey.startsWith("module:")) {
      const module = course.modules.find((m) => `module:${m.slug}` === a.quizKey);
      if (!module) return [];
      title = t("quiz.title.module", { module: pick(module.title, locale).text });
      href = `${base}/${module.slug}/quiz?attempt=${a.id}`;
    } else if (a.quizKey.startsWith("check:")) {
      const lesson = course.lessons.find((l) => `check:${l.key}` === a.quizKey);
      if (!lesson) return [];
      title = t("me.checkTitle", { lesson: lessonTitle(lesson, locale) });
      href = `${lessonHref(course, lesson)}#check`;
    } else if (a.quizKey === "final" || a.quizKey === "pretest") {
      title = t(`quiz.title.${a.quizKey}`);
      href = `${base}/assessment/${a.quizKey}?attempt=${a.id}`;
    } else return [];
    const params = { percent: a.percent ?? 0, date: formatInstant(a.submittedAt!, "dateTime", locale, timeZone) };
    // The pre-test has no pass or fail (its `passed` is null).
    const line = a.passed === null ? t("me.resultScore", params) : t(a.passed ? "me.resultPassed" : "me.resultNotPassed", params);
    return [{ id: a.id, title, course: pick(course.title, locale).text, line, href }];
  });
}
