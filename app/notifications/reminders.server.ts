/**
 * Scheduled notifications: the reminder of a workshop session, the day before (within the 24 hours
 * before it starts), to every member of its cohort. Registered as a scheduled producer of the job
 * runner; the notification key names the session, the person and the start time, so running the
 * producer again sends nothing twice, and a session moved to another time is reminded again.
 */
import { inTransaction, type Db } from "#db/client";
import { registerScheduledProducer } from "#app/jobs/runner.server";
import { notify } from "./notify.server";

export const REMINDER_AHEAD_MS = 24 * 60 * 60 * 1000;

type Due = { sessionId: string; startsAt: number; userId: string; cohortId: string; cohortTitle: string; sessionTitle: string; timeZone: string };

/** Reminders due at `now` and not yet given. */
export function dueSessionReminders(db: Db, now = Date.now(), limit = 1000): Due[] {
  return db.$client
    .prepare(
      `select s.id as sessionId, s.starts_at as startsAt, m.user_id as userId, c.id as cohortId, c.title as cohortTitle, s.title as sessionTitle,
              c.time_zone as timeZone
         from cohort_sessions s
         join cohorts c on c.id = s.cohort_id and c.archived_at is null
         join cohort_members m on m.cohort_id = c.id
         join users u on u.id = m.user_id and u.deactivated_at is null
        where s.starts_at > ? and s.starts_at <= ?
          and not exists (select 1 from notifications n where n.key = 'session-reminder:' || s.id || ':' || m.user_id || ':' || s.starts_at)
        limit ?`,
    )
    .all(now, now + REMINDER_AHEAD_MS, limit) as Due[];
}

/** Gives every due session reminder (in-app, and e-mail with the .ics for those who want it). */
export function produceSessionReminders(db: Db, now = Date.now()): number {
  const due = dueSessionReminders(db, now);
  if (due.length === 0) return 0;
  inTransaction(db, (tx) => {
    for (const d of due)
      notify(tx, {
        userId: d.userId,
        kind: "session-reminder",
        key: `session-reminder:${d.sessionId}:${d.userId}:${d.startsAt}`,
        params: { cohortId: d.cohortId, sessionId: d.sessionId, cohort: d.cohortTitle, session: d.sessionTitle, startsAt: d.startsAt, timeZone: d.timeZone },
        now,
      });
  });
  return due.length;
}

registerScheduledProducer("session-reminders", produceSessionReminders);
