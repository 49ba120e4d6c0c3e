import { randomUUID } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { redirect } from "react-router";
import { z } from "zod";
import { inTransaction, preparedQuery, type Db } from "#db/client";
import {
  attendance,
  cancelledSessions,
  cohortMembers,
  cohorts,
  cohortSessions,
  moduleReleases,
  type AttendanceStatus,
  type CohortSession,
  ATTENDANCE_STATUSES,
} from "#db/schema";
import { formatInTimeZone, fromZonedTime } from "date-fns-tz";
import { env } from "#app/env.server";
import { isIsoDate, text } from "#app/forms.server";
import { randomCode, normaliseCode } from "./cohorts.server";

/**
 * Each cohort has an IANA time zone (cohorts.time_zone; new cohorts take the platform's TIME_ZONE,
 * Asia/Vientiane by default): its session times are entered and shown in it, and its calendar days
 * (module opening dates, the workshop's dates) are days in it. Conversions use date-fns-tz, which
 * reads the time-zone database through Intl.
 */
export const DEFAULT_TIME_ZONE = env.TIME_ZONE;

/** Today's calendar date in a time zone, 'YYYY-MM-DD'. */
export function cohortToday(now = Date.now(), timeZone = DEFAULT_TIME_ZONE): string {
  return formatInTimeZone(now, timeZone, "yyyy-MM-dd");
}

/** '2026-03-03T09:00' read as a wall-clock time in the zone → ms UTC, or null (malformed, or a time the zone skips). */
export function parseLocalDateTime(value: string, timeZone = DEFAULT_TIME_ZONE): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const ms = fromZonedTime(`${value}:00`, timeZone).getTime();
  if (Number.isNaN(ms) || toLocalDateTime(ms, timeZone) !== value) return null;
  return ms;
}

/** ms UTC → '2026-03-03T09:00' in the zone, for a datetime-local input. */
export function toLocalDateTime(ms: number, timeZone = DEFAULT_TIME_ZONE): string {
  return formatInTimeZone(ms, timeZone, "yyyy-MM-dd'T'HH:mm");
}

const dateTimeIn = (timeZone: string) =>
  z
    .string()
    .trim()
    .min(1, "validation.required")
    .transform((s, ctx) => {
      const ms = parseLocalDateTime(s, timeZone);
      if (ms === null) {
        ctx.addIssue({ code: "custom", message: "cohorts.validation.dateTime" });
        return z.NEVER;
      }
      return ms;
    });

/** The session form, its times read in the cohort's time zone. */
export const sessionSchemaIn = (timeZone: string) =>
  z
    .object({
      title: text(160).min(1, "validation.required"),
      startsAt: dateTimeIn(timeZone),
      endsAt: dateTimeIn(timeZone),
      place: text(200),
      onlineUrl: text(500).refine((s) => s === "" || /^https?:\/\/\S+$/i.test(s), "cohorts.validation.url"),
      facilitator: text(160),
    })
    .refine((v) => v.endsAt > v.startsAt, { path: ["endsAt"], message: "cohorts.validation.endBeforeStart" })
    .refine((v) => v.endsAt - v.startsAt <= 24 * 60 * 60 * 1000, { path: ["endsAt"], message: "cohorts.validation.sessionTooLong" });

export type SessionInput = z.infer<ReturnType<typeof sessionSchemaIn>>;

/**
 * The session form for one cohort: a session must fall within the cohort's dates (UTC+7 calendar
 * days), or the attendance it records would count towards a workshop that was not running. The
 * message says how to widen the dates.
 */
export function sessionSchemaFor(cohort: { startsOn: string; endsOn: string; timeZone: string }) {
  const day = (ms: number) => cohortToday(ms, cohort.timeZone);
  return sessionSchemaIn(cohort.timeZone)
    .refine((v) => day(v.startsAt) >= cohort.startsOn && day(v.startsAt) <= cohort.endsOn, {
      path: ["startsAt"],
      message: "cohorts.validation.outsideDates",
      params: { from: cohort.startsOn, to: cohort.endsOn },
    })
    .refine((v) => day(v.endsAt) >= cohort.startsOn && day(v.endsAt) <= cohort.endsOn, {
      path: ["endsAt"],
      message: "cohorts.validation.outsideDates",
      params: { from: cohort.startsOn, to: cohort.endsOn },
    });
}

function uniqueCheckinCode(db: Db): string {
  let code = randomCode(6);
  while (db.select({ id: cohortSessions.id }).from(cohortSessions).where(eq(cohortSessions.checkinCode, code)).get()) code = randomCode(6);
  return code;
}

export function createSession(db: Db, cohortId: string, input: SessionInput): CohortSession {
  return inTransaction(db, (tx) =>
    tx
      .insert(cohortSessions)
      .values({ id: randomUUID(), cohortId, ...input, checkinCode: uniqueCheckinCode(tx), updatedAt: Date.now() })
      .returning()
      .get(),
  );
}

/** Updates a session; its calendar SEQUENCE rises and DTSTAMP moves so calendars replace the event. */
export function updateSession(db: Db, cohortId: string, sessionId: string, input: SessionInput, now = Date.now()) {
  db.update(cohortSessions)
    .set({ ...input, sequence: sql`${cohortSessions.sequence} + 1`, updatedAt: now })
    .where(and(eq(cohortSessions.cohortId, cohortId), eq(cohortSessions.id, sessionId)))
    .run();
}

/**
 * Deletes a session (its attendance goes with it) and keeps a note of it in cancelled_sessions, so
 * the workshop's calendar file cancels the event people imported (same UID, higher SEQUENCE).
 */
export function deleteSession(db: Db, cohortId: string, sessionId: string, now = Date.now()) {
  inTransaction(db, (tx) => {
    const s = tx
      .select()
      .from(cohortSessions)
      .where(and(eq(cohortSessions.cohortId, cohortId), eq(cohortSessions.id, sessionId)))
      .get();
    if (!s) return;
    tx.insert(cancelledSessions)
      .values({ id: s.id, cohortId, title: s.title, startsAt: s.startsAt, endsAt: s.endsAt, sequence: s.sequence + 1, cancelledAt: now })
      .onConflictDoNothing()
      .run();
    tx.delete(cohortSessions).where(eq(cohortSessions.id, s.id)).run();
  });
}

export function cohortSessionList(db: Db, cohortId: string): CohortSession[] {
  return db.select().from(cohortSessions).where(eq(cohortSessions.cohortId, cohortId)).orderBy(asc(cohortSessions.startsAt)).all();
}

/** A session of this cohort, or undefined (also when the id belongs to another cohort). */
export function getCohortSession(db: Db, cohortId: string, sessionId: string): CohortSession | undefined {
  if (typeof sessionId !== "string" || sessionId.length > 64) return undefined;
  return db
    .select()
    .from(cohortSessions)
    .where(and(eq(cohortSessions.cohortId, cohortId), eq(cohortSessions.id, sessionId)))
    .get();
}

// ── Module pacing ──────────────────────────────────────────────────────────────────────────

export function moduleReleaseMap(db: Db, cohortId: string): Map<string, string> {
  return new Map(
    db
      .select()
      .from(moduleReleases)
      .where(eq(moduleReleases.cohortId, cohortId))
      .all()
      .map((r) => [r.moduleSlug, r.opensOn]),
  );
}

/**
 * Saves the opening dates of the course's modules for a cohort (empty = open from the start).
 * Returns the slugs whose value is not a valid date; nothing is saved then.
 */
export function saveModuleReleases(db: Db, cohortId: string, moduleSlugs: string[], form: FormData): { ok: true } | { ok: false; invalid: string[] } {
  const values = moduleSlugs.map((slug) => [slug, String(form.get(`release-${slug}`) ?? "").trim()] as const);
  const invalid = values.filter(([, v]) => v !== "" && !isIsoDate(v)).map(([s]) => s);
  if (invalid.length) return { ok: false, invalid };
  inTransaction(db, (tx) => {
    tx.delete(moduleReleases).where(eq(moduleReleases.cohortId, cohortId)).run();
    for (const [moduleSlug, opensOn] of values) if (opensOn) tx.insert(moduleReleases).values({ cohortId, moduleSlug, opensOn }).run();
  });
  return { ok: true };
}

/**
 * For a member of one or more cohorts of the course: the dates on which each module opens, when
 * still in the future. A module is locked only if every cohort of this course the learner belongs
 * to still holds it back. Self-paced learners (no cohort) get an empty map.
 */
// Every lesson and course view asks this (usually to learn that the learner is in no cohort).
const memberCohortsOfCourse = preparedQuery((db) =>
  db
    .select({ id: cohorts.id, timeZone: cohorts.timeZone })
    .from(cohortMembers)
    .innerJoin(cohorts, eq(cohorts.id, cohortMembers.cohortId))
    .where(and(eq(cohortMembers.userId, sql.placeholder("userId")), eq(cohorts.courseSlug, sql.placeholder("courseSlug"))))
    .prepare(),
);

const releasesOfMemberCohorts = preparedQuery((db) =>
  db
    .select({ cohortId: moduleReleases.cohortId, moduleSlug: moduleReleases.moduleSlug, opensOn: moduleReleases.opensOn })
    .from(moduleReleases)
    .innerJoin(cohortMembers, and(eq(cohortMembers.cohortId, moduleReleases.cohortId), eq(cohortMembers.userId, sql.placeholder("userId"))))
    .innerJoin(cohorts, eq(cohorts.id, moduleReleases.cohortId))
    .where(eq(cohorts.courseSlug, sql.placeholder("courseSlug")))
    .prepare(),
);

/** `now` decides "today" in each cohort's own time zone (or `today` overrides it, for tests). */
export function lockedModules(db: Db, userId: string, courseSlug: string, today?: string, now = Date.now()): Map<string, string> {
  const mine = memberCohortsOfCourse(db).all({ userId, courseSlug });
  const locked = new Map<string, string>();
  if (mine.length === 0) return locked;
  const releases = releasesOfMemberCohorts(db).all({ userId, courseSlug });
  const slugs = new Set(releases.map((r) => r.moduleSlug));
  for (const slug of slugs) {
    const dates = mine.map((c) => ({
      opensOn: releases.find((r) => r.cohortId === c.id && r.moduleSlug === slug)?.opensOn ?? "",
      today: today ?? cohortToday(now, c.timeZone),
    }));
    // A cohort without a date for this module leaves it open.
    if (dates.some((d) => d.opensOn === "" || d.opensOn <= d.today)) continue;
    locked.set(slug, dates.map((d) => d.opensOn).sort()[0]!);
  }
  return locked;
}

/** The module's opening date if it is still locked for this learner, else null. */
export function moduleOpensOn(db: Db, userId: string, courseSlug: string, moduleSlug: string, today?: string): string | null {
  return lockedModules(db, userId, courseSlug, today).get(moduleSlug) ?? null;
}

/**
 * Called by the lesson and module-quiz loaders and actions: a cohort member cannot open a module
 * before the cohort opens it; they are sent to the course page, which shows "opens on <date>".
 */
export function assertModuleOpen(db: Db, user: { id: string } | null, courseSlug: string, moduleSlug: string) {
  if (!user) return;
  if (moduleOpensOn(db, user.id, courseSlug, moduleSlug)) throw redirect(`/courses/${courseSlug}?locked=${encodeURIComponent(moduleSlug)}`);
}

// ── Attendance ─────────────────────────────────────────────────────────────────────────────

export function sessionAttendance(db: Db, sessionId: string): Map<string, { status: AttendanceStatus; method: "trainer" | "self" }> {
  return new Map(
    db
      .select()
      .from(attendance)
      .where(eq(attendance.sessionId, sessionId))
      .all()
      .map((r) => [r.userId, { status: r.status, method: r.method }]),
  );
}

/**
 * Saves the register of one session: `status-<userId>` fields with present|absent|excused.
 * Only current members are recorded; anything else in the form is ignored. One transaction.
 * Presence and absence can be recorded only once the session has started; an excused absence may
 * be recorded ahead (the participant said they cannot come). Refused marks are counted in `notYet`.
 */
export function saveRegister(
  db: Db,
  markedBy: string,
  cohortId: string,
  sessionId: string,
  form: FormData,
  now = Date.now(),
): { saved: number; invalid: number; notYet: number } {
  return inTransaction(db, (tx) => {
    const session = tx
      .select()
      .from(cohortSessions)
      .where(and(eq(cohortSessions.cohortId, cohortId), eq(cohortSessions.id, sessionId)))
      .get();
    if (!session) return { saved: 0, invalid: 0, notYet: 0 };
    const started = now >= session.startsAt;
    const members = new Set(
      tx
        .select({ id: cohortMembers.userId })
        .from(cohortMembers)
        .where(eq(cohortMembers.cohortId, cohortId))
        .all()
        .map((r) => r.id),
    );
    let saved = 0;
    let invalid = 0;
    let notYet = 0;
    for (const [key, value] of form) {
      if (!key.startsWith("status-") || typeof value !== "string") continue;
      const userId = key.slice("status-".length);
      if (!members.has(userId) || !(ATTENDANCE_STATUSES as readonly string[]).includes(value)) {
        invalid++;
        continue;
      }
      const status = value as AttendanceStatus;
      if (!started && status !== "excused") {
        notYet++;
        continue;
      }
      const existing = tx
        .select()
        .from(attendance)
        .where(and(eq(attendance.sessionId, sessionId), eq(attendance.userId, userId)))
        .get();
      if (existing?.status === status) continue; // unchanged: keep who marked it and how
      tx.insert(attendance)
        .values({ sessionId, userId, status, method: "trainer", markedBy, markedAt: now })
        .onConflictDoUpdate({ target: [attendance.sessionId, attendance.userId], set: { status, method: "trainer", markedBy, markedAt: now } })
        .run();
      saved++;
    }
    return { saved, invalid, notYet };
  });
}

export const CHECKIN_EARLY_MS = 30 * 60 * 1000;

export type CheckinResult =
  { ok: true; session: CohortSession; already: boolean } | { ok: false; reason: "unknown-code" | "not-member" | "too-early" | "closed" };

/**
 * Self check-in with the code shown by the trainer: accepted from 30 minutes before the start
 * until the end of the session, only for members of the session's cohort; recorded as method=self.
 */
export function checkIn(db: Db, userId: string, rawCode: string, now = Date.now()): CheckinResult {
  const code = normaliseCode(rawCode);
  if (!/^[A-Z0-9]{6}$/.test(code)) return { ok: false, reason: "unknown-code" };
  return inTransaction(db, (tx) => {
    const session = tx.select().from(cohortSessions).where(eq(cohortSessions.checkinCode, code)).get();
    if (!session) return { ok: false, reason: "unknown-code" };
    const member = tx
      .select({ u: cohortMembers.userId })
      .from(cohortMembers)
      .where(and(eq(cohortMembers.cohortId, session.cohortId), eq(cohortMembers.userId, userId)))
      .get();
    if (!member) return { ok: false, reason: "not-member" };
    if (now < session.startsAt - CHECKIN_EARLY_MS) return { ok: false, reason: "too-early" };
    if (now > session.endsAt) return { ok: false, reason: "closed" };
    const existing = tx
      .select()
      .from(attendance)
      .where(and(eq(attendance.sessionId, session.id), eq(attendance.userId, userId)))
      .get();
    if (existing?.status === "present") return { ok: true, session, already: true };
    tx.insert(attendance)
      .values({ sessionId: session.id, userId, status: "present", method: "self", markedBy: userId, markedAt: now })
      .onConflictDoUpdate({ target: [attendance.sessionId, attendance.userId], set: { status: "present", method: "self", markedBy: userId, markedAt: now } })
      .run();
    return { ok: true, session, already: false };
  });
}

/** The session `sessionId` if `userId` is marked present at it (for the check-in confirmation), else null. */
export function checkedInSession(db: Db, userId: string, sessionId: string): CohortSession | null {
  if (!sessionId || sessionId.length > 64) return null;
  const row = db
    .select({ session: cohortSessions })
    .from(attendance)
    .innerJoin(cohortSessions, eq(cohortSessions.id, attendance.sessionId))
    .where(and(eq(attendance.sessionId, sessionId), eq(attendance.userId, userId), eq(attendance.status, "present")))
    .get();
  return row?.session ?? null;
}

/** The cohort's sessions with how many were marked present. */
export function sessionPresence(db: Db, cohortId: string) {
  return db
    .select({
      id: cohortSessions.id,
      title: cohortSessions.title,
      startsAt: cohortSessions.startsAt,
      present: sql<number>`(select count(*) from ${attendance} where ${attendance.sessionId} = ${cohortSessions.id} and ${attendance.status} = 'present')`,
    })
    .from(cohortSessions)
    .where(eq(cohortSessions.cohortId, cohortId))
    .orderBy(asc(cohortSessions.startsAt))
    .all();
}
