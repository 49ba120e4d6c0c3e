import { and, isNotNull, isNull, lt, or } from "drizzle-orm";
import type { Db } from "#db/client";
import { rateLimits, setPasswordTokens } from "#db/schema";
import { pruneFinishedJobs } from "#app/jobs/queue.server";
import { pruneNotifications } from "#app/notifications/notify.server";
import { RULES } from "./rate-limit.server";
import { CLOCK_SKEW_GRACE, deleteExpiredSessions } from "./session.server";

/** The longest any rate-limit row matters (a window, or a delay rule's memory): older rows are finished. */
const LONGEST_WINDOW = Math.max(...Object.values(RULES).map((r) => (r.kind === "window" ? r.windowMs : r.forgetMs)));

/**
 * Removes what has served its purpose, so no table grows without bound: expired sessions,
 * set-password tokens that were used or have lapsed, finished rate-limit windows, done jobs after
 * 14 days, read notifications after 90 days (any after a year) and mail delivery records. Rows are
 * kept for a day past their end (CLOCK_SKEW_GRACE), so a clock that runs ahead for a while does
 * not delete what is still valid. Idempotent: every worker may run it.
 */
export function runHousekeeping(db: Db, now = Date.now()) {
  const sessions = deleteExpiredSessions(db, now);
  const cutoff = now - CLOCK_SKEW_GRACE;
  const tokens = db
    .delete(setPasswordTokens)
    .where(or(and(isNotNull(setPasswordTokens.usedAt), lt(setPasswordTokens.usedAt, cutoff)), lt(setPasswordTokens.expiresAt, cutoff)))
    .run().changes;
  const limits = db
    .delete(rateLimits)
    .where(and(lt(rateLimits.windowStart, cutoff - LONGEST_WINDOW), or(isNull(rateLimits.blockedUntil), lt(rateLimits.blockedUntil, cutoff))))
    .run().changes;
  const jobs = pruneFinishedJobs(db, now);
  const pruned = pruneNotifications(db, now);
  return { sessions, setPasswordTokens: tokens, rateLimits: limits, jobs, ...pruned };
}

/** Runs housekeeping now and every hour in this process (timers do not keep the process alive). */
export function startHousekeeping(db: Db, intervalMs = 60 * 60 * 1000) {
  const run = () => {
    try {
      const removed = runHousekeeping(db);
      const total = Object.values(removed).reduce((a, b) => a + b, 0);
      if (total > 0)
        console.log(
          `housekeeping: removed ${removed.sessions} sessions, ${removed.setPasswordTokens} set-password tokens, ${removed.rateLimits} rate-limit rows, ` +
            `${removed.jobs} done jobs, ${removed.notifications} notifications, ${removed.mailDeliveries} delivery records`,
        );
    } catch (e) {
      console.error("housekeeping failed", e);
    }
  };
  setTimeout(run, 0).unref();
  setInterval(run, intervalMs).unref();
}
