import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { eq, lt, or, sql } from "drizzle-orm";
import { inTransaction, preparedQuery, type Db } from "#db/client";
import { sessions, users, type User } from "#db/schema";

// Sessions per Lucia's guide (lucia-auth.com/sessions/basic): a random token lives only in the
// cookie; the database keeps its SHA-256. Sessions last 30 days and slide when half-way through.
export const SESSION_COOKIE = "shp_session";
const DAY = 24 * 60 * 60 * 1000;
export const SESSION_TTL = 30 * DAY;
/**
 * Absolute lifetime: however active, a session ends this long after it was created (a stolen
 * cookie does not live for ever through sliding expiry).
 */
export const SESSION_MAX_AGE = 90 * DAY;
/**
 * Expired rows are kept this long before housekeeping deletes them: a clock that runs ahead for a
 * while makes sessions look expired (they are refused meanwhile) but must not destroy them.
 */
export const CLOCK_SKEW_GRACE = DAY;

export function generateSessionToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function sessionIdFromToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** How often a signed-in person's `last_active_at` is brought forward: at most once an hour. */
export const LAST_ACTIVE_RESOLUTION = 60 * 60 * 1000;

/** A sign-in: a new session, and the person's last activity (retention counts it after the session is gone). */
export function createSession(db: Db, userId: string, now = Date.now()) {
  const token = generateSessionToken();
  const expiresAt = now + SESSION_TTL;
  inTransaction(db, (tx) => {
    tx.insert(sessions)
      .values({ id: sessionIdFromToken(token), userId, expiresAt, createdAt: now })
      .run();
    tx.update(users).set({ lastActiveAt: now }).where(eq(users.id, userId)).run();
  });
  return { token, expiresAt };
}

export type SessionValidation =
  { user: User; sessionId: string; expiresAt: number; refreshed: boolean } | { user: null; sessionId: null; expiresAt: null; refreshed: false };

const NONE: SessionValidation = { user: null, sessionId: null, expiresAt: null, refreshed: false };

// Every request with a session cookie runs this lookup.
const sessionWithUser = preparedQuery((db) =>
  db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(sessions.userId, users.id))
    .where(eq(sessions.id, sql.placeholder("id")))
    .prepare(),
);

export function validateSessionToken(db: Db, token: string, now = Date.now()): SessionValidation {
  if (!/^[a-z2-7]{32}$/.test(token)) return NONE;
  const sessionId = sessionIdFromToken(token);
  const row = sessionWithUser(db).get({ id: sessionId });
  if (!row) return NONE;
  const endsAt = row.session.createdAt + SESSION_MAX_AGE;
  // A deactivated account's sessions end (deactivation deletes them; this also covers a race).
  if (row.user.deactivatedAt !== null) {
    db.delete(sessions).where(eq(sessions.id, sessionId)).run();
    return NONE;
  }
  // Refused, not deleted: scheduled housekeeping deletes expired rows after CLOCK_SKEW_GRACE.
  if (now >= row.session.expiresAt || now >= endsAt) return NONE;
  // Activity for retention: the user row is already in hand, so the comparison costs nothing and
  // the write happens at most once an hour per person.
  if (row.user.lastActiveAt === null || now - row.user.lastActiveAt >= LAST_ACTIVE_RESOLUTION) {
    db.update(users).set({ lastActiveAt: now }).where(eq(users.id, row.user.id)).run();
    row.user.lastActiveAt = now;
  }
  let expiresAt = row.session.expiresAt;
  let refreshed = false;
  if (now >= expiresAt - SESSION_TTL / 2) {
    const next = Math.min(now + SESSION_TTL, endsAt);
    if (next > expiresAt) {
      expiresAt = next;
      db.update(sessions).set({ expiresAt }).where(eq(sessions.id, sessionId)).run();
      refreshed = true;
    }
  }
  return { user: row.user, sessionId, expiresAt, refreshed };
}

export function invalidateSession(db: Db, sessionId: string) {
  db.delete(sessions).where(eq(sessions.id, sessionId)).run();
}

/** Ends every session of a user (password change, role change), optionally keeping one. */
export function invalidateUserSessions(db: Db, userId: string) {
  db.delete(sessions).where(eq(sessions.userId, userId)).run();
}

/** Deletes sessions past their expiry or absolute lifetime by more than CLOCK_SKEW_GRACE; returns how many. */
export function deleteExpiredSessions(db: Db, now = Date.now()): number {
  const cutoff = now - CLOCK_SKEW_GRACE;
  return db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, cutoff), lt(sessions.createdAt, cutoff - SESSION_MAX_AGE)))
    .run().changes;
}

export function sessionCookie(token: string, expiresAt: number, secure: boolean): string {
  const parts = [`${SESSION_COOKIE}=${token}`, "Path=/", "HttpOnly", "SameSite=Lax", `Expires=${new Date(expiresAt).toUTCString()}`];
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

export function blankSessionCookie(secure: boolean): string {
  return [`${SESSION_COOKIE}=`, "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=0", ...(secure ? ["Secure"] : [])].join("; ");
}

export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const eqAt = part.indexOf("=");
    if (eqAt === -1) continue;
    if (part.slice(0, eqAt).trim() === name) return part.slice(eqAt + 1).trim();
  }
  return null;
}
