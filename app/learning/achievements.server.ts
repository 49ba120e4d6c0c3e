/**
 * The completion engine. Every write that can change what a person has achieved in a course goes
 * through one of the use cases below: the write itself (a domain function), then `settleAchievements`,
 * in ONE transaction. Settling decides which certificate a person is owed for the course — the
 * workshop's under the workshop's rules when they belong to a cohort of it, otherwise the self-paced
 * one — and issues it, supersedes a self-paced certificate that a workshop certificate replaces, and
 * writes the audit trail. Learning records (reports) are queued by the database triggers on the same
 * writes, inside the same transaction.
 *
 * Routes parse the form, call a use case and respond; they never issue certificates themselves
 * (docs/decisions/0010).
 */
import { and, eq, isNull } from "drizzle-orm";
import { inTransaction, type Db } from "#db/client";
import { auditLog, certificates, cohortMembers, type Certificate } from "#db/schema";
import { type Course, type QuizDef } from "#app/content/catalog.server";
import { findCourse } from "#app/content/content.server";
import { issueCohortIfEligible, issueIfEligible, liveCertificate, selfPacedKey } from "#app/certificates/certificates.server";
import { joinCohort, memberCohorts, moveMember, type JoinResult, type MoveResult } from "#app/cohorts/cohorts.server";
import { checkIn, saveRegister, type CheckinResult } from "#app/cohorts/schedule.server";
import { notify } from "#app/notifications/notify.server";
import { markLessonComplete, markLessonIncomplete } from "./progress.server";
import { startAssessment, submitAssessment, submitFixedQuiz, type AssessmentKind } from "./quizzes.server";

/** What settling did: the certificates issued in this transaction (usually none). */
export type Settled = { issued: Certificate[] };

/**
 * Brings a person's certificates for one course in line with their record, inside the caller's
 * transaction. Idempotent: settling twice issues nothing new.
 * - A member of one or more cohorts of the course earns each cohort's certificate under that cohort's
 *   rules, and no self-paced certificate.
 * - Anyone else earns the self-paced certificate under the self-paced rules.
 * - When a workshop certificate is issued to someone who already holds a live self-paced certificate
 *   for the course (earned before they joined), the self-paced one is superseded by it: still
 *   verifiable, its page links to the workshop certificate.
 */
export function settleAchievements(tx: Db, userId: string, courseOrSlug: string | Course, via: string, now = Date.now()): Settled {
  const course = typeof courseOrSlug === "string" ? findCourse(courseOrSlug) : courseOrSlug;
  if (!course) return { issued: [] };
  const issued: Certificate[] = [];
  const cohorts = memberCohorts(tx, userId, course.slug);
  if (cohorts.length > 0) {
    for (const cohort of cohorts) {
      const result = issueCohortIfEligible(tx, { cohortId: cohort.id, userId, courseSlug: course.slug, kind: cohort.certificateKind, now });
      if (!result?.created) continue;
      issued.push(result.certificate);
      audit(tx, result.certificate, via, now);
      const self = liveCertificate(tx, selfPacedKey(userId, course.slug));
      if (self && self.revokedAt === null) supersede(tx, self, result.certificate, now);
    }
  } else {
    const result = issueIfEligible(tx, userId, course, now);
    if (result?.created) {
      issued.push(result.certificate);
      audit(tx, result.certificate, via, now);
    }
  }
  return { issued };
}

/** Audits an issued certificate and tells its holder (in-app, and by e-mail through the job queue), in the issuing transaction. */
function audit(tx: Db, cert: Certificate, via: string, now: number) {
  notify(tx, {
    userId: cert.userId,
    kind: "certificate-issued",
    key: `certificate-issued:${cert.code}`,
    params: { code: cert.code, courseSlug: cert.courseSlug },
    now,
  });
  tx.insert(auditLog)
    .values({
      actorId: null,
      action: "certificate.issue",
      subject: `certificate:${cert.code}`,
      detail: { userId: cert.userId, course: cert.courseSlug, cohortId: cert.cohortId, via },
      at: now,
    })
    .run();
}

function supersede(tx: Db, old: Certificate, by: Certificate, now: number) {
  tx.update(certificates)
    .set({ replacedAt: now, replacedById: by.id, replacedReason: "superseded" })
    .where(and(eq(certificates.id, old.id), isNull(certificates.replacedAt)))
    .run();
  tx.insert(auditLog)
    .values({ actorId: null, action: "certificate.supersede", subject: `certificate:${old.code}`, detail: { by: by.code }, at: now })
    .run();
}

/** Settles every member of a cohort (after its rules or sessions changed). */
function settleCohortMembers(tx: Db, cohortId: string, courseSlug: string, via: string, now: number): Settled {
  const members = tx.select({ id: cohortMembers.userId }).from(cohortMembers).where(eq(cohortMembers.cohortId, cohortId)).all();
  const issued: Certificate[] = [];
  for (const m of members) issued.push(...settleAchievements(tx, m.id, courseSlug, via, now).issued);
  return { issued };
}

// ── Use cases: the learner's own work ───────────────────────────────────────────────────────

export function completeLesson(db: Db, args: { userId: string; course: Course; lessonKey: string; now?: number }) {
  const now = args.now ?? Date.now();
  return inTransaction(db, (tx) => {
    const result = markLessonComplete(tx, args.userId, args.course.slug, args.lessonKey, now);
    // A refused completion (lesson never opened) changed nothing: nothing to settle.
    return { result, ...(result.ok ? settleAchievements(tx, args.userId, args.course, "lesson.complete", now) : { issued: [] }) };
  });
}

/** Un-marking a lesson never takes away a certificate already issued; nothing to settle. */
export function uncompleteLesson(db: Db, args: { userId: string; course: Course; lessonKey: string }) {
  markLessonIncomplete(db, args.userId, args.course.slug, args.lessonKey);
}

/** A lesson's knowledge check is formative (no rule depends on it); settled all the same, so that a rule added later is honoured. */
export function submitKnowledgeCheck(
  db: Db,
  args: { userId: string; course: Course; quiz: QuizDef; form: FormData; locale: string; clientAttemptId?: string | null },
) {
  return inTransaction(db, (tx) => {
    const outcome = submitFixedQuiz(tx, args);
    return { outcome, ...(outcome.ok ? settleAchievements(tx, args.userId, args.course, "knowledge-check") : { issued: [] }) };
  });
}

export function submitModuleQuiz(
  db: Db,
  args: { userId: string; course: Course; quiz: QuizDef; form: FormData; locale: string; clientAttemptId?: string | null },
) {
  return inTransaction(db, (tx) => {
    const outcome = submitFixedQuiz(tx, args);
    return { outcome, ...(outcome.ok ? settleAchievements(tx, args.userId, args.course, "module-quiz") : { issued: [] }) };
  });
}

export function startAssessmentAttempt(db: Db, args: { userId: string; course: Course; kind: AssessmentKind }) {
  return inTransaction(db, (tx) => startAssessment(tx, args));
}

export function submitAssessmentAttempt(
  db: Db,
  args: { userId: string; course: Course; kind: AssessmentKind; attemptId: number; form: FormData; locale: string },
) {
  return inTransaction(db, (tx) => {
    const outcome = submitAssessment(tx, args);
    return { outcome, ...(outcome.ok ? settleAchievements(tx, args.userId, args.course, args.kind) : { issued: [] }) };
  });
}

// ── Use cases: workshops ────────────────────────────────────────────────────────────────────

/** A trainer saves a session's register; every member of the cohort is settled. */
export function saveSessionRegister(db: Db, args: { markedBy: string; cohortId: string; courseSlug: string; sessionId: string; form: FormData; now?: number }) {
  const now = args.now ?? Date.now();
  return inTransaction(db, (tx) => {
    const result = saveRegister(tx, args.markedBy, args.cohortId, args.sessionId, args.form, now);
    return { result, ...settleCohortMembers(tx, args.cohortId, args.courseSlug, "attendance", now) };
  });
}

/** A participant checks in with the session's code. */
export function selfCheckIn(db: Db, args: { userId: string; code: string; now?: number }): { result: CheckinResult } & Settled {
  const now = args.now ?? Date.now();
  return inTransaction(db, (tx) => {
    const result = checkIn(tx, args.userId, args.code, now);
    if (!result.ok) return { result, issued: [] };
    const cohort = memberCohorts(tx, args.userId).find((c) => c.id === result.session.cohortId);
    return { result, ...(cohort ? settleAchievements(tx, args.userId, cohort.courseSlug, "check-in", now) : { issued: [] }) };
  });
}

/** Joining a cohort (by code, or by accepting an invitation): the person's course now follows the cohort's rules. */
export function joinCohortAndSettle(
  db: Db,
  args: { cohortId: string; courseSlug: string; userId: string; viaCode: boolean },
): { result: JoinResult } & Settled {
  return inTransaction(db, (tx) => {
    const result = joinCohort(tx, args.cohortId, args.userId, { viaCode: args.viaCode });
    return { result, ...(result === "joined" ? settleAchievements(tx, args.userId, args.courseSlug, "cohort.join") : { issued: [] }) };
  });
}

/** A trainer moves a participant to another cohort of the same course. */
export function moveParticipant(
  db: Db,
  args: { actorId: string; fromId: string; toId: string; userId: string; courseSlug: string },
): { result: MoveResult } & Settled {
  return inTransaction(db, (tx) => {
    const result = moveMember(tx, { id: args.actorId }, args.fromId, args.toId, args.userId);
    return { result, ...(result === "moved" ? settleAchievements(tx, args.userId, args.courseSlug, "cohort.move") : { issued: [] }) };
  });
}

/** After a cohort's rules, sessions or course content changed: settle every member. */
export function settleCohort(db: Db, args: { cohortId: string; courseSlug: string; via: string }) {
  return inTransaction(db, (tx) => settleCohortMembers(tx, args.cohortId, args.courseSlug, args.via, Date.now()));
}

/** Settles a set of people in one course (after an import added them, or content changed). */
export function settlePeople(db: Db, args: { userIds: string[]; courseSlug: string; via: string }) {
  return inTransaction(db, (tx) => {
    const issued: Certificate[] = [];
    for (const userId of args.userIds) issued.push(...settleAchievements(tx, userId, args.courseSlug, args.via).issued);
    return { issued };
  });
}

// ── Content changes ─────────────────────────────────────────────────────────────────────────

/**
 * Settles queued people (their course's content changed: a lesson removed or a pass mark lowered
 * can complete someone's requirements), a batch per transaction. Returns how many were settled.
 * The queue is filled where content changes are detected (queueCoursesWithChangedContent).
 */
export function settleQueuedAchievements(db: Db, maxPairs = 500): number {
  const sqlite = db.$client;
  let done = 0;
  while (done < maxPairs) {
    const n = inTransaction(db, (tx) => {
      const batch = sqlite
        .prepare("select user_id, course_slug from achievement_queue limit ?")
        .raw()
        .all(Math.min(100, maxPairs - done)) as [string, string][];
      const dequeue = sqlite.prepare("delete from achievement_queue where user_id = ? and course_slug = ?");
      for (const [userId, courseSlug] of batch) {
        settleAchievements(tx, userId, courseSlug, "content.change");
        dequeue.run(userId, courseSlug);
      }
      return batch.length;
    });
    done += n;
    if (n === 0) break;
  }
  return done;
}
