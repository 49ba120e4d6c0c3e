import { randomBytes } from "node:crypto";
import { and, desc, eq, inArray, isNull, like, or, sql } from "drizzle-orm";
import { inTransaction, preparedQuery, type Db } from "#db/client";
import { auditLog, certificates, users, type Certificate, type CertificateCriteria, type CertificateKind, type User } from "#db/schema";
import type { Course } from "#app/content/catalog.server";
import { findCourse } from "#app/content/content.server";
import { syncEvaluationRequests } from "#app/evaluation/requests.server";
import { codeCandidates, formatCode, normaliseCode } from "./codes";
import { allocateStatusEntry } from "./status-entry.server";
import { describeCohort, evaluateCertificateRules } from "./rules.server";
import type { RuleEvaluation } from "./rules";

export { normaliseCode };

export function generateCertificateCode(): string {
  return formatCode(randomBytes(10));
}

export function selfPacedKey(userId: string, courseSlug: string) {
  return `self:${userId}:${courseSlug}`;
}

export function cohortKey(cohortId: string, userId: string) {
  return `cohort:${cohortId}:${userId}`;
}

/** The live (not replaced) certificate for an achievement, revoked or not. */
const liveCertificateByKey = preparedQuery((db) =>
  db
    .select()
    .from(certificates)
    .where(and(eq(certificates.achievementKey, sql.placeholder("key")), isNull(certificates.replacedAt)))
    .prepare(),
);

export function liveCertificate(db: Db, achievementKey: string): Certificate | undefined {
  return liveCertificateByKey(db).get({ key: achievementKey });
}

type IssueInput = {
  userId: string;
  courseSlug: string;
  cohortId?: string | null;
  kind?: CertificateKind;
  holderName: string;
  /** The name in Latin letters the holder gave ("" or absent: none). */
  holderNameLatin?: string;
  locale: string;
  achievedOn: number;
  criteria?: CertificateCriteria | null;
  now?: number;
};

/** Per rule, the figures a certificate states (see certificates.criteria in the locales). */
const CRITERIA_FIGURES: Record<string, string[]> = {
  "lessons-complete": ["total"],
  "final-passed": ["passMark"],
  "cohort-allModules": ["lessonsTotal", "quizzesTotal"],
  "cohort-finalPass": ["passMark"],
  "cohort-minAttendance": ["present", "sessions", "required"],
};

/** What a certificate certifies, frozen at issuance: hours, each rule with its figures, the workshop. */
export function criteriaOf(db: Db, course: Course, evaluation: RuleEvaluation, cohortId: string | null): CertificateCriteria {
  const cohort = describeCohort(db, cohortId);
  const day = (ms: number | null | undefined) => (ms ? new Date(ms).toISOString().slice(0, 10) : "");
  return {
    hours: course.hours ?? null,
    rules: evaluation.rules.map((r) => ({
      id: r.id,
      // Only the figures that describe the requirement, never the holder's own scores.
      detail: Object.fromEntries((CRITERIA_FIGURES[r.id] ?? []).map((k) => [k, typeof r.detail[k] === "number" ? (r.detail[k] as number) : null])),
    })),
    cohort: cohort ? { title: cohort.title, venue: cohort.venue ?? null, startsOn: day(cohort.startsOn), endsOn: day(cohort.endsOn) } : null,
  };
}

/**
 * Issues a certificate, or returns the live one for the same achievement: issuing twice (a retried
 * request, two tabs) never creates a second certificate. Call inside a transaction.
 */
function insertCertificate(tx: Db, input: IssueInput, achievementKey: string): { certificate: Certificate; created: boolean } {
  const existing = liveCertificate(tx, achievementKey);
  if (existing) return { certificate: existing, created: false };
  for (let i = 0; i < 5; i++) {
    const entry = allocateStatusEntry(tx);
    const row = tx
      .insert(certificates)
      .values({
        code: generateCertificateCode(),
        userId: input.userId,
        courseSlug: input.courseSlug,
        cohortId: input.cohortId ?? null,
        kind: input.kind ?? "completion",
        holderName: input.holderName,
        holderNameLatin: input.holderNameLatin ?? "",
        locale: input.locale,
        achievedOn: input.achievedOn,
        criteria: input.criteria ?? null,
        issuedAt: input.now ?? Date.now(),
        achievementKey,
        // Its revocation entry: a random free position in the current status list (ADR 0021).
        statusList: entry.list,
        statusIndex: entry.index,
      })
      .onConflictDoNothing()
      .returning()
      .get();
    if (row) {
      // A self-paced certificate makes the course's evaluation due (and its follow-up later), in this write.
      if (row.cohortId === null) syncEvaluationRequests(tx, row.issuedAt, { userId: row.userId, courseSlug: row.courseSlug });
      return { certificate: row, created: true };
    }
    // A conflict: either the same achievement was issued meanwhile, or (rarely) the code was taken.
    const raced = liveCertificate(tx, achievementKey);
    if (raced) return { certificate: raced, created: false };
  }
  throw new Error("could not allocate a certificate code");
}

export function issueCertificate(db: Db, input: IssueInput) {
  const key = input.cohortId ? cohortKey(input.cohortId, input.userId) : selfPacedKey(input.userId, input.courseSlug);
  return inTransaction(db, (tx) => insertCertificate(tx, input, key));
}

/**
 * Issues the self-paced certificate when the learner meets its rules, in one transaction with the
 * rule check. Returns the certificate (new or existing), or null when the rules are not met.
 * Safe to call after every lesson completion and assessment submission.
 */
export function issueIfEligible(db: Db, userId: string, courseOrSlug: string | Course, now = Date.now()) {
  const course = typeof courseOrSlug === "string" ? findCourse(courseOrSlug) : courseOrSlug;
  if (!course) return null;
  return inTransaction(db, (tx) => {
    const key = selfPacedKey(userId, course.slug);
    const existing = liveCertificate(tx, key);
    if (existing) return { certificate: existing, created: false };
    const evaluation = evaluateCertificateRules(tx, { userId, course });
    if (!evaluation.met) return null;
    const user = tx.select().from(users).where(eq(users.id, userId)).get();
    if (!user) return null;
    return insertCertificate(
      tx,
      {
        userId,
        courseSlug: course.slug,
        holderName: user.name,
        holderNameLatin: user.nameLatin,
        locale: user.locale,
        achievedOn: evaluation.achievedAt ?? now,
        criteria: criteriaOf(tx, course, evaluation, null),
        now,
      },
      key,
    );
  });
}

/**
 * For the cohorts feature: issues a cohort member's certificate when the registered cohort rules
 * say so (see registerCohortRules). Idempotent like issueIfEligible.
 */
export function issueCohortIfEligible(db: Db, args: { cohortId: string; userId: string; courseSlug: string; kind?: CertificateKind; now?: number }) {
  const course = findCourse(args.courseSlug);
  const now = args.now ?? Date.now();
  return inTransaction(db, (tx) => {
    const key = cohortKey(args.cohortId, args.userId);
    const existing = liveCertificate(tx, key);
    if (existing) return { certificate: existing, created: false };
    if (!course) return null;
    const evaluation = evaluateCertificateRules(tx, { userId: args.userId, course, cohortId: args.cohortId });
    if (!evaluation.met) return null;
    const user = tx.select().from(users).where(eq(users.id, args.userId)).get();
    if (!user) return null;
    return insertCertificate(
      tx,
      {
        userId: args.userId,
        courseSlug: course.slug,
        cohortId: args.cohortId,
        kind: args.kind ?? "participation",
        holderName: user.name,
        holderNameLatin: user.nameLatin,
        locale: user.locale,
        achievedOn: evaluation.achievedAt ?? now,
        criteria: criteriaOf(tx, course, evaluation, args.cohortId),
        now,
      },
      key,
    );
  });
}

/** The certificate a typed code means: the code as typed wins over its 0/1/8 → O/I/B reading. */
export function findCertificateByCode(db: Db, input: string): Certificate | undefined {
  const candidates = codeCandidates(input);
  if (candidates.length === 0) return undefined;
  const found = db.select().from(certificates).where(inArray(certificates.code, candidates)).all();
  return candidates.map((c) => found.find((f) => f.code === c)).find((f) => f !== undefined);
}

export function getCertificate(db: Db, id: number): Certificate | undefined {
  return db.select().from(certificates).where(eq(certificates.id, id)).get();
}

export type CertificateStatus = "valid" | "revoked" | "replaced";

export function certificateStatus(c: Pick<Certificate, "revokedAt" | "replacedAt">): CertificateStatus {
  if (c.replacedAt !== null) return "replaced";
  if (c.revokedAt !== null) return "revoked";
  return "valid";
}

export function certificatesOfUser(db: Db, userId: string): Certificate[] {
  return db.select().from(certificates).where(eq(certificates.userId, userId)).orderBy(desc(certificates.issuedAt), desc(certificates.id)).all();
}

/**
 * Which certificates a person may manage: admins all; trainers only those of cohorts they train.
 * TODO(cohorts): the cohorts feature registers `trainerCohortIds`; until then trainers manage none.
 */
export type CertificateScope = { all: true } | { all: false; cohortIds: string[] };
type TrainerCohorts = (db: Db, trainerId: string) => string[];
let trainerCohorts: TrainerCohorts = () => [];

export function registerTrainerCohorts(provider: TrainerCohorts) {
  trainerCohorts = provider;
}

export function certificateScope(db: Db, user: Pick<User, "id" | "role">): CertificateScope | null {
  if (user.role === "admin") return { all: true };
  if (user.role === "trainer") return { all: false, cohortIds: trainerCohorts(db, user.id) };
  return null;
}

export function inScope(scope: CertificateScope, cert: Pick<Certificate, "cohortId">): boolean {
  return scope.all || (cert.cohortId !== null && scope.cohortIds.includes(cert.cohortId));
}

/** Search by holder name, code, course slug or the holder's email, within a scope; newest first. */
export function searchCertificates(db: Db, q: string, limit = 100, scope: CertificateScope = { all: true }) {
  if (!scope.all && scope.cohortIds.length === 0) return [];
  const query = db
    .select({ certificate: certificates, email: users.email, currentName: users.name })
    .from(certificates)
    .innerJoin(users, eq(users.id, certificates.userId));
  const term = q.trim();
  const codes = codeCandidates(term);
  const pattern = `%${term.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  const where = term
    ? or(
        codes.length > 0 ? inArray(certificates.code, codes) : undefined,
        sql`${certificates.holderName} LIKE ${pattern} ESCAPE '\\'`,
        sql`${users.email} LIKE ${pattern} ESCAPE '\\'`,
        like(certificates.courseSlug, pattern),
        sql`${certificates.code} LIKE ${pattern} ESCAPE '\\'`,
      )
    : undefined;
  const scoped = scope.all ? where : and(where, inArray(certificates.cohortId, scope.cohortIds));
  return query.where(scoped).orderBy(desc(certificates.issuedAt), desc(certificates.id)).limit(limit).all();
}

export type RevokeResult = { ok: true; certificate: Certificate } | { ok: false; reason: "not-found" | "already-revoked" | "replaced" };

/** Revokes a certificate with a reason; the verify page shows it as revoked from then on. Audited. */
export function revokeCertificate(db: Db, actor: Pick<User, "id">, code: string, reason: string, now = Date.now()): RevokeResult {
  return inTransaction(db, (tx) => {
    const c = findCertificateByCode(tx, code);
    if (!c) return { ok: false, reason: "not-found" } as const;
    if (c.replacedAt !== null) return { ok: false, reason: "replaced" } as const;
    if (c.revokedAt !== null) return { ok: false, reason: "already-revoked" } as const;
    const row = tx.update(certificates).set({ revokedAt: now, revokedReason: reason, revokedBy: actor.id }).where(eq(certificates.id, c.id)).returning().get();
    tx.insert(auditLog)
      .values({ actorId: actor.id, action: "certificate.revoke", subject: `certificate:${c.code}`, detail: { reason }, at: now })
      .run();
    return { ok: true, certificate: row } as const;
  });
}

export type ReissueResult = { ok: true; certificate: Certificate; previous: Certificate } | { ok: false; reason: "not-found" | "revoked" | "replaced" };

/**
 * Re-issues a certificate under a corrected holder name: a new code for the same achievement; the
 * old certificate stays verifiable and shows as replaced, linking to the new one. Audited. The name
 * in Latin letters is the holder's current one from their profile (theirs to correct).
 */
export function reissueCertificate(db: Db, actor: Pick<User, "id">, code: string, holderName: string, now = Date.now()): ReissueResult {
  return inTransaction(db, (tx) => {
    const old = findCertificateByCode(tx, code);
    if (!old) return { ok: false, reason: "not-found" } as const;
    if (old.replacedAt !== null) return { ok: false, reason: "replaced" } as const;
    if (old.revokedAt !== null) return { ok: false, reason: "revoked" } as const;
    // Retire the old one first (the live-achievement index allows one live row), then link it.
    tx.update(certificates).set({ replacedAt: now, replacedReason: "correction" }).where(eq(certificates.id, old.id)).run();
    const holderNameLatin = tx.select({ v: users.nameLatin }).from(users).where(eq(users.id, old.userId)).get()?.v ?? "";
    const { certificate } = insertCertificate(
      tx,
      {
        userId: old.userId,
        courseSlug: old.courseSlug,
        cohortId: old.cohortId,
        kind: old.kind,
        holderName,
        holderNameLatin,
        locale: old.locale,
        achievedOn: old.achievedOn,
        criteria: old.criteria,
        now,
      },
      old.achievementKey,
    );
    const previous = tx.update(certificates).set({ replacedById: certificate.id }).where(eq(certificates.id, old.id)).returning().get();
    tx.insert(auditLog)
      .values({
        actorId: actor.id,
        action: "certificate.reissue",
        subject: `certificate:${old.code}`,
        detail: { newCode: certificate.code, from: old.holderName, to: holderName },
        at: now,
      })
      .run();
    return { ok: true, certificate, previous } as const;
  });
}

/**
 * What the course page shows: the rules (met or missing) and the certificate once issued. A member
 * of a cohort of the course sees the cohort's rules and certificate (the one they can earn); anyone
 * else the self-paced ones.
 */
export function certificatePanel(db: Db, userId: string, course: Course, cohortId: string | null = null) {
  const certificate = liveCertificate(db, cohortId ? cohortKey(cohortId, userId) : selfPacedKey(userId, course.slug));
  const evaluation = evaluateCertificateRules(db, { userId, course, cohortId });
  return {
    met: evaluation.met,
    rules: evaluation.rules,
    certificate: certificate ? { code: certificate.code, status: certificateStatus(certificate) } : null,
  };
}
