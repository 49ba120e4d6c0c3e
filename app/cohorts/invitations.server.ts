import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { and, desc, eq, gt, inArray, isNull, ne } from "drizzle-orm";
import { inTransaction, type Db } from "#db/client";
import { auditLog, cohortInvitations, cohortMembers, cohorts, setPasswordTokens, users, type SetPasswordPurpose, type User } from "#db/schema";
import { joinCohortAndSettle } from "#app/learning/achievements.server";
import { hashPassword } from "#app/auth/password.server";
import { invalidateUserSessions } from "#app/auth/session.server";
import { notify } from "#app/notifications/notify.server";

export const SET_PASSWORD_TTL = 14 * 24 * 60 * 60 * 1000;
/** The password hash of an account created by a trainer, before its owner sets a password. */
export const NO_PASSWORD_YET = "!set-password-link";

export type SetPasswordLink = { userId: string; name: string; email: string; url: string; expiresAt: number };

function tokenId(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/**
 * Creates a one-time link for the user to choose a password: "invitation" (a trainer's printed link
 * for an account their import created, 14 days) or "reset" (see app/auth/password-reset.server.ts).
 * Only the SHA-256 of the token is stored; earlier unused links of the SAME purpose stop working, so
 * an anonymous reset request cannot void a printed invitation.
 */
export function issueSetPasswordLink(
  db: Db,
  user: Pick<User, "id" | "name" | "email">,
  purpose: SetPasswordPurpose,
  origin: string,
  now = Date.now(),
  ttlMs = SET_PASSWORD_TTL,
): SetPasswordLink {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  const token = encodeBase32LowerCaseNoPadding(bytes);
  const expiresAt = now + ttlMs;
  db.update(setPasswordTokens)
    .set({ usedAt: now })
    .where(and(eq(setPasswordTokens.userId, user.id), eq(setPasswordTokens.purpose, purpose), isNull(setPasswordTokens.usedAt)))
    .run();
  db.insert(setPasswordTokens)
    .values({ id: tokenId(token), userId: user.id, purpose, expiresAt, createdAt: now })
    .run();
  return { userId: user.id, name: user.name, email: user.email, url: `${origin}/set-password/${token}`, expiresAt };
}

/**
 * The account a valid, unused, unexpired token belongs to. An invitation link is valid only while
 * the account has never had a password.
 */
export function userForSetPasswordToken(db: Db, token: string, now = Date.now()): User | null {
  if (!/^[a-z2-7]{32}$/.test(token)) return null;
  const row = db
    .select({ user: users, purpose: setPasswordTokens.purpose })
    .from(setPasswordTokens)
    .innerJoin(users, eq(users.id, setPasswordTokens.userId))
    .where(and(eq(setPasswordTokens.id, tokenId(token)), isNull(setPasswordTokens.usedAt), gt(setPasswordTokens.expiresAt, now)))
    .get();
  if (!row) return null;
  if (row.purpose === "invitation" && row.user.passwordHash !== NO_PASSWORD_YET) return null;
  return row.user;
}

/** Sets the password with a token, once. Returns the user, or null if the link is not valid (any more). */
export async function setPasswordWithToken(db: Db, token: string, password: string, now = Date.now()): Promise<User | null> {
  if (!userForSetPasswordToken(db, token, now)) return null;
  const passwordHash = await hashPassword(password);
  return inTransaction(db, (tx) => {
    const user = userForSetPasswordToken(tx, token, now);
    if (!user) return null;
    // This link and every other outstanding link of the account (invitation or reset) are spent.
    tx.update(setPasswordTokens)
      .set({ usedAt: now })
      .where(and(eq(setPasswordTokens.userId, user.id), isNull(setPasswordTokens.usedAt)))
      .run();
    tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, user.id)).run();
    invalidateUserSessions(tx, user.id);
    tx.insert(auditLog)
      .values({ actorId: user.id, action: "user.set-password", subject: `user:${user.id}` })
      .run();
    return user;
  });
}

/** The cohort's participants whose accounts this cohort's import created and who never set a password. */
function awaitingPassword(db: Db, cohortId: string, onlyUserIds?: string[]) {
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(cohortMembers)
    .innerJoin(users, eq(users.id, cohortMembers.userId))
    .where(
      and(
        eq(cohortMembers.cohortId, cohortId),
        eq(users.createdByCohortId, cohortId),
        eq(users.passwordHash, NO_PASSWORD_YET),
        onlyUserIds ? inArray(users.id, onlyUserIds) : undefined,
      ),
    )
    .orderBy(users.name)
    .all();
}

/**
 * New invitation links for the cohort's participants who have not yet set a password (all of them,
 * or the ones listed). Only for accounts THIS cohort's import created and that never had a password:
 * another trainer importing the same address gets an invitation to answer, never a link. Links
 * cannot be shown twice (only their hash is kept); printing again issues fresh invitation links and
 * retires the older invitation links (never a reset link the person asked for). Audited.
 */
export function reissueCohortLinks(
  db: Db,
  actor: Pick<User, "id">,
  cohortId: string,
  origin: string,
  onlyUserIds?: string[],
  now = Date.now(),
): SetPasswordLink[] {
  const links = inTransaction(db, (tx) => {
    const out = awaitingPassword(tx, cohortId, onlyUserIds).map((u) => issueSetPasswordLink(tx, u, "invitation", origin, now));
    if (out.length)
      tx.insert(auditLog)
        .values({ actorId: actor.id, action: "cohort.reissue-links", subject: `cohort:${cohortId}`, detail: { userIds: out.map((l) => l.userId) } })
        .run();
    return out;
  });
  if (process.env.NODE_ENV !== "production") for (const l of links) console.log(`set-password link for ${l.email}: ${l.url}`);
  return links;
}

/** Ids of the cohort's participants still waiting to set a password (accounts this cohort created). */
export function membersWithoutPassword(db: Db, cohortId: string): Set<string> {
  return new Set(awaitingPassword(db, cohortId).map((r) => r.id));
}

// ── Invitations of existing accounts ───────────────────────────────────────────────────────

export type InviteOutcome = "invited" | "already-invited" | "declined" | "member";

/**
 * Invites an existing account into a cohort (inside the caller's transaction) and tells its owner
 * (a notification on /me and an e-mail through the job queue, in their language). Idempotent: a
 * pending invitation stays as it is; a declined one is not renewed (the person said no; they can
 * still join by code); one accepted earlier by someone since removed becomes pending again.
 */
export function inviteExistingAccount(
  tx: Db,
  actor: Pick<User, "id">,
  cohortId: string,
  user: Pick<User, "id">,
  email: string,
  now = Date.now(),
): InviteOutcome {
  if (
    tx
      .select({ u: cohortMembers.userId })
      .from(cohortMembers)
      .where(and(eq(cohortMembers.cohortId, cohortId), eq(cohortMembers.userId, user.id)))
      .get()
  )
    return "member";
  const existing = tx
    .select()
    .from(cohortInvitations)
    .where(and(eq(cohortInvitations.cohortId, cohortId), eq(cohortInvitations.userId, user.id)))
    .get();
  if (existing?.status === "pending") return "already-invited";
  if (existing?.status === "declined") return "declined";
  tx.insert(cohortInvitations)
    .values({ cohortId, userId: user.id, email, status: "pending", invitedBy: actor.id, createdAt: now, respondedAt: null })
    .onConflictDoUpdate({
      target: [cohortInvitations.cohortId, cohortInvitations.userId],
      set: { email, status: "pending", invitedBy: actor.id, createdAt: now, respondedAt: null },
    })
    .run();
  tx.insert(auditLog)
    .values({ actorId: actor.id, action: "cohort.invite", subject: `user:${user.id}`, detail: { cohortId } })
    .run();
  const cohort = tx.select({ title: cohorts.title }).from(cohorts).where(eq(cohorts.id, cohortId)).get();
  const inviter = tx.select({ name: users.name }).from(users).where(eq(users.id, actor.id)).get();
  notify(tx, {
    userId: user.id,
    kind: "cohort-invitation",
    key: `cohort-invitation:${cohortId}:${user.id}:${now}`,
    params: { cohortId, cohort: cohort?.title ?? "", trainer: inviter?.name ?? "" },
    now,
  });
  return "invited";
}

/** What a trainer sees of the cohort's invitations: the address they typed and the status, nothing else. */
export function cohortInvitationList(db: Db, cohortId: string) {
  return db
    .select({ email: cohortInvitations.email, status: cohortInvitations.status, createdAt: cohortInvitations.createdAt })
    .from(cohortInvitations)
    .where(and(eq(cohortInvitations.cohortId, cohortId), ne(cohortInvitations.status, "accepted")))
    .orderBy(cohortInvitations.email)
    .all();
}

/** The invitations waiting for the person's answer (shown on /me). */
export function pendingInvitationsFor(db: Db, userId: string) {
  return db
    .select({
      cohortId: cohorts.id,
      title: cohorts.title,
      courseSlug: cohorts.courseSlug,
      startsOn: cohorts.startsOn,
      endsOn: cohorts.endsOn,
      venue: cohorts.venue,
      invitedBy: users.name,
    })
    .from(cohortInvitations)
    .innerJoin(cohorts, eq(cohorts.id, cohortInvitations.cohortId))
    .leftJoin(users, eq(users.id, cohortInvitations.invitedBy))
    .where(and(eq(cohortInvitations.userId, userId), eq(cohortInvitations.status, "pending")))
    .orderBy(desc(cohortInvitations.createdAt))
    .all();
}

export type InvitationAnswer = { ok: true; status: "accepted" | "declined"; courseSlug: string } | { ok: false; reason: "not-found" | "full" };

/**
 * The invited person answers. Accepting joins the cohort in the same transaction, with the capacity
 * checked then (a full cohort leaves the invitation pending); both answers are audited.
 */
export function answerInvitation(db: Db, userId: string, cohortId: string, answer: "accept" | "decline", now = Date.now()): InvitationAnswer {
  return inTransaction(db, (tx) => {
    const row = tx
      .select({ invitation: cohortInvitations, courseSlug: cohorts.courseSlug })
      .from(cohortInvitations)
      .innerJoin(cohorts, eq(cohorts.id, cohortInvitations.cohortId))
      .where(and(eq(cohortInvitations.cohortId, cohortId), eq(cohortInvitations.userId, userId), eq(cohortInvitations.status, "pending")))
      .get();
    if (!row) return { ok: false, reason: "not-found" };
    if (answer === "accept") {
      // The joining use case: membership, enrolment and the achievements it settles, in this transaction.
      const { result: joined } = joinCohortAndSettle(tx, { cohortId, courseSlug: row.courseSlug, userId, viaCode: false });
      if (joined === "full") return { ok: false, reason: "full" };
    }
    const status = answer === "accept" ? "accepted" : "declined";
    tx.update(cohortInvitations)
      .set({ status, respondedAt: now })
      .where(and(eq(cohortInvitations.cohortId, cohortId), eq(cohortInvitations.userId, userId)))
      .run();
    tx.insert(auditLog)
      .values({ actorId: userId, action: `cohort.invitation-${answer}`, subject: `cohort:${cohortId}`, detail: { userId } })
      .run();
    return { ok: true, status, courseSlug: row.courseSlug };
  });
}
