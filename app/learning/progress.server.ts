import { and, desc, eq, isNotNull, sql } from "drizzle-orm";
import { inTransaction, preparedQuery, type Db } from "#db/client";
import { enrolments, lessonProgress, quizAttempts } from "#db/schema";
import type { Course, Lesson } from "#app/content/catalog.server";

// The lesson and course pages run these on every view: prepared once per database handle.
const enrolmentOf = preparedQuery((db) =>
  db
    .select({ id: enrolments.id })
    .from(enrolments)
    .where(and(eq(enrolments.userId, sql.placeholder("userId")), eq(enrolments.courseSlug, sql.placeholder("courseSlug"))))
    .prepare(),
);

const upsertVisit = preparedQuery((db) =>
  db
    .insert(lessonProgress)
    .values({ userId: sql.placeholder("userId"), courseSlug: sql.placeholder("courseSlug"), lessonKey: sql.placeholder("lessonKey"), lastSeenAt: sql.placeholder("now") })
    .onConflictDoUpdate({
      target: [lessonProgress.userId, lessonProgress.courseSlug, lessonProgress.lessonKey],
      set: { lastSeenAt: sql`excluded.last_seen_at` },
    })
    .prepare(),
);

const progressRows = preparedQuery((db) =>
  db
    .select()
    .from(lessonProgress)
    .where(and(eq(lessonProgress.userId, sql.placeholder("userId")), eq(lessonProgress.courseSlug, sql.placeholder("courseSlug"))))
    .prepare(),
);

const quizSummaryRows = preparedQuery((db) =>
  db
    .select({
      quizKey: quizAttempts.quizKey,
      attempts: sql<number>`count(*)`,
      best: sql<number | null>`max(${quizAttempts.percent})`,
      passed: sql<number>`max(coalesce(${quizAttempts.passed}, 0))`,
      last: sql<number>`max(${quizAttempts.id})`,
    })
    .from(quizAttempts)
    .where(
      and(eq(quizAttempts.userId, sql.placeholder("userId")), eq(quizAttempts.courseSlug, sql.placeholder("courseSlug")), isNotNull(quizAttempts.submittedAt)),
    )
    .groupBy(quizAttempts.quizKey)
    .prepare(),
);

export function isEnrolled(db: Db, userId: string, courseSlug: string): boolean {
  return !!enrolmentOf(db).get({ userId, courseSlug });
}

/** Enrols a learner; enrolling twice is a no-op. */
export function enrol(db: Db, userId: string, courseSlug: string) {
  db.insert(enrolments).values({ userId, courseSlug }).onConflictDoNothing().run();
}

/** Notes that a learner opened a lesson ("continue where you left off"). */
export function recordLessonVisit(db: Db, userId: string, courseSlug: string, lessonKey: string, now = Date.now()) {
  upsertVisit(db).run({ userId, courseSlug, lessonKey, now });
}

/** Marks a lesson complete (enrolling if needed); the first completion time is kept. */
export function markLessonComplete(db: Db, userId: string, courseSlug: string, lessonKey: string, now = Date.now()) {
  inTransaction(db, (tx) => {
    enrol(tx, userId, courseSlug);
    tx.insert(lessonProgress)
      .values({ userId, courseSlug, lessonKey, completedAt: now, lastSeenAt: now })
      .onConflictDoUpdate({
        target: [lessonProgress.userId, lessonProgress.courseSlug, lessonProgress.lessonKey],
        set: { completedAt: sql`coalesce(${lessonProgress.completedAt}, ${now})`, lastSeenAt: now },
      })
      .run();
  });
}

export function markLessonIncomplete(db: Db, userId: string, courseSlug: string, lessonKey: string) {
  db.update(lessonProgress)
    .set({ completedAt: null })
    .where(and(eq(lessonProgress.userId, userId), eq(lessonProgress.courseSlug, courseSlug), eq(lessonProgress.lessonKey, lessonKey)))
    .run();
}

export type QuizSummary = { attempts: number; bestPercent: number | null; passed: boolean; lastAttemptId: number | null };

export type CourseProgress = {
  enrolled: boolean;
  completedLessons: Set<string>;
  quizzes: Map<string, QuizSummary>;
  /** Lessons completed plus module quizzes passed, over lessons plus module quizzes. */
  percent: number;
  itemsDone: number;
  itemsTotal: number;
  resume: Lesson | null;
  lastSeenAt: number | null;
};

export function courseProgress(db: Db, userId: string, course: Course): CourseProgress {
  const rows = progressRows(db).all({ userId, courseSlug: course.slug });
  const completedLessons = new Set(rows.filter((r) => r.completedAt !== null).map((r) => r.lessonKey));

  const quizRows = quizSummaryRows(db).all({ userId, courseSlug: course.slug });
  const quizzes = new Map<string, QuizSummary>(
    quizRows.map((r) => [r.quizKey, { attempts: r.attempts, bestPercent: r.best, passed: r.passed === 1, lastAttemptId: r.last }]),
  );

  const moduleQuizKeys = course.modules.filter((m) => m.quiz).map((m) => `module:${m.slug}`);
  const itemsTotal = course.lessons.length + moduleQuizKeys.length;
  const itemsDone =
    course.lessons.filter((l) => completedLessons.has(l.key)).length + moduleQuizKeys.filter((k) => quizzes.get(k)?.passed).length;

  // Resume: the last lesson opened if unfinished, else the first unfinished lesson after it, else the first unfinished.
  const lastSeen = [...rows].sort((a, b) => b.lastSeenAt - a.lastSeenAt)[0];
  const order = course.lessons;
  let resume: Lesson | null = null;
  if (lastSeen) {
    const i = order.findIndex((l) => l.key === lastSeen.lessonKey);
    if (i >= 0 && !completedLessons.has(lastSeen.lessonKey)) resume = order[i]!;
    else if (i >= 0) resume = order.slice(i + 1).find((l) => !completedLessons.has(l.key)) ?? null;
  }
  resume ??= order.find((l) => !completedLessons.has(l.key)) ?? null;

  return {
    enrolled: isEnrolled(db, userId, course.slug),
    completedLessons,
    quizzes,
    percent: itemsTotal === 0 ? 0 : Math.round((itemsDone / itemsTotal) * 100),
    itemsDone,
    itemsTotal,
    resume,
    lastSeenAt: lastSeen?.lastSeenAt ?? null,
  };
}

/** Course slugs a learner is enrolled in, most recently active first. */
export function enrolledCourseSlugs(db: Db, userId: string): string[] {
  const rows = db
    .select({
      slug: enrolments.courseSlug,
      active: sql<number>`coalesce((select max(${lessonProgress.lastSeenAt}) from ${lessonProgress} where ${lessonProgress.userId} = ${enrolments.userId} and ${lessonProgress.courseSlug} = ${enrolments.courseSlug}), ${enrolments.enrolledAt})`,
    })
    .from(enrolments)
    .where(eq(enrolments.userId, userId))
    .orderBy(desc(sql`2`))
    .all();
  return rows.map((r) => r.slug);
}
