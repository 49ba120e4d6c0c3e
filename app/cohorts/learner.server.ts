import type { Db } from "#db/client";
import { joinCohortAndSettle } from "#app/learning/achievements.server";
import { announcementsForMember, getCohortByCode, memberCohorts } from "./cohorts.server";
import { lockedModules } from "./schedule.server";

/** What a learner's dashboard shows of their cohorts. */
export function dashboardCohorts(db: Db, userId: string) {
  return {
    cohorts: memberCohorts(db, userId).map((c) => ({ id: c.id, title: c.title, courseSlug: c.courseSlug, startsOn: c.startsOn, endsOn: c.endsOn, venue: c.venue })),
    announcements: announcementsForMember(db, userId, undefined, 5),
  };
}

/** What the course page shows a cohort member: announcements and modules not yet open. */
export function coursePageCohort(db: Db, userId: string, courseSlug: string) {
  return {
    announcements: announcementsForMember(db, userId, courseSlug, 5),
    locked: Object.fromEntries(lockedModules(db, userId, courseSlug)),
  };
}

export type JoinByCodeResult = { ok: true; courseSlug: string } | { ok: false; reason: "unknown-code" | "full" | "invite-only" };

/** The join-by-code form on the dashboard. */
export function joinByCode(db: Db, userId: string, code: string): JoinByCodeResult {
  const cohort = getCohortByCode(db, code);
  if (!cohort) return { ok: false, reason: "unknown-code" };
  const { result } = joinCohortAndSettle(db, { cohortId: cohort.id, courseSlug: cohort.courseSlug, userId, viaCode: true });
  if (result === "full" || result === "invite-only") return { ok: false, reason: result };
  return { ok: true, courseSlug: cohort.courseSlug };
}
