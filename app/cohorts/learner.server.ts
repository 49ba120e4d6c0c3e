import type { Db } from "#db/client";
import type { Cohort } from "#db/schema";
import { limitAttempts, refundAttempt, RULES, type LimitCheck } from "#app/auth/rate-limit.server";
import { joinCohortAndSettle, selfCheckIn } from "#app/learning/achievements.server";
import { announcementsForMember, getCohortByCode, memberCohorts } from "./cohorts.server";
import { type CheckinResult, lockedModules } from "./schedule.server";
import { withAnnouncementHtml } from "./announcement-format.server";

/** What a learner's dashboard shows of their cohorts. */
export function dashboardCohorts(db: Db, userId: string) {
  return {
    cohorts: memberCohorts(db, userId).map((c) => ({
      id: c.id,
      title: c.title,
      courseSlug: c.courseSlug,
      startsOn: c.startsOn,
      endsOn: c.endsOn,
      venue: c.venue,
    })),
    announcements: withAnnouncementHtml(announcementsForMember(db, userId, undefined, 5)),
  };
}

/** What the course page shows a cohort member: announcements and modules not yet open. */
export function coursePageCohort(db: Db, userId: string, courseSlug: string) {
  return {
    workshops: memberCohorts(db, userId, courseSlug).map((c) => ({ id: c.id, title: c.title })),
    announcements: withAnnouncementHtml(announcementsForMember(db, userId, courseSlug, 5)),
    locked: Object.fromEntries(lockedModules(db, userId, courseSlug)),
  };
}

/**
 * Who is typing codes (join codes, check-in codes): wrong codes are limited per account and per
 * address, reserved BEFORE the lookup; a code that exists gives the attempts back, so only wrong
 * codes count (a room of 60 behind one NAT address joining with the right code is never refused).
 */
export type CodeTyper = { userId?: string; ip: string };

function codeChecks(who: CodeTyper, kind: "join" | "checkin"): LimitCheck[] {
  const checks: LimitCheck[] = [{ key: `code:ip:${who.ip}`, rule: RULES.codePerIp }];
  if (who.userId) checks.push({ key: `code:${kind}:${who.userId}`, rule: RULES.codePerAccount });
  return checks;
}

function withCodeLimit<T>(
  db: Db,
  who: CodeTyper,
  kind: "join" | "checkin",
  attempt: () => T,
  codeExisted: (r: T) => boolean,
  now: number,
): T | { throttled: number } {
  const checks = codeChecks(who, kind);
  const reserved = limitAttempts(db, checks, now);
  if (!reserved.allowed) return { throttled: reserved.retryAt };
  const result = attempt();
  if (codeExisted(result)) for (const c of checks) refundAttempt(db, c.key);
  return result;
}

export type JoinByCodeResult =
  { ok: true; courseSlug: string } | { ok: false; reason: "unknown-code" | "full" | "invite-only" } | { ok: false; reason: "throttled"; retryAt: number };

/** The join-by-code form on the dashboard (limited per account and address). */
export function joinByCode(db: Db, who: CodeTyper & { userId: string }, code: string, now = Date.now()): JoinByCodeResult {
  const out = withCodeLimit(
    db,
    who,
    "join",
    (): JoinByCodeResult => {
      const cohort = getCohortByCode(db, code);
      if (!cohort) return { ok: false, reason: "unknown-code" };
      const { result } = joinCohortAndSettle(db, { cohortId: cohort.id, courseSlug: cohort.courseSlug, userId: who.userId, viaCode: true });
      if (result === "full" || result === "invite-only") return { ok: false, reason: result };
      return { ok: true, courseSlug: cohort.courseSlug };
    },
    (r) => r.ok || r.reason !== "unknown-code",
    now,
  );
  return "throttled" in out ? { ok: false, reason: "throttled", retryAt: out.throttled } : out;
}

/** The cohort of a /join/<code> link (limited per address, and per account when logged in). */
export function cohortForJoinLink(db: Db, who: CodeTyper, code: string, now = Date.now()): Cohort | null | { throttled: number } {
  return withCodeLimit(
    db,
    who,
    "join",
    () => getCohortByCode(db, code) ?? null,
    (c) => c !== null,
    now,
  );
}

export type LimitedCheckinResult = CheckinResult | { ok: false; reason: "throttled"; retryAt: number };

/** Self check-in from /checkin (limited per account and address), through the selfCheckIn use case. */
export function checkInWithCode(db: Db, who: CodeTyper & { userId: string }, code: string, now = Date.now()): LimitedCheckinResult {
  const out = withCodeLimit(
    db,
    who,
    "checkin",
    () => selfCheckIn(db, { userId: who.userId, code, now }).result,
    (r) => r.ok || r.reason !== "unknown-code",
    now,
  );
  return "throttled" in out ? { ok: false, reason: "throttled", retryAt: out.throttled } : out;
}
