import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Db } from "#db/client";
import {
  attendance,
  cohortMembers,
  cohorts,
  cohortSessions,
  lessonProgress,
  quizAttempts,
  users,
  type AttendanceStatus,
  type Cohort,
  type CompletionRules,
} from "#db/schema";
import type { Course } from "#app/content/catalog.server";
import { findCourse } from "#app/content/content.server";
import { toCsv } from "#app/csv.server";

export type RuleName = "allModules" | "finalPass" | "minAttendance" | "evaluationSubmitted";
export type RuleResult = { rule: RuleName; met: boolean; detail: Record<string, number | null> };
export type CompletionResult = { met: boolean; rules: RuleResult[] };

type QuizBest = { best: number | null; passed: boolean };
export type LearnerRecord = {
  completed: Set<string>;
  quizzes: Map<string, QuizBest>;
  attendance: Map<string, AttendanceStatus>;
  /** The participant answered the workshop's evaluation (only read when the rule is on). */
  evaluated?: boolean;
};

/**
 * Applies a cohort's completion rules to one learner's record. Pure, so the gradebook (many
 * learners) and evaluateCohortCompletion (one) give the same answer.
 * - allModules: every lesson completed and every module quiz passed;
 * - finalPass: the final assessment passed;
 * - minAttendance: present at ≥ N% of ALL the cohort's scheduled sessions (excused sessions not
 *   counted), so it is met only once enough sessions have really been attended. `held` is how many
 *   sessions have started so far (default: all), reported as "attended so far / held so far / scheduled".
 */
export function applyCompletionRules(
  rules: CompletionRules,
  course: Course,
  sessionIds: string[],
  rec: LearnerRecord,
  held = sessionIds.length,
): CompletionResult {
  const out: RuleResult[] = [];
  if (rules.allModules) {
    const lessonsDone = course.lessons.filter((l) => rec.completed.has(l.key)).length;
    const quizModules = course.modules.filter((m) => m.quiz);
    const quizzesPassed = quizModules.filter((m) => rec.quizzes.get(`module:${m.slug}`)?.passed).length;
    out.push({
      rule: "allModules",
      met: lessonsDone === course.lessons.length && quizzesPassed === quizModules.length,
      detail: { lessonsDone, lessonsTotal: course.lessons.length, quizzesPassed, quizzesTotal: quizModules.length },
    });
  }
  if (rules.finalPass) {
    const final = rec.quizzes.get("final");
    out.push({ rule: "finalPass", met: !!final?.passed, detail: { bestPercent: final?.best ?? null, passMark: course.passMark } });
  }
  if (rules.minAttendancePercent !== null) {
    let present = 0;
    let excused = 0;
    for (const id of sessionIds) {
      const s = rec.attendance.get(id);
      if (s === "present") present++;
      else if (s === "excused") excused++;
    }
    const counted = sessionIds.length - excused;
    const percent = counted === 0 ? 100 : Math.round((present / counted) * 100);
    // Sessions attended that the rule needs, of the sessions that count (rounded up).
    // A rule that asks for attendance is never met by a workshop with no session to attend.
    const needed = rules.minAttendancePercent > 0 ? Math.max(1, Math.ceil((rules.minAttendancePercent * counted) / 100 - 1e-9)) : 0;
    out.push({
      rule: "minAttendance",
      met: present >= needed,
      detail: { present, held, scheduled: sessionIds.length, sessions: counted, needed, percent, required: rules.minAttendancePercent },
    });
  }
  if (rules.evaluationSubmitted) out.push({ rule: "evaluationSubmitted", met: !!rec.evaluated, detail: {} });
  return { met: out.every((r) => r.met), rules: out };
}

/** Members of a cohort who have answered its evaluation (evaluation_requests, the "who" side). */
function evaluatedMembers(db: Db, cohortId: string, userIds?: string[]): Set<string> {
  const rows = db.$client
    .prepare("select user_id from evaluation_requests where form_key = ? and responded_on is not null")
    .pluck()
    .all(`cohort:${cohortId}:evaluation`) as string[];
  return new Set(userIds ? rows.filter((u) => userIds.includes(u)) : rows);
}

/** Lesson completions, best quiz scores and attendance of many learners, in three queries. */
export function learnerRecords(db: Db, courseSlug: string, userIds: string[], sessionIds: string[], cohortId?: string): Map<string, LearnerRecord> {
  const records = new Map<string, LearnerRecord>(userIds.map((id) => [id, { completed: new Set(), quizzes: new Map(), attendance: new Map() }]));
  if (userIds.length === 0) return records;
  if (cohortId) {
    const evaluated = evaluatedMembers(db, cohortId, userIds);
    for (const [id, rec] of records) rec.evaluated = evaluated.has(id);
  }
  // Chunk the IN lists to stay under SQLite's parameter limit.
  for (let i = 0; i < userIds.length; i += 500) {
    const chunk = userIds.slice(i, i + 500);
    const lessons = db
      .select({ userId: lessonProgress.userId, key: lessonProgress.lessonKey })
      .from(lessonProgress)
      .where(and(eq(lessonProgress.courseSlug, courseSlug), inArray(lessonProgress.userId, chunk), isNotNull(lessonProgress.completedAt)))
      .all();
    for (const l of lessons) records.get(l.userId)?.completed.add(l.key);
    const quizzes = db
      .select({
        userId: quizAttempts.userId,
        quizKey: quizAttempts.quizKey,
        best: sql<number | null>`max(${quizAttempts.percent})`,
        passed: sql<number>`max(coalesce(${quizAttempts.passed}, 0))`,
      })
      .from(quizAttempts)
      .where(and(eq(quizAttempts.courseSlug, courseSlug), inArray(quizAttempts.userId, chunk), isNotNull(quizAttempts.submittedAt)))
      .groupBy(quizAttempts.userId, quizAttempts.quizKey)
      .all();
    for (const q of quizzes) records.get(q.userId)?.quizzes.set(q.quizKey, { best: q.best, passed: q.passed === 1 });
    if (sessionIds.length) {
      const marks = db
        .select({ userId: attendance.userId, sessionId: attendance.sessionId, status: attendance.status })
        .from(attendance)
        .where(and(inArray(attendance.sessionId, sessionIds), inArray(attendance.userId, chunk)))
        .all();
      for (const m of marks) records.get(m.userId)?.attendance.set(m.sessionId, m.status);
    }
  }
  return records;
}

/**
 * learnerRecords for every member of a cohort: the same three reads, joined through cohort_members
 * (so the primary-key indexes do the work) and read as raw rows (no per-row objects).
 */
export function cohortLearnerRecords(db: Db, cohortId: string, courseSlug: string, userIds: string[]): Map<string, LearnerRecord> {
  const records = new Map<string, LearnerRecord>(userIds.map((id) => [id, { completed: new Set(), quizzes: new Map(), attendance: new Map() }]));
  const sqlite = db.$client;
  const lessons = sqlite
    .prepare(
      `select lp.user_id, lp.lesson_key from cohort_members cm join lesson_progress lp on lp.user_id = cm.user_id and lp.course_slug = ?
       where cm.cohort_id = ? and lp.completed_at is not null`,
    )
    .raw()
    .all(courseSlug, cohortId) as [string, string][];
  for (const [u, k] of lessons) records.get(u)?.completed.add(k);
  const quizzes = sqlite
    .prepare(
      `select qa.user_id, qa.quiz_key, max(qa.percent), max(coalesce(qa.passed, 0)) from cohort_members cm
       join quiz_attempts qa on qa.user_id = cm.user_id and qa.course_slug = ?
       where cm.cohort_id = ? and qa.submitted_at is not null group by qa.user_id, qa.quiz_key`,
    )
    .raw()
    .all(courseSlug, cohortId) as [string, string, number | null, number][];
  for (const [u, k, best, passed] of quizzes) records.get(u)?.quizzes.set(k, { best, passed: passed === 1 });
  const marks = sqlite
    .prepare(`select a.user_id, a.session_id, a.status from cohort_sessions s join attendance a on a.session_id = s.id where s.cohort_id = ?`)
    .raw()
    .all(cohortId) as [string, string, AttendanceStatus][];
  for (const [u, sid, st] of marks) records.get(u)?.attendance.set(sid, st);
  const evaluated = evaluatedMembers(db, cohortId);
  for (const [id, rec] of records) rec.evaluated = evaluated.has(id);
  return records;
}

function sessionsOf(db: Db, cohortId: string): { id: string; startsAt: number }[] {
  return db
    .select({ id: cohortSessions.id, startsAt: cohortSessions.startsAt })
    .from(cohortSessions)
    .where(eq(cohortSessions.cohortId, cohortId))
    .orderBy(cohortSessions.startsAt)
    .all();
}

/** How many of these sessions have started by `now`. */
export function heldCount(sessions: { startsAt: number }[], now = Date.now()): number {
  return sessions.filter((s) => s.startsAt <= now).length;
}

/**
 * Whether a participant meets the cohort's completion rules, rule by rule, with what is missing.
 * Used by the gradebook and by the certificates feature. Throws if the cohort or course is unknown.
 */
export function evaluateCohortCompletion(db: Db, cohortId: string, userId: string, course?: Course, now = Date.now()): CompletionResult {
  const cohort = db.select().from(cohorts).where(eq(cohorts.id, cohortId)).get();
  if (!cohort) throw new Error(`cohort ${cohortId} not found`);
  const c = course ?? findCourse(cohort.courseSlug);
  if (!c) throw new Error(`course ${cohort.courseSlug} not found`);
  const sessions = sessionsOf(db, cohortId);
  const sessionIds = sessions.map((s) => s.id);
  const rec = learnerRecords(db, c.slug, [userId], sessionIds, cohortId).get(userId)!;
  return applyCompletionRules(cohort.completionRules, c, sessionIds, rec, heldCount(sessions, now));
}

// ── Gradebook ──────────────────────────────────────────────────────────────────────────────

export type GradebookQuery = { q: string; meets: "" | "yes" | "no"; sort: "name" | "organisation" | "progress" | "final" | "attendance"; dir: "asc" | "desc" };

export function parseGradebookQuery(params: URLSearchParams): GradebookQuery {
  const meets = params.get("meets");
  const sort = params.get("sort");
  return {
    q: (params.get("q") ?? "").trim().slice(0, 100),
    meets: meets === "yes" || meets === "no" ? meets : "",
    sort: sort === "organisation" || sort === "progress" || sort === "final" || sort === "attendance" ? sort : "name",
    dir: params.get("dir") === "desc" ? "desc" : "asc",
  };
}

export type GradebookRow = {
  userId: string;
  name: string;
  email: string;
  organisation: string;
  lessons: boolean[];
  lessonsDone: number;
  moduleQuizzes: (number | null)[];
  final: number | null;
  attendance: (AttendanceStatus | null)[];
  /** Present at ÷ all scheduled sessions that count (excused not counted), as the rule sees it. */
  attendancePercent: number | null;
  /** Sessions attended so far, sessions held so far, sessions scheduled in all. */
  attended: number;
  held: number;
  scheduled: number;
  completion: CompletionResult;
};

export type Gradebook = {
  lessons: { key: string; moduleSlug: string }[];
  modules: string[];
  sessions: { id: string; title: string; startsAt: number }[];
  rows: GradebookRow[];
  total: number;
};

/** Participants × lessons, module quizzes, final assessment and sessions, with completion; filtered and sorted. */
export function buildGradebook(
  db: Db,
  cohort: Cohort,
  course: Course,
  query: GradebookQuery = { q: "", meets: "", sort: "name", dir: "asc" },
  now = Date.now(),
): Gradebook {
  const members = db
    .select({ id: users.id, name: users.name, email: users.email, organisation: users.organisation })
    .from(cohortMembers)
    .innerJoin(users, eq(users.id, cohortMembers.userId))
    .where(eq(cohortMembers.cohortId, cohort.id))
    .all();
  const sessions = db
    .select({ id: cohortSessions.id, title: cohortSessions.title, startsAt: cohortSessions.startsAt })
    .from(cohortSessions)
    .where(eq(cohortSessions.cohortId, cohort.id))
    .orderBy(cohortSessions.startsAt)
    .all();
  const sessionIds = sessions.map((s) => s.id);
  const held = heldCount(sessions, now);
  const records = cohortLearnerRecords(
    db,
    cohort.id,
    course.slug,
    members.map((m) => m.id),
  );
  const quizModules = course.modules.filter((m) => m.quiz).map((m) => m.slug);

  let rows: GradebookRow[] = members.map((m) => {
    const rec = records.get(m.id)!;
    const lessons = course.lessons.map((l) => rec.completed.has(l.key));
    const marks = sessionIds.map((id) => rec.attendance.get(id) ?? null);
    const excused = marks.filter((s) => s === "excused").length;
    const counted = sessionIds.length - excused;
    return {
      userId: m.id,
      name: m.name,
      email: m.email,
      organisation: m.organisation,
      lessons,
      lessonsDone: lessons.filter(Boolean).length,
      moduleQuizzes: quizModules.map((slug) => rec.quizzes.get(`module:${slug}`)?.best ?? null),
      final: rec.quizzes.get("final")?.best ?? null,
      attendance: marks,
      attendancePercent: counted === 0 ? null : Math.round((marks.filter((s) => s === "present").length / counted) * 100),
      attended: marks.filter((s) => s === "present").length,
      held,
      scheduled: sessionIds.length,
      completion: applyCompletionRules(cohort.completionRules, course, sessionIds, rec, held),
    };
  });

  const total = rows.length;
  if (query.q) {
    const needle = query.q.toLocaleLowerCase();
    rows = rows.filter((r) => `${r.name}\n${r.email}\n${r.organisation}`.toLocaleLowerCase().includes(needle));
  }
  if (query.meets) rows = rows.filter((r) => r.completion.met === (query.meets === "yes"));
  const collator = new Intl.Collator(undefined, { sensitivity: "base" });
  const key: Record<GradebookQuery["sort"], (a: GradebookRow, b: GradebookRow) => number> = {
    name: (a, b) => collator.compare(a.name, b.name),
    organisation: (a, b) => collator.compare(a.organisation, b.organisation),
    progress: (a, b) => a.lessonsDone - b.lessonsDone,
    final: (a, b) => (a.final ?? -1) - (b.final ?? -1),
    attendance: (a, b) => (a.attendancePercent ?? -1) - (b.attendancePercent ?? -1),
  };
  const sign = query.dir === "desc" ? -1 : 1;
  rows.sort((a, b) => sign * key[query.sort](a, b) || collator.compare(a.name, b.name) || a.email.localeCompare(b.email));

  return {
    lessons: course.lessons.map((l) => ({ key: l.key, moduleSlug: l.moduleSlug })),
    modules: quizModules,
    sessions,
    rows,
    total,
  };
}

/** The gradebook as CSV: UTF-8 with a BOM so Excel shows Lao and Vietnamese names correctly. */
export function gradebookCsv(
  book: Gradebook,
  labels: {
    header: string[];
    lesson: (key: string) => string;
    quiz: (slug: string) => string;
    session: (title: string) => string;
    yes: string;
    no: string;
    status: (s: AttendanceStatus) => string;
    missing: (r: GradebookRow) => string;
  },
): string {
  const header = [
    ...labels.header,
    ...book.lessons.map((l) => labels.lesson(l.key)),
    ...book.modules.map((m) => labels.quiz(m)),
    ...book.sessions.map((s) => labels.session(s.title)),
  ];
  return toCsv([
    header,
    ...book.rows.map((r) => [
      r.name,
      r.email,
      r.organisation,
      r.lessonsDone,
      r.final,
      r.attendancePercent,
      r.completion.met ? labels.yes : labels.no,
      labels.missing(r),
      ...r.lessons.map((d) => (d ? 1 : 0)),
      ...r.moduleQuizzes,
      ...r.attendance.map((s) => (s ? labels.status(s) : "")),
    ]),
  ]);
}
