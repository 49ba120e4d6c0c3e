import { randomInt, randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { formatInTimeZone } from "date-fns-tz";
import { data } from "react-router";
import { z } from "zod";
import { inTransaction, preparedQuery, type Db } from "#db/client";
import {
  announcements,
  auditLog,
  CERTIFICATE_KINDS,
  COHORT_MODES,
  cohortInvitations,
  cohortMembers,
  cohorts,
  cohortSessions,
  cohortTrainers,
  ENROLMENT_KINDS,
  users,
  type Cohort,
  type User,
} from "#db/schema";
import { UI_LOCALES } from "#app/content/locales";
import { checkbox, isoDate, optionalInt, text } from "#app/forms.server";
import { enrol } from "#app/learning/progress.server";
import { syncEvaluationRequests } from "#app/evaluation/requests.server";

/** Letters and digits without look-alikes (no 0/O, 1/I/L), for codes read aloud or from a screen. */
export const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

export function randomCode(length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return out;
}

/** Normalises a typed code: upper case, no spaces or dashes. */
export function normaliseCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, "").slice(0, 32);
}

// ── Permissions ────────────────────────────────────────────────────────────────────────────

export type CohortAccess = "view" | "manage";

/**
 * Who may see or change a cohort: admins every cohort; a trainer only cohorts they lead or
 * co-train; learners none. Trainers of a cohort may both view and manage it.
 */
export function cohortAccess(
  db: Db,
  user: Pick<User, "id" | "role">,
  cohortId: string,
  _level: CohortAccess,
): { ok: true; cohort: Cohort } | { ok: false; status: 403 | 404 } {
  if (user.role !== "trainer" && user.role !== "admin") return { ok: false, status: 403 };
  const cohort = getCohort(db, cohortId);
  if (!cohort) return { ok: false, status: 404 };
  if (user.role === "admin") return { ok: true, cohort };
  const link = db
    .select({ role: cohortTrainers.role })
    .from(cohortTrainers)
    .where(and(eq(cohortTrainers.cohortId, cohortId), eq(cohortTrainers.userId, user.id)))
    .get();
  return link ? { ok: true, cohort } : { ok: false, status: 403 };
}

/** cohortAccess for routes: throws a 403 or 404 response. */
export function requireCohortAccess(db: Db, user: Pick<User, "id" | "role">, cohortId: string, level: CohortAccess): Cohort {
  const access = cohortAccess(db, user, cohortId, level);
  if (!access.ok) throw data({ error: access.status === 404 ? "not-found" : "forbidden" }, { status: access.status });
  return access.cohort;
}

// ── Cohorts ────────────────────────────────────────────────────────────────────────────────

export function getCohort(db: Db, id: string): Cohort | undefined {
  if (typeof id !== "string" || id.length > 64) return undefined;
  return db.select().from(cohorts).where(eq(cohorts.id, id)).get();
}

export function getCohortByCode(db: Db, code: string): Cohort | undefined {
  return db
    .select()
    .from(cohorts)
    .where(eq(cohorts.joinCode, normaliseCode(code)))
    .get();
}

export type CohortListItem = Cohort & { members: number; trainerRole: "lead" | "co" | null };

/** Cohorts a trainer leads or co-trains (every cohort for an admin), newest first; archived ones only on request. */
export function cohortsForTrainer(db: Db, user: Pick<User, "id" | "role">, opts: { archived?: boolean } = {}): CohortListItem[] {
  const memberCount = sql<number>`(select count(*) from ${cohortMembers} where ${cohortMembers.cohortId} = ${cohorts.id})`;
  const role = sql<
    "lead" | "co" | null
  >`(select ${cohortTrainers.role} from ${cohortTrainers} where ${cohortTrainers.cohortId} = ${cohorts.id} and ${cohortTrainers.userId} = ${user.id})`;
  const rows = db
    .select({ cohort: cohorts, members: memberCount, trainerRole: role })
    .from(cohorts)
    .where(
      and(
        user.role === "admin"
          ? undefined
          : sql`exists (select 1 from ${cohortTrainers} where ${cohortTrainers.cohortId} = ${cohorts.id} and ${cohortTrainers.userId} = ${user.id})`,
        opts.archived ? sql`${cohorts.archivedAt} is not null` : sql`${cohorts.archivedAt} is null`,
      ),
    )
    .orderBy(desc(cohorts.startsOn), desc(cohorts.createdAt))
    .all();
  return rows.map((r) => ({ ...r.cohort, members: r.members, trainerRole: r.trainerRole }));
}

const isoDateField = isoDate("cohorts.validation.date");
const optionalIntField = (min: number, max: number) => optionalInt(min, max, "cohorts.validation.range");

export const CohortSchema = z
  .object({
    courseSlug: z.string().trim().min(1, "validation.choose").max(100),
    title: text(160).min(1, "validation.required"),
    description: text(4000),
    startsOn: isoDateField,
    endsOn: isoDateField,
    mode: z.enum(COHORT_MODES, { error: "validation.choose" }),
    venue: text(200),
    locale: z.enum(UI_LOCALES, { error: "validation.choose" }),
    timeZone: z.string().trim().max(64).refine(isTimeZone, "validation.choose"),
    capacity: optionalIntField(1, 2000),
    enrolment: z.enum(ENROLMENT_KINDS, { error: "validation.choose" }),
    allModules: checkbox,
    finalPass: checkbox,
    minAttendancePercent: optionalIntField(0, 100),
    evaluationSubmitted: checkbox.optional(),
    certificateKind: z.enum(CERTIFICATE_KINDS, { error: "validation.choose" }),
    coTrainers: text(2000),
  })
  .refine((v) => v.endsOn >= v.startsOn, { path: ["endsOn"], message: "cohorts.validation.endBeforeStart" });

export type CohortInput = z.infer<typeof CohortSchema>;

/** Whether a name is an IANA time zone this runtime knows. */
export function isTimeZone(name: string): boolean {
  if (!name) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Parses the co-trainer field (emails separated by commas, spaces or lines) into trainer/admin accounts. */
export function resolveCoTrainers(db: Db, field: string): { ok: true; ids: string[] } | { ok: false; unknown: string[] } {
  const emails = [
    ...new Set(
      field
        .split(/[\s,;]+/)
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
  if (emails.length === 0) return { ok: true, ids: [] };
  const found = db.select({ id: users.id, email: users.email, role: users.role }).from(users).where(inArray(users.email, emails)).all();
  const ok = new Map(found.filter((u) => u.role === "trainer" || u.role === "admin").map((u) => [u.email, u.id]));
  const unknown = emails.filter((e) => !ok.has(e));
  return unknown.length ? { ok: false, unknown } : { ok: true, ids: [...ok.values()] };
}

function cohortValues(input: CohortInput) {
  return {
    courseSlug: input.courseSlug,
    title: input.title,
    description: input.description,
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    mode: input.mode,
    venue: input.venue,
    locale: input.locale,
    timeZone: input.timeZone,
    capacity: input.capacity,
    enrolment: input.enrolment,
    completionRules: {
      allModules: input.allModules,
      finalPass: input.finalPass,
      minAttendancePercent: input.minAttendancePercent,
      ...(input.evaluationSubmitted ? { evaluationSubmitted: true } : {}),
    },
    certificateKind: input.certificateKind,
  };
}

/** Creates a cohort led by `creator`, with co-trainers. */
export function createCohort(db: Db, creator: Pick<User, "id">, input: CohortInput, coTrainerIds: string[]): Cohort {
  return inTransaction(db, (tx) => {
    let joinCode = randomCode(8);
    while (tx.select({ id: cohorts.id }).from(cohorts).where(eq(cohorts.joinCode, joinCode)).get()) joinCode = randomCode(8);
    const cohort = tx
      .insert(cohorts)
      .values({ id: randomUUID(), ...cohortValues(input), joinCode, createdBy: creator.id })
      .returning()
      .get();
    tx.insert(cohortTrainers).values({ cohortId: cohort.id, userId: creator.id, role: "lead" }).run();
    for (const id of coTrainerIds)
      if (id !== creator.id) tx.insert(cohortTrainers).values({ cohortId: cohort.id, userId: id, role: "co" }).onConflictDoNothing().run();
    tx.insert(auditLog)
      .values({ actorId: creator.id, action: "cohort.create", subject: `cohort:${cohort.id}` })
      .run();
    return cohort;
  });
}

/** Updates a cohort; co-trainers are replaced by the given list (leads stay). The course cannot change once people joined. */
export function updateCohort(
  db: Db,
  actor: Pick<User, "id">,
  cohortId: string,
  input: CohortInput,
  coTrainerIds: string[],
): "ok" | "course-locked" | "capacity-below-members" | "sessions-outside-dates" {
  return inTransaction(db, (tx) => {
    const current = tx.select().from(cohorts).where(eq(cohorts.id, cohortId)).get();
    if (!current) return "ok";
    const members = countMembers(tx, cohortId);
    if (current.courseSlug !== input.courseSlug && members > 0) return "course-locked";
    if (input.capacity !== null && input.capacity < members) return "capacity-below-members";
    // Sessions must stay within the workshop's dates (UTC+7 calendar days).
    const day = (ms: number) => formatInTimeZone(ms, input.timeZone, "yyyy-MM-dd");
    const sessions = tx
      .select({ startsAt: cohortSessions.startsAt, endsAt: cohortSessions.endsAt })
      .from(cohortSessions)
      .where(eq(cohortSessions.cohortId, cohortId))
      .all();
    if (sessions.some((x) => day(x.startsAt) < input.startsOn || day(x.endsAt) > input.endsOn)) return "sessions-outside-dates";
    tx.update(cohorts).set(cohortValues(input)).where(eq(cohorts.id, cohortId)).run();
    tx.delete(cohortTrainers)
      .where(and(eq(cohortTrainers.cohortId, cohortId), eq(cohortTrainers.role, "co")))
      .run();
    const leads = new Set(
      tx
        .select({ id: cohortTrainers.userId })
        .from(cohortTrainers)
        .where(eq(cohortTrainers.cohortId, cohortId))
        .all()
        .map((r) => r.id),
    );
    for (const id of coTrainerIds) if (!leads.has(id)) tx.insert(cohortTrainers).values({ cohortId, userId: id, role: "co" }).onConflictDoNothing().run();
    tx.insert(auditLog)
      .values({ actorId: actor.id, action: "cohort.update", subject: `cohort:${cohortId}` })
      .run();
    return "ok";
  });
}

export function cohortTrainerList(db: Db, cohortId: string) {
  return db
    .select({ id: users.id, name: users.name, email: users.email, role: cohortTrainers.role })
    .from(cohortTrainers)
    .innerJoin(users, eq(users.id, cohortTrainers.userId))
    .where(eq(cohortTrainers.cohortId, cohortId))
    .orderBy(asc(cohortTrainers.role), asc(users.name))
    .all();
}

/** The form values of an existing cohort (for the edit page). */
export function cohortFormValues(db: Db, cohort: Cohort): Record<string, string> {
  const co = cohortTrainerList(db, cohort.id).filter((t) => t.role === "co");
  return {
    courseSlug: cohort.courseSlug,
    title: cohort.title,
    description: cohort.description,
    startsOn: cohort.startsOn,
    endsOn: cohort.endsOn,
    mode: cohort.mode,
    venue: cohort.venue,
    locale: cohort.locale,
    timeZone: cohort.timeZone,
    capacity: cohort.capacity === null ? "" : String(cohort.capacity),
    enrolment: cohort.enrolment,
    allModules: cohort.completionRules.allModules ? "on" : "",
    finalPass: cohort.completionRules.finalPass ? "on" : "",
    minAttendancePercent: cohort.completionRules.minAttendancePercent === null ? "" : String(cohort.completionRules.minAttendancePercent),
    evaluationSubmitted: cohort.completionRules.evaluationSubmitted ? "on" : "",
    certificateKind: cohort.certificateKind,
    coTrainers: co.map((t) => t.email).join(", "),
  };
}

// ── Members ────────────────────────────────────────────────────────────────────────────────

export function countMembers(db: Db, cohortId: string): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(cohortMembers)
      .where(eq(cohortMembers.cohortId, cohortId))
      .get()?.n ?? 0
  );
}

export function isMember(db: Db, cohortId: string, userId: string): boolean {
  return !!db
    .select({ u: cohortMembers.userId })
    .from(cohortMembers)
    .where(and(eq(cohortMembers.cohortId, cohortId), eq(cohortMembers.userId, userId)))
    .get();
}

export function memberList(db: Db, cohortId: string) {
  return db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      organisation: users.organisation,
      constituentGroup: users.constituentGroup,
      sex: users.sex,
      country: users.country,
      joinedAt: cohortMembers.joinedAt,
    })
    .from(cohortMembers)
    .innerJoin(users, eq(users.id, cohortMembers.userId))
    .where(eq(cohortMembers.cohortId, cohortId))
    .orderBy(asc(users.name), asc(users.email))
    .all();
}

export type JoinResult = "joined" | "already-member" | "full" | "invite-only";

/**
 * Adds a member and enrols them in the course, in one transaction that also checks capacity
 * (so two people taking the last place at once cannot both get it).
 */
export function joinCohort(db: Db, cohortId: string, userId: string, opts: { viaCode: boolean } = { viaCode: true }): JoinResult {
  return inTransaction(db, (tx) => {
    const cohort = tx.select().from(cohorts).where(eq(cohorts.id, cohortId)).get();
    if (!cohort) throw new Error(`cohort ${cohortId} not found`);
    if (isMember(tx, cohortId, userId)) return "already-member";
    if (opts.viaCode && cohort.enrolment === "invite") return "invite-only";
    if (cohort.capacity !== null && countMembers(tx, cohortId) >= cohort.capacity) return "full";
    tx.insert(cohortMembers).values({ cohortId, userId }).run();
    enrol(tx, userId, cohort.courseSlug);
    // A workshop whose evaluation has opened asks its new member too, from now.
    syncEvaluationRequests(tx, Date.now(), { userId, cohortId });
    // Joining by code answers a pending invitation to the same cohort.
    tx.update(cohortInvitations)
      .set({ status: "accepted", respondedAt: Date.now() })
      .where(and(eq(cohortInvitations.cohortId, cohortId), eq(cohortInvitations.userId, userId), eq(cohortInvitations.status, "pending")))
      .run();
    tx.insert(auditLog)
      .values({ actorId: userId, action: "cohort.join", subject: `cohort:${cohortId}`, detail: { userId } })
      .run();
    return "joined";
  });
}

/** Removes a participant from the cohort. Their course enrolment and progress stay theirs. */
export function removeMember(db: Db, actor: Pick<User, "id">, cohortId: string, userId: string): boolean {
  return inTransaction(db, (tx) => {
    const res = tx
      .delete(cohortMembers)
      .where(and(eq(cohortMembers.cohortId, cohortId), eq(cohortMembers.userId, userId)))
      .run();
    if (res.changes > 0)
      tx.insert(auditLog)
        .values({ actorId: actor.id, action: "cohort.remove-member", subject: `cohort:${cohortId}`, detail: { userId } })
        .run();
    return res.changes > 0;
  });
}

export type MoveResult = "moved" | "not-member" | "not-found" | "other-course" | "same-cohort" | "already-member" | "full";

/**
 * Moves a participant to another cohort of the same course. Progress and quiz attempts are keyed by
 * user and course, so nothing of the learner's work is lost; attendance already recorded stays with
 * the sessions it was recorded for.
 */
export function moveMember(db: Db, actor: Pick<User, "id">, fromId: string, toId: string, userId: string): MoveResult {
  return inTransaction(db, (tx) => {
    if (fromId === toId) return "same-cohort";
    const from = tx.select().from(cohorts).where(eq(cohorts.id, fromId)).get();
    const to = tx.select().from(cohorts).where(eq(cohorts.id, toId)).get();
    if (!from || !to) return "not-found";
    if (from.courseSlug !== to.courseSlug) return "other-course";
    if (!isMember(tx, fromId, userId)) return "not-member";
    if (isMember(tx, toId, userId)) return "already-member";
    if (to.capacity !== null && countMembers(tx, toId) >= to.capacity) return "full";
    const joined = tx
      .select({ at: cohortMembers.joinedAt })
      .from(cohortMembers)
      .where(and(eq(cohortMembers.cohortId, fromId), eq(cohortMembers.userId, userId)))
      .get();
    tx.delete(cohortMembers)
      .where(and(eq(cohortMembers.cohortId, fromId), eq(cohortMembers.userId, userId)))
      .run();
    tx.insert(cohortMembers)
      .values({ cohortId: toId, userId, joinedAt: joined?.at ?? Date.now() })
      .run();
    enrol(tx, userId, to.courseSlug);
    syncEvaluationRequests(tx, Date.now(), { userId, cohortId: toId });
    tx.insert(auditLog)
      .values({ actorId: actor.id, action: "cohort.move-member", subject: `cohort:${fromId}`, detail: { userId, to: toId } })
      .run();
    return "moved";
  });
}

/** Other cohorts of the same course the actor may manage: the targets of a move. */
export function moveTargets(db: Db, user: Pick<User, "id" | "role">, cohort: Cohort) {
  return cohortsForTrainer(db, user).filter((c) => c.id !== cohort.id && c.courseSlug === cohort.courseSlug);
}

/** Cohorts the user is a member of (optionally for one course). */
export function memberCohorts(db: Db, userId: string, courseSlug?: string): Cohort[] {
  return db
    .select({ cohort: cohorts })
    .from(cohortMembers)
    .innerJoin(cohorts, eq(cohorts.id, cohortMembers.cohortId))
    .where(and(eq(cohortMembers.userId, userId), courseSlug ? eq(cohorts.courseSlug, courseSlug) : undefined))
    .orderBy(desc(cohorts.startsOn))
    .all()
    .map((r) => r.cohort);
}

// ── Announcements ──────────────────────────────────────────────────────────────────────────

export const AnnouncementSchema = z.object({
  title: text(160).min(1, "validation.required"),
  body: text(5000).min(1, "validation.required"),
});

export function postAnnouncement(db: Db, author: Pick<User, "id">, cohortId: string, input: z.infer<typeof AnnouncementSchema>) {
  return db
    .insert(announcements)
    .values({ id: randomUUID(), cohortId, authorId: author.id, ...input })
    .returning()
    .get();
}

export function deleteAnnouncement(db: Db, cohortId: string, id: string) {
  db.delete(announcements)
    .where(and(eq(announcements.cohortId, cohortId), eq(announcements.id, id)))
    .run();
}

export function cohortAnnouncements(db: Db, cohortId: string) {
  return db
    .select({
      id: announcements.id,
      title: announcements.title,
      body: announcements.body,
      createdAt: announcements.createdAt,
      author: users.name,
      timeZone: cohorts.timeZone,
    })
    .from(announcements)
    .innerJoin(cohorts, eq(cohorts.id, announcements.cohortId))
    .leftJoin(users, eq(users.id, announcements.authorId))
    .where(eq(announcements.cohortId, cohortId))
    .orderBy(desc(announcements.createdAt))
    .all();
}

/** What a member sees of an announcement. */
const memberAnnouncementFields = {
  id: announcements.id,
  title: announcements.title,
  body: announcements.body,
  createdAt: announcements.createdAt,
  author: users.name,
  cohortTitle: cohorts.title,
  timeZone: cohorts.timeZone,
};

/** Announcements of every cohort the learner belongs to (optionally one course), newest first. */
// The course page shows a member's announcements for that course on every view.
const courseAnnouncementsForMember = preparedQuery((db) =>
  db
    .select(memberAnnouncementFields)
    .from(announcements)
    .innerJoin(cohortMembers, and(eq(cohortMembers.cohortId, announcements.cohortId), eq(cohortMembers.userId, sql.placeholder("userId"))))
    .innerJoin(cohorts, eq(cohorts.id, announcements.cohortId))
    .leftJoin(users, eq(users.id, announcements.authorId))
    .where(eq(cohorts.courseSlug, sql.placeholder("courseSlug")))
    .orderBy(desc(announcements.createdAt))
    .limit(sql.placeholder("limit"))
    .prepare(),
);

export function announcementsForMember(db: Db, userId: string, courseSlug?: string, limit = 10) {
  if (courseSlug) return courseAnnouncementsForMember(db).all({ userId, courseSlug, limit });
  return db
    .select(memberAnnouncementFields)
    .from(announcements)
    .innerJoin(cohortMembers, and(eq(cohortMembers.cohortId, announcements.cohortId), eq(cohortMembers.userId, userId)))
    .innerJoin(cohorts, eq(cohorts.id, announcements.cohortId))
    .leftJoin(users, eq(users.id, announcements.authorId))
    .where(courseSlug ? eq(cohorts.courseSlug, courseSlug) : undefined)
    .orderBy(desc(announcements.createdAt))
    .limit(limit)
    .all();
}
