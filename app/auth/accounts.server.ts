import { randomUUID } from "node:crypto";
import { desc, eq, or, sql } from "drizzle-orm";
import { z } from "zod";
import { inTransaction, type Db } from "#db/client";
import { auditLog, CONSTITUENT_GROUPS, ROLES, SEXES, users, type Role, type User } from "#db/schema";
import { UI_LOCALES } from "#app/content/locales";
import { COUNTRY_CODES } from "#app/countries/countries.server";
import { choice, requiredText, text } from "#app/forms.server";
import { hashPassword, timingDummyHash, verifyPassword } from "./password.server";
import { clearAttempts, limitAttempts, refundAttempt, RULES } from "./rate-limit.server";
import { createSession, invalidateUserSessions } from "./session.server";

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

export const emailField = z.string().trim().toLowerCase().min(1, "validation.required").max(254, "validation.tooLong").pipe(z.email("validation.email"));
export const passwordField = z.string().min(PASSWORD_MIN, "validation.passwordShort").max(PASSWORD_MAX, "validation.passwordLong");

/**
 * The name in Latin letters (optional): Latin letters with their accents, spaces, hyphens,
 * apostrophes and full stops only — it is printed for readers who cannot read the name's own script.
 * Absent from a form: left as it is.
 */
export const nameLatinField = text(120)
  .refine((v) => /^[\p{Script=Latin}\p{M}\s'’.-]*$/u.test(v), "validation.latinLetters")
  .optional();

export const ProfileFields = {
  name: requiredText(120),
  nameLatin: nameLatinField,
  // An ISO 3166-1 alpha-2 code from the select (docs/decisions/0012).
  country: z.string().refine((c) => (COUNTRY_CODES as string[]).includes(c), "validation.country"),
  organisation: text(160),
  constituentGroup: choice(CONSTITUENT_GROUPS),
  sex: choice(SEXES),
  jobTitle: text(120),
  locale: choice(UI_LOCALES),
};

export const RegisterSchema = z.object({ ...ProfileFields, email: emailField, password: passwordField });
export const LoginSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, "validation.required").max(254, "validation.tooLong"),
  password: z.string().min(1, "validation.required").max(PASSWORD_MAX, "validation.passwordLong"),
});
export const ProfileSchema = z.object({ ...ProfileFields, liteMode: z.enum(["on"]).optional() });
export const PasswordChangeSchema = z.object({
  currentPassword: z.string().min(1, "validation.required").max(PASSWORD_MAX, "validation.passwordLong"),
  newPassword: passwordField,
});

export type RegisterInput = z.infer<typeof RegisterSchema>;

export function findUserByEmail(db: Db, emailAddress: string): User | undefined {
  return db.select().from(users).where(eq(users.email, emailAddress.trim().toLowerCase())).get();
}

/** Creates an account. Returns null when the email is taken (the caller must not say so plainly). */
export async function registerUser(db: Db, input: RegisterInput, role: Role = "learner"): Promise<User | null> {
  const passwordHash = await hashPassword(input.password);
  return inTransaction(db, (tx) => insertAccount(tx, input, passwordHash, role));
}

function insertAccount(tx: Db, input: RegisterInput, passwordHash: string, role: Role): User | null {
  if (findUserByEmail(tx, input.email)) return null;
  const { password: _pw, ...profile } = input;
  const user = tx
    .insert(users)
    .values({ id: randomUUID(), ...profile, passwordHash, role })
    .returning()
    .get();
  tx.insert(auditLog)
    .values({ actorId: user.id, action: "user.register", subject: `user:${user.id}` })
    .run();
  return user;
}

/**
 * Registration from /register and /join/<code>: the account and its first session in ONE
 * transaction, so a failure (a full disk) leaves no account without a session behind. `then` runs
 * in the same transaction (joining a cohort). Null when the e-mail is taken.
 */
export async function registerAndStartSession<T = undefined>(
  db: Db,
  input: RegisterInput,
  then?: (tx: Db, user: User) => T,
): Promise<{ user: User; token: string; expiresAt: number; then: T | undefined } | null> {
  const passwordHash = await hashPassword(input.password);
  return inTransaction(db, (tx) => {
    const user = insertAccount(tx, input, passwordHash, "learner");
    if (!user) return null;
    const session = createSession(tx, user.id);
    return { user, ...session, then: then ? then(tx, user) : undefined };
  });
}

export type LoginResult = { ok: true; user: User } | { ok: false; reason: "invalid" | "throttled" | "deactivated"; retryAt?: number };

/**
 * Checks credentials. The attempt is reserved atomically BEFORE the password is verified (so
 * concurrent guesses cannot all be evaluated): per (account, address) pair 5 free attempts, then
 * growing delays; per address a generous cap on failures (a workshop shares one NAT address). A
 * success clears its pair and gives the address its attempt back. There is no per-account lock: a
 * guesser elsewhere never shuts the owner out. The same work is done whether or not the account
 * exists, so timing does not reveal accounts.
 */
export async function authenticate(db: Db, emailAddress: string, passwordInput: string, ip: string, now = Date.now()): Promise<LoginResult> {
  const email = emailAddress.trim().toLowerCase();
  const pairKey = `login:pair:${email}|${ip}`;
  const ipKey = `login:ip:${ip}`;
  const reserved = limitAttempts(
    db,
    [
      { key: pairKey, rule: RULES.loginPerPair },
      { key: ipKey, rule: RULES.loginPerIp },
    ],
    now,
  );
  if (!reserved.allowed) return { ok: false, reason: "throttled", retryAt: reserved.retryAt };
  const user = findUserByEmail(db, email);
  const valid = await verifyPassword(passwordInput, user?.passwordHash ?? (await timingDummyHash()));
  if (user && valid) {
    clearAttempts(db, pairKey);
    refundAttempt(db, ipKey);
    // Said only to someone who knows the password, so it reveals nothing about who has an account.
    if (user.deactivatedAt !== null) return { ok: false, reason: "deactivated" };
    return { ok: true, user };
  }
  return { ok: false, reason: "invalid" };
}

export function updateProfile(db: Db, userId: string, input: z.infer<typeof ProfileSchema>) {
  const { liteMode, ...profile } = input;
  db.update(users)
    .set({ ...profile, liteMode: liteMode === "on", updatedAt: Date.now() })
    .where(eq(users.id, userId))
    .run();
}

export type PasswordChangeResult = { ok: true } | { ok: false; reason: "wrong-password" } | { ok: false; reason: "throttled"; retryAt: number };

/**
 * Changes the password and ends every session of the user (the caller then issues a new one). The
 * current-password check is limited like a login (reserved before scrypt), per account: a stolen
 * session cannot be used to guess the password.
 */
export async function changePassword(db: Db, user: User, current: string, next: string, now = Date.now()): Promise<PasswordChangeResult> {
  const key = `password-check:${user.id}`;
  const reserved = limitAttempts(db, [{ key, rule: RULES.passwordCheck }], now);
  if (!reserved.allowed) return { ok: false, reason: "throttled", retryAt: reserved.retryAt };
  if (!(await verifyPassword(current, user.passwordHash))) return { ok: false, reason: "wrong-password" };
  clearAttempts(db, key);
  const passwordHash = await hashPassword(next);
  inTransaction(db, (tx) => {
    tx.update(users).set({ passwordHash, updatedAt: Date.now() }).where(eq(users.id, user.id)).run();
    invalidateUserSessions(tx, user.id);
    tx.insert(auditLog)
      .values({ actorId: user.id, action: "user.password-change", subject: `user:${user.id}` })
      .run();
  });
  return { ok: true };
}

export const RoleChangeSchema = z.object({ userId: z.string().min(1).max(64), role: choice(ROLES) });

/** An admin changes a role; the user's sessions end so the new role applies at once. */
export function setRole(db: Db, actor: User, userId: string, role: Role): "ok" | "not-found" | "self-demote" {
  if (actor.id === userId && role !== "admin") return "self-demote";
  return inTransaction(db, (tx) => {
    const target = tx.select().from(users).where(eq(users.id, userId)).get();
    if (!target) return "not-found";
    if (target.role === role) return "ok";
    tx.update(users).set({ role, updatedAt: Date.now() }).where(eq(users.id, userId)).run();
    invalidateUserSessions(tx, userId);
    tx.insert(auditLog)
      .values({ actorId: actor.id, action: "user.role-change", subject: `user:${userId}`, detail: { from: target.role, to: role } })
      .run();
    return "ok";
  });
}

export function searchUsers(db: Db, q: string, limit = 50): User[] {
  const pattern = `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  return db
    .select()
    .from(users)
    .where(q ? or(sql`${users.email} LIKE ${pattern} ESCAPE '\\'`, sql`${users.name} LIKE ${pattern} ESCAPE '\\'`) : undefined)
    .orderBy(desc(users.createdAt))
    .limit(limit)
    .all();
}
