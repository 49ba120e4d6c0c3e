import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { and, eq, gt, inArray, isNull } from "drizzle-orm";
import { inTransaction, type Db } from "#db/client";
import { auditLog, cohortMembers, setPasswordTokens, users, type User } from "#db/schema";
import { hashPassword } from "#app/auth/password.server";
import { invalidateUserSessions } from "#app/auth/session.server";

export const SET_PASSWORD_TTL = 14 * 24 * 60 * 60 * 1000;
/** The password hash of an account created by a trainer, before its owner sets a password. */
export const NO_PASSWORD_YET = "!set-password-link";

export type SetPasswordLink = { userId: string; name: string; email: string; url: string; expiresAt: number };

function tokenId(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/**
 * Creates a one-time link for the user to choose a password (cohort invitations: 14 days;
 * password resets: see app/auth/password-reset.server.ts). Only the SHA-256 of the token is
 * stored; earlier unused links of the user stop working.
 */
export function issueSetPasswordLink(
  db: Db,
  user: Pick<User, "id" | "name" | "email">,
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
    .where(and(eq(setPasswordTokens.userId, user.id), isNull(setPasswordTokens.usedAt)))
    .run();
  db.insert(setPasswordTokens).values({ id: tokenId(token), userId: user.id, expiresAt, createdAt: now }).run();
  return { userId: user.id, name: user.name, email: user.email, url: `${origin}/set-password/${token}`, expiresAt };
}

/** The account a valid, unused, unexpired token belongs to. */
export function userForSetPasswordToken(db: Db, token: string, now = Date.now()): User | null {
  if (!/^[a-z2-7]{32}$/.test(token)) return null;
  const row = db
    .select({ user: users })
    .from(setPasswordTokens)
    .innerJoin(users, eq(users.id, setPasswordTokens.userId))
    .where(and(eq(setPasswordTokens.id, tokenId(token)), isNull(setPasswordTokens.usedAt), gt(setPasswordTokens.expiresAt, now)))
    .get();
  return row?.user ?? null;
}

/** Sets the password with a token, once. Returns the user, or null if the link is not valid (any more). */
export async function setPasswordWithToken(db: Db, token: string, password: string, now = Date.now()): Promise<User | null> {
  if (!userForSetPasswordToken(db, token, now)) return null;
  const passwordHash = await hashPassword(password);
  return inTransaction(db, (tx) => {
    const user = userForSetPasswordToken(tx, token, now);
    if (!user) return null;
    tx.update(setPasswordTokens).set({ usedAt: now }).where(eq(setPasswordTokens.id, tokenId(token))).run();
    tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, user.id)).run();
    invalidateUserSessions(tx, user.id);
    tx.insert(auditLog).values({ actorId: user.id, action: "user.set-password", subject: `user:${user.id}` }).run();
    return user;
  });
}

/**
 * New links for the cohort's participants who have not yet set a password (all of them, or the
 * ones listed). Links cannot be shown twice, because only their hash is kept; printing again
 * therefore issues fresh links and retires the old ones.
 */
export function reissueCohortLinks(db: Db, cohortId: string, origin: string, onlyUserIds?: string[], now = Date.now()): SetPasswordLink[] {
  const links = inTransaction(db, (tx) => {
    const pending = tx
      .select({ id: users.id, name: users.name, email: users.email })
      .from(cohortMembers)
      .innerJoin(users, eq(users.id, cohortMembers.userId))
      .where(and(eq(cohortMembers.cohortId, cohortId), eq(users.passwordHash, NO_PASSWORD_YET), onlyUserIds ? inArray(users.id, onlyUserIds) : undefined))
      .orderBy(users.name)
      .all();
    return pending.map((u) => issueSetPasswordLink(tx, u, origin, now));
  });
  if (process.env.NODE_ENV !== "production") for (const l of links) console.log(`set-password link for ${l.email}: ${l.url}`);
  return links;
}

/** Ids of the cohort's participants still waiting to set a password. */
export function membersWithoutPassword(db: Db, cohortId: string): Set<string> {
  return new Set(
    db
      .select({ id: users.id })
      .from(cohortMembers)
      .innerJoin(users, eq(users.id, cohortMembers.userId))
      .where(and(eq(cohortMembers.cohortId, cohortId), eq(users.passwordHash, NO_PASSWORD_YET)))
      .all()
      .map((r) => r.id),
  );
}
