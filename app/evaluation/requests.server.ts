/**
 * Who is asked to evaluate, and when (issue 16): the rows of `evaluation_requests`. They are written
 * by the writes that make a questionnaire due, never by a page's loader:
 *
 * - joining a workshop (by code, invitation, import or a move) whose evaluation has opened: the joining
 *   write creates the person's evaluation and follow-up requests (app/cohorts);
 * - issuing a self-paced certificate: the issuing write creates the course's requests
 *   (app/certificates/certificates.server.ts);
 * - a workshop's evaluation opening with time (the start of its last session): the hourly
 *   "evaluation.sync" job creates what has become due and leaves a job at each opening in the next two
 *   hours, so a questionnaire opens on time, not up to an hour late (app/notifications/evaluation-messages.server.ts).
 *
 * Follow-ups are created with the evaluation, due FOLLOWUP_AFTER_DAYS later; what is due is decided at
 * read time (`due_at <= now`).
 */
import { inTransaction, type Db } from "#db/client";
import type { Cohort, EvaluationKind } from "#db/schema";
import { env } from "#app/env.server";
import { enqueueJob } from "#app/jobs/queue.server";
import { parseLocalDateTime } from "#app/cohorts/schedule.server";

const DAY = 86_400_000;
const HOUR = 3_600_000;

export const EVALUATION_SYNC = "evaluation.sync";

export const cohortFormKey = (cohortId: string, kind: EvaluationKind) => `cohort:${cohortId}:${kind}`;

/** When a workshop's evaluation opens: the start of its last session, or the morning of its last day. */
export function cohortEvaluationOpensAt(db: Db, cohort: Pick<Cohort, "id" | "endsOn" | "timeZone">): number {
  const last = db.$client.prepare("select max(starts_at) from cohort_sessions where cohort_id = ?").pluck().get(cohort.id) as number | null;
  return last ?? parseLocalDateTime(`${cohort.endsOn}T00:00`, cohort.timeZone) ?? Date.parse(`${cohort.endsOn}T00:00:00Z`);
}

export type RequestScope = { userId?: string; cohortId?: string; courseSlug?: string };

/**
 * Creates the missing requests (idempotent) within `scope`: every member of a workshop whose
 * evaluation has opened gets its evaluation (due then) and follow-up (due FOLLOWUP_AFTER_DAYS later);
 * every holder of a live self-paced certificate gets the course's evaluation (due when the rules were
 * met) and follow-up. Returns the openings still to come of the workshops it looked at.
 */
export function syncEvaluationRequests(db: Db, now = Date.now(), scope: RequestScope = {}): { cohortId: string; opensAt: number }[] {
  const sqlite = db.$client;
  const followup = env.FOLLOWUP_AFTER_DAYS * DAY;
  const params = { userId: scope.userId ?? null, cohortId: scope.cohortId ?? null, courseSlug: scope.courseSlug ?? null };
  const cohortsToOpen = sqlite
    .prepare(
      `select c.id, c.course_slug, c.ends_on, c.time_zone from cohorts c
       where (@cohortId is null or c.id = @cohortId) and (@courseSlug is null or c.course_slug = @courseSlug)
         and exists (select 1 from cohort_members m where m.cohort_id = c.id and (@userId is null or m.user_id = @userId))`,
    )
    .raw()
    .all(params) as [string, string, string, string][];
  const insertMembers = sqlite.prepare(
    `insert or ignore into evaluation_requests (form_key, kind, user_id, cohort_id, course_slug, due_at)
     select @formKey, @kind, m.user_id, m.cohort_id, @courseSlug, @dueAt from cohort_members m
     where m.cohort_id = @cohortId and (@userId is null or m.user_id = @userId)`,
  );
  const insertSelf = sqlite.prepare(
    `insert or ignore into evaluation_requests (form_key, kind, user_id, cohort_id, course_slug, due_at)
     select 'course:' || course_slug || ':' || @kind, @kind, user_id, null, course_slug, achieved_on + @after from certificates
     where cohort_id is null and revoked_at is null and replaced_at is null and achieved_on <= @now
       and (@userId is null or user_id = @userId) and (@courseSlug is null or course_slug = @courseSlug)`,
  );
  const upcoming: { cohortId: string; opensAt: number }[] = [];
  inTransaction(db, () => {
    for (const [id, courseSlug, endsOn, timeZone] of cohortsToOpen) {
      const opens = cohortEvaluationOpensAt(db, { id, endsOn, timeZone });
      if (opens > now) {
        upcoming.push({ cohortId: id, opensAt: opens });
        continue;
      }
      const member = { cohortId: id, courseSlug, userId: params.userId };
      insertMembers.run({ ...member, formKey: cohortFormKey(id, "evaluation"), kind: "evaluation", dueAt: opens });
      insertMembers.run({ ...member, formKey: cohortFormKey(id, "followup"), kind: "followup", dueAt: opens + followup });
    }
    if (scope.cohortId === undefined) {
      const self = { userId: params.userId, courseSlug: params.courseSlug, now };
      insertSelf.run({ ...self, kind: "evaluation", after: 0 });
      insertSelf.run({ ...self, kind: "followup", after: followup });
    }
  });
  return upcoming;
}

/** How far ahead the hourly sweep leaves a job at a workshop's opening (more than the hour between sweeps). */
export const OPENING_LOOKAHEAD_MS = 2 * HOUR;

/**
 * The hourly sweep (an "evaluation.sync" job): every request that time has made due, and a job at
 * each workshop opening within OPENING_LOOKAHEAD_MS (keyed by the cohort and the opening time, so a
 * rescheduled last session gets a job of its own; a stale one finds nothing to do).
 */
export function runEvaluationSync(db: Db, now: number, cohortId?: string) {
  const upcoming = syncEvaluationRequests(db, now, cohortId ? { cohortId } : {});
  if (cohortId) return;
  for (const { cohortId: id, opensAt } of upcoming)
    if (opensAt <= now + OPENING_LOOKAHEAD_MS)
      enqueueJob(db, { kind: EVALUATION_SYNC, key: `${EVALUATION_SYNC}:cohort:${id}:${opensAt}`, payload: { cohortId: id }, runAt: opensAt }, now);
}

/** The scheduled producer: this hour's sweep, once (a read first, so an idle tick writes nothing). */
export function produceEvaluationSync(db: Db, now = Date.now()): boolean {
  const key = `${EVALUATION_SYNC}:${new Date(now).toISOString().slice(0, 13)}`;
  if (db.$client.prepare("select 1 from jobs where key = ?").get(key)) return false;
  return enqueueJob(db, { kind: EVALUATION_SYNC, key, payload: {} }, now);
}
