import { and, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { inTransaction, preparedQuery, type Db } from "#db/client";
import { enrolments, lessonProgress, quizAttempts, type PretestClosedBy } from "#db/schema";
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
    .values({
      userId: sql.placeholder("userId"),
      courseSlug: sql.placeholder("courseSlug"),
      lessonKey: sql.placeholder("lessonKey"),
      lastSeenAt: sql.placeholder("now"),
    })
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

export type CompleteOutcome = { ok: true } | { ok: false; reason: "not-visited" };

/**
 * Marks a lesson complete (enrolling if needed); the first completion time is kept. Only a lesson
 * the learner has opened: its lesson_progress row (last_seen_at) is written by the lesson page's
 * loader on a GET, so completing by a bare POST is refused. No time minimum. Completing a lesson
 * closes the pre-test if it is still open.
 */
export function markLessonComplete(db: Db, userId: string, courseSlug: string, lessonKey: string, now = Date.now()): CompleteOutcome {
  return inTransaction(db, (tx): CompleteOutcome => {
    const visited = tx
      .update(lessonProgress)
      .set({ completedAt: sql`coalesce(${lessonProgress.completedAt}, ${now})`, lastSeenAt: sql`max(${lessonProgress.lastSeenAt}, ${now})` })
      .where(and(eq(lessonProgress.userId, userId), eq(lessonProgress.courseSlug, courseSlug), eq(lessonProgress.lessonKey, lessonKey)))
      .run();
    if (visited.changes === 0) return { ok: false, reason: "not-visited" };
    enrol(tx, userId, courseSlug);
    closePretest(tx, userId, courseSlug, "lesson");
    return { ok: true };
  });
}

export type PretestStatus = "none" | "open" | "in-progress" | "taken" | PretestClosedBy;

/**
 * Where the learner stands with a course's pre-test: "none" (the course has no bank), "open" (may
 * take it or skip it), "in-progress" (an attempt is open), "taken" (submitted), or closed untaken:
 * "skipped" (recorded skip), "lesson" (a lesson was completed first), "final" (the final was started).
 */
export function pretestStatus(db: Db, userId: string, course: Course): PretestStatus {
  if (course.bankByRef.size === 0) return "none";
  const attempts = db
    .select({ submittedAt: quizAttempts.submittedAt })
    .from(quizAttempts)
    .where(and(eq(quizAttempts.userId, userId), eq(quizAttempts.courseSlug, course.slug), eq(quizAttempts.quizKey, "pretest")))
    .all();
  if (attempts.some((a) => a.submittedAt !== null)) return "taken";
  const closed = db
    .select({ by: enrolments.pretestClosedBy })
    .from(enrolments)
    .where(and(eq(enrolments.userId, userId), eq(enrolments.courseSlug, course.slug)))
    .get()?.by;
  if (closed) return closed;
  // Progress from before closures were recorded: a completed lesson or a final attempt closes it too.
  const lessonDone = db
    .select({ k: lessonProgress.lessonKey })
    .from(lessonProgress)
    .where(and(eq(lessonProgress.userId, userId), eq(lessonProgress.courseSlug, course.slug), isNotNull(lessonProgress.completedAt)))
    .get();
  if (lessonDone) return "lesson";
  const finalStarted = db
    .select({ id: quizAttempts.id })
    .from(quizAttempts)
    .where(and(eq(quizAttempts.userId, userId), eq(quizAttempts.courseSlug, course.slug), eq(quizAttempts.quizKey, "final")))
    .get();
  if (finalStarted) return "final";
  return attempts.length > 0 ? "in-progress" : "open";
}

/** Records that the pre-test closed untaken (first reason wins); a no-op once it was taken. */
export function closePretest(db: Db, userId: string, courseSlug: string, by: PretestClosedBy, now = Date.now()) {
  db.update(enrolments)
    .set({ pretestClosedAt: now, pretestClosedBy: by })
    .where(
      and(
        eq(enrolments.userId, userId),
        eq(enrolments.courseSlug, courseSlug),
        isNull(enrolments.pretestClosedBy),
        sql`not exists (select 1 from ${quizAttempts} where ${quizAttempts.userId} = ${userId} and ${quizAttempts.courseSlug} = ${courseSlug} and ${quizAttempts.quizKey} = 'pretest' and ${quizAttempts.submittedAt} is not null)`,
      ),
    )
    .run();
}

export type SkipOutcome = { ok: true } | { ok: false; reason: "pretest-taken" | "pretest-closed" | "no-pretest" };

/** The learner skips the pre-test (enrolling if needed); recorded so reports tell skipped from not yet taken. */
export function skipPretest(db: Db, args: { userId: string; course: Course; now?: number }): SkipOutcome {
  const { userId, course } = args;
  return inTransaction(db, (tx): SkipOutcome => {
    const status = pretestStatus(tx, userId, course);
    if (status === "none") return { ok: false, reason: "no-pretest" };
    if (status === "taken") return { ok: false, reason: "pretest-taken" };
    if (status !== "open" && status !== "in-progress") return { ok: false, reason: "pretest-closed" };
    enrol(tx, userId, course.slug);
    closePretest(tx, userId, course.slug, "skipped", args.now);
    return { ok: true };
  });
}

export function markLessonIncomplete(db: Db, userId: string, courseSlug: string, lessonKey: string) {
  db.update(lessonProgress)
    .set({ completedAt: null })
    .where(and(eq(lessonProgress.userId, userId), eq(lessonProgress.courseSlug, courseSlug), eq(lessonProgress.lessonKey, lessonKey)))
    .run();
}

export type QuizSummary = { attempts: number; bestPercent: number | null; passed: boolean; lastAttemptId: number | null };

/**
 * A learner's record in one course: lessons completed, quiz summaries, where to resume. How far they
 * are towards the certificate is counted from its rules instead (courseCompletion in
 * app/certificates/progress.server.ts), so that the percentage shows only what completion needs.
 */
export type CourseProgress = {
  enrolled: boolean;
  completedLessons: Set<string>;
  quizzes: Map<string, QuizSummary>;
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
