import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { inTransaction, type Db } from "#db/client";
import { auditLog, cohorts, cohortSessions, cohortTrainers, moduleReleases, type Cohort, type User } from "#db/schema";
import { formatInTimeZone, fromZonedTime } from "date-fns-tz";
import { randomCode } from "./cohorts.server";

const DAY_MS = 24 * 60 * 60 * 1000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isDate(s: string): boolean {
  return DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
}

function shiftDate(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * A moment moved by whole days on the calendar of a time zone: the same wall-clock time, even when
 * a daylight-saving change lies between (09:00 stays 09:00, not 10:00). A time that does not exist
 * on the new day (inside a spring-forward gap, e.g. 02:30) comes out an hour earlier (date-fns-tz).
 */
export function shiftDaysInZone(ms: number, days: number, timeZone: string): number {
  const [date, time] = formatInTimeZone(ms, timeZone, "yyyy-MM-dd HH:mm:ss.SSS").split(" ") as [string, string];
  return fromZonedTime(`${shiftDate(date, days)}T${time}`, timeZone).getTime();
}

export type DuplicateResult = { ok: true; cohort: Cohort } | { ok: false; reason: "date" | "not-found" };

/**
 * A new cohort like this one — same course, rules, format, venue, language, places, trainers —
 * starting on `startsOn`: its dates, sessions and module opening dates move by the same number of
 * days (sessions by calendar days in the workshop's time zone, keeping their local times). Participants, attendance, announcements and the join code are not copied. One transaction.
 */
export function duplicateCohort(db: Db, actor: Pick<User, "id">, cohortId: string, startsOn: string, title: string): DuplicateResult {
  if (!isDate(startsOn)) return { ok: false, reason: "date" };
  return inTransaction(db, (tx) => {
    const from = tx.select().from(cohorts).where(eq(cohorts.id, cohortId)).get();
    if (!from) return { ok: false as const, reason: "not-found" as const };
    const days = Math.round((Date.parse(`${startsOn}T00:00:00Z`) - Date.parse(`${from.startsOn}T00:00:00Z`)) / DAY_MS);
    let joinCode = randomCode(8);
    while (tx.select({ id: cohorts.id }).from(cohorts).where(eq(cohorts.joinCode, joinCode)).get()) joinCode = randomCode(8);
    const { id: _id, createdAt: _c, archivedAt: _a, joinCode: _j, ...rest } = from;
    const cohort = tx
      .insert(cohorts)
      .values({
        ...rest,
        id: randomUUID(),
        title: title.trim().slice(0, 160) || from.title,
        startsOn,
        endsOn: shiftDate(from.endsOn, days),
        joinCode,
        createdBy: actor.id,
      })
      .returning()
      .get();
    const trainers = tx.select().from(cohortTrainers).where(eq(cohortTrainers.cohortId, from.id)).all();
    for (const tr of trainers) tx.insert(cohortTrainers).values({ cohortId: cohort.id, userId: tr.userId, role: tr.role }).run();
    if (!trainers.some((tr) => tr.userId === actor.id) && trainers.every((tr) => tr.role !== "lead"))
      tx.insert(cohortTrainers).values({ cohortId: cohort.id, userId: actor.id, role: "lead" }).run();
    const now = Date.now();
    for (const s of tx.select().from(cohortSessions).where(eq(cohortSessions.cohortId, from.id)).all()) {
      let code = randomCode(6);
      while (tx.select({ id: cohortSessions.id }).from(cohortSessions).where(eq(cohortSessions.checkinCode, code)).get()) code = randomCode(6);
      tx.insert(cohortSessions)
        .values({
          id: randomUUID(),
          cohortId: cohort.id,
          title: s.title,
          // Whole days in the workshop's zone, so a session keeps its local time across a DST change.
          startsAt: shiftDaysInZone(s.startsAt, days, from.timeZone),
          endsAt: shiftDaysInZone(s.endsAt, days, from.timeZone),
          place: s.place,
          onlineUrl: s.onlineUrl,
          facilitator: s.facilitator,
          checkinCode: code,
          updatedAt: now,
        })
        .run();
    }
    for (const r of tx.select().from(moduleReleases).where(eq(moduleReleases.cohortId, from.id)).all()) {
      tx.insert(moduleReleases)
        .values({ cohortId: cohort.id, moduleSlug: r.moduleSlug, opensOn: shiftDate(r.opensOn, days) })
        .run();
    }
    tx.insert(auditLog)
      .values({ actorId: actor.id, action: "cohort.duplicate", subject: `cohort:${cohort.id}`, detail: { from: from.id, days } })
      .run();
    return { ok: true as const, cohort };
  });
}

/**
 * Archives (or restores) a cohort: hidden from the trainers' lists and move targets; its members,
 * attendance, certificates and report figures stay as they are.
 */
export function setCohortArchived(db: Db, actor: Pick<User, "id">, cohortId: string, archived: boolean, now = Date.now()): boolean {
  return inTransaction(db, (tx) => {
    const res = tx
      .update(cohorts)
      .set({ archivedAt: archived ? now : null })
      .where(eq(cohorts.id, cohortId))
      .run();
    if (res.changes > 0)
      tx.insert(auditLog)
        .values({ actorId: actor.id, action: archived ? "cohort.archive" : "cohort.unarchive", subject: `cohort:${cohortId}` })
        .run();
    return res.changes > 0;
  });
}
