/**
 * Learning records: one row of facts per learner and course (db/schema.ts `learningRecords`).
 *
 * Triggers queue a (user, course) pair whenever a raw row it depends on changes; refreshLearningRecords
 * recomputes queued pairs from the raw tables with the very functions that decide a cohort's completion
 * (applyCompletionRules) and a self-paced certificate (evaluateSelfPaced), so a report's "completed" is
 * the gradebook's "meets the rules". Reports read learning_records only, which keeps them fast at
 * 100,000 learners and millions of progress rows.
 */
import { createHash } from "node:crypto";
import { inTransaction, type Db } from "#db/client";
import type { AttendanceStatus, CompletionRules } from "#db/schema";
import type { Course } from "#app/content/catalog.server";
import { findCourse, getCatalog } from "#app/content/content.server";
import { applyCompletionRules, type LearnerRecord } from "#app/cohorts/completion.server";
import { settleQueuedAchievements } from "#app/learning/achievements.server";
import { evaluateSelfPaced } from "#app/certificates/rules";
import { rulesFor } from "#app/learning/quizzes.server";

/** Pairs recomputed per transaction: long enough to be efficient, short enough not to hold up writers. */
const BATCH = 1000;
/** SQLite's bound-parameter limit is far above this; chunks keep IN lists cheap. */
const CHUNK = 400;

type Membership = { cohortId: string; joinedAt: number; rules: CompletionRules };
type Attempt = { quizKey: string; percent: number | null; passed: boolean; submittedAt: number };

export type ComputedRecord = {
  userId: string;
  courseSlug: string;
  cohortId: string | null;
  sex: string;
  constituentGroup: string;
  country: string;
  enrolledAt: number;
  lastActiveAt: number;
  lessonsCompleted: number;
  moduleQuizzesPassed: number;
  pretestPercent: number | null;
  pretestAt: number | null;
  /** The first pre-test was submitted after the learner had completed a lesson (not a baseline). */
  pretestAfterLesson: boolean;
  finalFirstPercent: number | null;
  finalBestPercent: number | null;
  finalAttempts: number;
  finalPassed: boolean;
  sessionsPresent: number;
  sessionsExcused: number;
  completedAt: number | null;
  certifiedAt: number | null;
};

/** What a course's learning records depend on in its content: lessons, module quizzes, final rules. */
export function courseSignature(course: Course): string {
  const final = rulesFor(course, null, "final");
  const parts = [
    course.lessons.map((l) => l.key).join(","),
    course.modules
      .filter((m) => m.quiz)
      .map((m) => m.slug)
      .join(","),
    course.bankByRef.size > 0 ? `final:${final.passMark}` : "no-final",
    // v2: records carry pretest_after_lesson (knowledge gain counts only baseline pre-tests).
    "records:v2",
  ];
  return createHash("sha256").update(parts.join("|")).digest("hex").slice(0, 16);
}

/**
 * Queues every record of a course whose content changed since its records were computed (new
 * lessons change who has completed). Run at start-up; cheap when nothing changed.
 */
export function queueCoursesWithChangedContent(db: Db): string[] {
  const sqlite = db.$client;
  const stored = new Map((sqlite.prepare("select course_slug, signature from course_signatures").raw().all() as [string, string][]).map(([c, s]) => [c, s]));
  const changed: string[] = [];
  inTransaction(db, () => {
    for (const course of getCatalog().courses) {
      const sig = courseSignature(course);
      if (stored.get(course.slug) === sig) continue;
      changed.push(course.slug);
      sqlite.prepare("insert into learning_record_queue select user_id, course_slug from learning_records where course_slug = ?").run(course.slug);
      // Certificates too: new content may complete someone's requirements (settled in the background).
      sqlite.prepare("insert or ignore into achievement_queue select user_id, course_slug from enrolments where course_slug = ?").run(course.slug);
      sqlite.prepare("insert into course_signatures values (?, ?) on conflict(course_slug) do update set signature = excluded.signature").run(course.slug, sig);
    }
  });
  return changed;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const placeholders = (n: number) => Array.from({ length: n }, () => "?").join(",");

/**
 * Computes the learning records of some learners in one course from the raw tables. Learners with
 * neither an enrolment nor a cohort membership get no record (they are dropped from reports).
 */
export function computeRecords(db: Db, courseSlug: string, userIds: string[]): ComputedRecord[] {
  const sqlite = db.$client;
  const course = findCourse(courseSlug);
  const lessonKeys = new Set(course?.lessons.map((l) => l.key) ?? []);
  const moduleQuizKeys = new Set(course?.modules.filter((m) => m.quiz).map((m) => `module:${m.slug}`) ?? []);
  const hasFinal = !!course && course.bankByRef.size > 0;
  const finalRules = course ? rulesFor(course, null, "final") : null;
  const out: ComputedRecord[] = [];

  for (const ids of chunks(userIds, CHUNK)) {
    const inList = placeholders(ids.length);
    const profiles = new Map(
      (
        sqlite
          .prepare(`select id, sex, constituent_group, country from users where id in (${inList})`)
          .raw()
          .all(...ids) as [string, string, string, string][]
      ).map(([u, sex, group, country]) => [u, { sex, group, country }]),
    );
    const enrolled = new Map(
      (
        sqlite
          .prepare(`select user_id, enrolled_at from enrolments where course_slug = ? and user_id in (${inList})`)
          .raw()
          .all(courseSlug, ...ids) as [string, number][]
      ).map(([u, at]) => [u, at]),
    );
    const memberships = new Map<string, Membership>();
    const memberRows = sqlite
      .prepare(
        `select cm.user_id, cm.cohort_id, cm.joined_at, c.completion_rules from cohort_members cm join cohorts c on c.id = cm.cohort_id
         where c.course_slug = ? and cm.user_id in (${inList}) order by cm.joined_at, cm.cohort_id`,
      )
      .raw()
      .all(courseSlug, ...ids) as [string, string, number, string][];
    // The latest cohort joined is the one the learner is taking the course with.
    for (const [u, cohortId, joinedAt, rules] of memberRows) memberships.set(u, { cohortId, joinedAt, rules: JSON.parse(rules) as CompletionRules });
    // Who answered their workshop's evaluation (the optional "evaluation submitted" rule).
    const evaluated = new Set(
      (
        sqlite
          .prepare(
            `select user_id || ' ' || form_key from evaluation_requests where responded_on is not null and kind = 'evaluation' and user_id in (${inList})`,
          )
          .pluck()
          .all(...ids) as string[]
      ).map(String),
    );

    const lessons = new Map<string, { completed: Map<string, number>; lastSeen: number }>();
    for (const [u, key, completedAt, lastSeenAt] of sqlite
      .prepare(`select user_id, lesson_key, completed_at, last_seen_at from lesson_progress where course_slug = ? and user_id in (${inList})`)
      .raw()
      .iterate(courseSlug, ...ids) as IterableIterator<[string, string, number | null, number]>) {
      let l = lessons.get(u);
      if (!l) lessons.set(u, (l = { completed: new Map(), lastSeen: 0 }));
      if (completedAt !== null && lessonKeys.has(key)) l.completed.set(key, completedAt);
      if (lastSeenAt > l.lastSeen) l.lastSeen = lastSeenAt;
    }

    const attempts = new Map<string, Attempt[]>();
    for (const [u, quizKey, percent, passed, submittedAt] of sqlite
      .prepare(
        `select user_id, quiz_key, percent, passed, submitted_at from quiz_attempts
         where course_slug = ? and user_id in (${inList}) and submitted_at is not null order by submitted_at, id`,
      )
      .raw()
      .iterate(courseSlug, ...ids) as IterableIterator<[string, string, number | null, number | null, number]>) {
      let a = attempts.get(u);
      if (!a) attempts.set(u, (a = []));
      a.push({ quizKey, percent, passed: passed === 1, submittedAt });
    }

    const cohortIds = [...new Set([...memberships.values()].map((m) => m.cohortId))];
    const sessionsByCohort = new Map<string, string[]>();
    const marks = new Map<string, Map<string, AttendanceStatus>>();
    if (cohortIds.length) {
      for (const [cohortId, sessionId] of sqlite
        .prepare(`select cohort_id, id from cohort_sessions where cohort_id in (${placeholders(cohortIds.length)}) order by starts_at`)
        .raw()
        .iterate(...cohortIds) as IterableIterator<[string, string]>) {
        const list = sessionsByCohort.get(cohortId) ?? [];
        list.push(sessionId);
        sessionsByCohort.set(cohortId, list);
      }
      for (const [u, sessionId, status] of sqlite
        .prepare(
          `select a.user_id, a.session_id, a.status from attendance a join cohort_sessions s on s.id = a.session_id
           where s.cohort_id in (${placeholders(cohortIds.length)}) and a.user_id in (${inList})`,
        )
        .raw()
        .iterate(...cohortIds, ...ids) as IterableIterator<[string, string, AttendanceStatus]>) {
        let m = marks.get(u);
        if (!m) marks.set(u, (m = new Map()));
        m.set(sessionId, status);
      }
    }

    const certified = new Map(
      (
        sqlite
          .prepare(
            `select user_id, min(issued_at) from certificates
             where course_slug = ? and user_id in (${inList}) and revoked_at is null and replaced_at is null group by user_id`,
          )
          .raw()
          .all(courseSlug, ...ids) as [string, number][]
      ).map(([u, at]) => [u, at]),
    );

    for (const userId of ids) {
      const enrolledAt = enrolled.get(userId);
      const membership = memberships.get(userId) ?? null;
      const profile = profiles.get(userId);
      if ((enrolledAt === undefined && !membership) || !profile) continue;
      const progress = lessons.get(userId) ?? { completed: new Map<string, number>(), lastSeen: 0 };
      const tries = attempts.get(userId) ?? [];

      // Per quiz: best percent, passed, and when it was first passed.
      const quizzes = new Map<string, { best: number | null; passed: boolean; firstPassAt: number | null }>();
      for (const t of tries) {
        const q = quizzes.get(t.quizKey) ?? { best: null, passed: false, firstPassAt: null };
        if (t.percent !== null && (q.best === null || t.percent > q.best)) q.best = t.percent;
        if (t.passed && !q.passed) {
          q.passed = true;
          q.firstPassAt = t.submittedAt;
        }
        quizzes.set(t.quizKey, q);
      }
      const pretest = tries.find((t) => t.quizKey === "pretest") ?? null;
      const finals = tries.filter((t) => t.quizKey === "final");
      const final = quizzes.get("final");
      const moduleQuizzesPassed = [...moduleQuizKeys].filter((k) => quizzes.get(k)?.passed).length;

      const sessionIds = membership ? (sessionsByCohort.get(membership.cohortId) ?? []) : [];
      const userMarks = marks.get(userId) ?? new Map<string, AttendanceStatus>();
      let sessionsPresent = 0;
      let sessionsExcused = 0;
      for (const id of sessionIds) {
        const s = userMarks.get(id);
        if (s === "present") sessionsPresent++;
        else if (s === "excused") sessionsExcused++;
      }

      // Completion: the cohort's rules for a participant, the self-paced certificate rules otherwise.
      let met = false;
      if (course && membership) {
        const rec: LearnerRecord = {
          completed: new Set(progress.completed.keys()),
          quizzes: new Map([...quizzes].map(([k, q]) => [k, { best: q.best, passed: q.passed }])),
          attendance: userMarks,
          evaluated: evaluated.has(`${userId} cohort:${membership.cohortId}:evaluation`),
        };
        met = applyCompletionRules(membership.rules, course, sessionIds, rec).met;
      } else if (course) {
        met = evaluateSelfPaced({
          lessonKeys: course.lessons.map((l) => l.key),
          completedLessons: new Set(progress.completed.keys()),
          final:
            hasFinal && finalRules
              ? {
                  passed: final?.passed ?? false,
                  bestPercent: final?.best ?? null,
                  attempts: finals.length,
                  passMark: finalRules.passMark,
                  maxAttempts: finalRules.maxAttempts,
                }
              : null,
        }).met;
      }
      const lastLesson = Math.max(0, ...progress.completed.values());
      const lastQuizPass = Math.max(0, ...[...quizzes.values()].map((q) => q.firstPassAt ?? 0));
      const startedAt = membership ? (enrolledAt === undefined ? membership.joinedAt : Math.min(enrolledAt, membership.joinedAt)) : enrolledAt!;
      const lastSubmitted = tries.length ? tries[tries.length - 1]!.submittedAt : 0;
      out.push({
        userId,
        courseSlug,
        cohortId: membership?.cohortId ?? null,
        sex: profile.sex,
        constituentGroup: profile.group,
        country: profile.country,
        enrolledAt: membership ? membership.joinedAt : startedAt,
        lastActiveAt: Math.max(startedAt, progress.lastSeen, lastSubmitted),
        lessonsCompleted: progress.completed.size,
        moduleQuizzesPassed,
        pretestPercent: pretest?.percent ?? null,
        pretestAt: pretest?.submittedAt ?? null,
        pretestAfterLesson: pretest !== null && progress.completed.size > 0 && Math.min(...progress.completed.values()) < pretest.submittedAt,
        finalFirstPercent: finals[0]?.percent ?? null,
        finalBestPercent: final?.best ?? null,
        finalAttempts: finals.length,
        finalPassed: final?.passed ?? false,
        sessionsPresent,
        sessionsExcused,
        completedAt: met ? Math.max(lastLesson, lastQuizPass, startedAt) : null,
        certifiedAt: certified.get(userId) ?? null,
      });
    }
  }
  return out;
}

/** Writes computed records, replacing the old rows of the same (user, course) pairs. */
export function writeRecords(db: Db, courseSlug: string, userIds: string[], records: ComputedRecord[], now = Date.now()) {
  const sqlite = db.$client;
  const del = sqlite.prepare("delete from learning_records where user_id = ? and course_slug = ?");
  for (const u of userIds) del.run(u, courseSlug);
  const ins = sqlite.prepare(
    `insert into learning_records (user_id, course_slug, cohort_id, in_cohort, sex, constituent_group, country, enrolled_at, last_active_at, lessons_completed, module_quizzes_passed,
       pretest_percent, pretest_at, pretest_after_lesson, final_first_percent, final_best_percent, final_attempts, final_passed, sessions_present, sessions_excused,
       completed_at, certified_at, refreshed_at) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  );
  for (const r of records) {
    ins.run(
      r.userId,
      r.courseSlug,
      r.cohortId,
      r.cohortId === null ? 0 : 1,
      r.sex,
      r.constituentGroup,
      r.country,
      r.enrolledAt,
      r.lastActiveAt,
      r.lessonsCompleted,
      r.moduleQuizzesPassed,
      r.pretestPercent,
      r.pretestAt,
      r.pretestAfterLesson ? 1 : 0,
      r.finalFirstPercent,
      r.finalBestPercent,
      r.finalAttempts,
      r.finalPassed ? 1 : 0,
      r.sessionsPresent,
      r.sessionsExcused,
      r.completedAt,
      r.certifiedAt,
      now,
    );
  }
}

/** Which of these accounts have been erased. */
function erasedAmong(db: Db, userIds: string[]): Set<string> {
  const out = new Set<string>();
  for (const ids of chunks(userIds, CHUNK)) {
    const rows = db.$client
      .prepare(`select id from users where erased_at is not null and id in (${placeholders(ids.length)})`)
      .pluck()
      .all(...ids) as string[];
    for (const id of rows) out.add(id);
  }
  return out;
}

/**
 * Recomputes queued learning records, a batch per transaction, until the queue is empty or
 * `maxPairs` have been done. Returns how many pairs were processed.
 */
export function refreshLearningRecords(db: Db, opts: { maxPairs?: number; now?: number } = {}): number {
  const sqlite = db.$client;
  const max = opts.maxPairs ?? Number.POSITIVE_INFINITY;
  let done = 0;
  while (done < max) {
    const n = inTransaction(db, () => {
      const queued = sqlite
        .prepare("select distinct user_id, course_slug from learning_record_queue limit ?")
        .raw()
        .all(Math.min(BATCH, max - done)) as [string, string][];
      const byCourse = new Map<string, string[]>();
      for (const [u, c] of queued) {
        const list = byCourse.get(c);
        if (list) list.push(u);
        else byCourse.set(c, [u]);
      }
      const dequeue = sqlite.prepare("delete from learning_record_queue where user_id = ? and course_slug = ?");
      const erased = erasedAmong(db, [...new Set(queued.map(([u]) => u))]);
      for (const [courseSlug, userIds] of byCourse) {
        // An erased account's records are frozen (anonymous report facts): never recomputed from the
        // raw rows, which erasure deleted (app/privacy/erase.server.ts).
        const live = userIds.filter((u) => !erased.has(u));
        if (live.length > 0) writeRecords(db, courseSlug, live, computeRecords(db, courseSlug, live), opts.now);
        for (const u of userIds) dequeue.run(u, courseSlug);
      }
      return queued.length;
    });
    done += n;
    if (n === 0) break;
  }
  return done;
}

/** How many learning records are waiting to be recomputed. */
export function pendingRecords(db: Db): number {
  return (db.$client.prepare("select count(*) from (select distinct user_id, course_slug from learning_record_queue)").pluck().get() as number) ?? 0;
}

let contentChecked = false;

/**
 * Brings learning records up to date before a report: once per process, queues courses whose
 * content changed; then folds in up to `maxPairs` queued changes.
 */
export function updateLearningRecords(db: Db, maxPairs = 500): number {
  if (!contentChecked) {
    queueCoursesWithChangedContent(db);
    contentChecked = true;
  }
  return refreshLearningRecords(db, { maxPairs });
}

/**
 * Keeps learning records current in the background, so a report rarely has much to fold in:
 * every `intervalMs`, at most 5,000 pairs per run. The timer does not keep the process alive.
 */
export function startLearningRecordUpkeep(db: Db, intervalMs = 15_000) {
  const run = () => {
    try {
      updateLearningRecords(db, 5_000);
      settleQueuedAchievements(db, 5_000);
    } catch (e) {
      console.error("learning records: refresh failed", e);
    }
  };
  setTimeout(run, 0).unref();
  setInterval(run, intervalMs).unref();
}
