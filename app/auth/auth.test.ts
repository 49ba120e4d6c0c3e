import { describe, expect, it } from "vitest";
import { createTestDb, insertUser } from "#tests/helpers/db";
import { sessions, users } from "#db/schema";
import { hashPassword, verifyPassword } from "./password.server";
import {
  createSession,
  invalidateSession,
  invalidateUserSessions,
  SESSION_TTL,
  sessionIdFromToken,
  validateSessionToken,
  deleteExpiredSessions,
} from "./session.server";
import { authenticate, changePassword, ProfileSchema, RegisterSchema, registerAndStartSession, registerUser, setRole } from "./accounts.server";
import { limitAttempts, refundAttempt, RULES } from "./rate-limit.server";

describe("passwords", () => {
  it("verifies the right password and rejects a wrong one, with a per-user salt", async () => {
    const a = await hashPassword("correct horse battery");
    const b = await hashPassword("correct horse battery");
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse battery", a)).toBe(true);
    expect(await verifyPassword("correct horse batterY", a)).toBe(false);
    expect(await verifyPassword("x", "garbage")).toBe(false);
  });
});

describe("sessions", () => {
  it("stores only the SHA-256 of the token and validates it", () => {
    const db = createTestDb();
    const user = insertUser(db);
    const { token } = createSession(db, user.id);
    const row = db.select().from(sessions).get()!;
    expect(row.id).toBe(sessionIdFromToken(token));
    expect(row.id).not.toContain(token);
    expect(validateSessionToken(db, token).user?.id).toBe(user.id);
    const tampered = token.slice(0, -1) + (token.endsWith("a") ? "b" : "a");
    expect(validateSessionToken(db, tampered).user).toBeNull();
  });

  it("expires after 30 days and slides when past half-life", () => {
    const db = createTestDb();
    const user = insertUser(db);
    const t0 = 1_700_000_000_000;
    const { token } = createSession(db, user.id, t0);
    const early = validateSessionToken(db, token, t0 + 1000);
    expect(early.refreshed).toBe(false);
    const late = validateSessionToken(db, token, t0 + SESSION_TTL * 0.6);
    expect(late.refreshed).toBe(true);
    expect(late.expiresAt).toBe(t0 + SESSION_TTL * 0.6 + SESSION_TTL);
    expect(validateSessionToken(db, token, t0 + SESSION_TTL * 1.7).user).toBeNull();
    // Refused, not deleted: housekeeping deletes it once a day past its end (clock-skew grace).
    expect(db.select().from(sessions).all()).toHaveLength(1);
    deleteExpiredSessions(db, t0 + SESSION_TTL * 1.7 + 2 * 24 * 60 * 60 * 1000);
    expect(db.select().from(sessions).all()).toHaveLength(0);
  });

  it("logout ends one session; password change ends all", async () => {
    const db = createTestDb();
    const user = await registerUser(db, {
      email: "a@example.org",
      password: "first-password-1",
      name: "A",
      country: "LA",
      organisation: "",
      constituentGroup: "government",
      sex: "woman",
      jobTitle: "",
      locale: "lo",
    });
    const s1 = createSession(db, user!.id);
    const s2 = createSession(db, user!.id);
    invalidateSession(db, sessionIdFromToken(s1.token));
    expect(validateSessionToken(db, s1.token).user).toBeNull();
    expect(validateSessionToken(db, s2.token).user).not.toBeNull();
    expect(await changePassword(db, user!, "wrong-password", "second-password-2")).toEqual({ ok: false, reason: "wrong-password" });
    expect(await changePassword(db, user!, "first-password-1", "second-password-2")).toEqual({ ok: true });
    expect(validateSessionToken(db, s2.token).user).toBeNull();
    invalidateUserSessions(db, user!.id);
  });
});

describe("accounts", () => {
  const input = {
    email: "Person@Example.org",
    password: "a-long-password",
    name: "P",
    country: "VN",
    organisation: "VSS",
    constituentGroup: "social-security-institution" as const,
    sex: "man" as const,
    jobTitle: "Officer",
    locale: "vi" as const,
  };

  it("refuses a second account with the same email (case-insensitive after parsing)", async () => {
    const db = createTestDb();
    expect(await registerUser(db, { ...input, email: "person@example.org" })).not.toBeNull();
    expect(await registerUser(db, { ...input, email: "person@example.org" })).toBeNull();
  });

  it("attack: 30 concurrent wrong passwords are not all evaluated (the attempt is reserved before scrypt)", async () => {
    const db = createTestDb();
    await registerUser(db, { ...input, email: "person@example.org" });
    const results = await Promise.all(Array.from({ length: 30 }, () => authenticate(db, "person@example.org", "nope-nope-nope", "1.1.1.1")));
    const evaluated = results.filter((r) => !r.ok && r.reason === "invalid").length;
    expect(evaluated).toBeLessThanOrEqual(5);
    expect(results.filter((r) => !r.ok && r.reason === "throttled")).toHaveLength(30 - evaluated);
  });

  it("slows one address down with growing delays, and never locks the account for a person at another address", async () => {
    const db = createTestDb();
    await registerUser(db, { ...input, email: "person@example.org" });
    const t0 = 1_700_000_000_000;
    for (let i = 0; i < 5; i++) expect(await authenticate(db, "person@example.org", "nope-nope-nope", "1.1.1.1", t0)).toEqual({ ok: false, reason: "invalid" });
    // The guesser now waits 30 s, then 1 min, then 2 min … (even the right password is not checked while waiting).
    expect(await authenticate(db, "person@example.org", "a-long-password", "1.1.1.1", t0 + 1000)).toMatchObject({
      ok: false,
      reason: "throttled",
      retryAt: t0 + 30_000,
    });
    expect(await authenticate(db, "person@example.org", "nope-nope-nope", "1.1.1.1", t0 + 30_000)).toEqual({ ok: false, reason: "invalid" });
    expect(await authenticate(db, "person@example.org", "nope-nope-nope", "1.1.1.1", t0 + 31_000)).toMatchObject({
      ok: false,
      reason: "throttled",
      retryAt: t0 + 90_000,
    });
    // The account's owner, elsewhere, logs in at once.
    expect(await authenticate(db, "person@example.org", "a-long-password", "2.2.2.2", t0 + 31_000)).toMatchObject({ ok: true });
  });

  it("caps failures per address generously (a workshop behind one NAT), and successes do not count", async () => {
    const db = createTestDb();
    await registerUser(db, { ...input, email: "person@example.org" });
    const t0 = 1_700_000_000_000;
    for (let i = 0; i < 3; i++) expect((await authenticate(db, "person@example.org", "a-long-password", "9.9.9.9", t0)).ok).toBe(true);
    // 99 failures from the address (counted as the login does), then the 100th for real.
    for (let i = 0; i < 99; i++) limitAttempts(db, [{ key: "login:ip:9.9.9.9", rule: RULES.loginPerIp }], t0);
    expect(await authenticate(db, "p100@example.org", "nope-nope-nope", "9.9.9.9", t0)).toEqual({ ok: false, reason: "invalid" });
    expect(await authenticate(db, "person@example.org", "a-long-password", "9.9.9.9", t0)).toMatchObject({ ok: false, reason: "throttled" });
    expect((await authenticate(db, "person@example.org", "a-long-password", "8.8.8.8", t0)).ok).toBe(true);
  });

  it("attack: registration on a full disk commits nothing (account and session in one transaction)", async () => {
    const db = createTestDb();
    // The session insert fails, as it would on a full disk.
    db.$client.exec("CREATE TRIGGER no_sessions BEFORE INSERT ON sessions BEGIN SELECT RAISE(ABORT, 'disk full'); END;");
    await expect(registerAndStartSession(db, { ...input, email: "person@example.org" })).rejects.toThrow(/disk full/);
    expect(db.select().from(users).all()).toHaveLength(0);
  });

  it("gives the same answer for unknown accounts and wrong passwords", async () => {
    const db = createTestDb();
    await registerUser(db, { ...input, email: "person@example.org" });
    expect(await authenticate(db, "nobody@example.org", "whatever-123", "3.3.3.3")).toEqual({ ok: false, reason: "invalid" });
    expect(await authenticate(db, "person@example.org", "whatever-123", "3.3.3.3")).toEqual({ ok: false, reason: "invalid" });
  });

  it("role change is admin-audited, ends the target's sessions and forbids self-demotion", () => {
    const db = createTestDb();
    const admin = insertUser(db, { role: "admin" });
    const user = insertUser(db);
    const s = createSession(db, user.id);
    expect(setRole(db, admin, user.id, "trainer")).toBe("ok");
    expect(validateSessionToken(db, s.token).user).toBeNull();
    expect(setRole(db, admin, admin.id, "learner")).toBe("self-demote");
    expect(setRole(db, admin, "missing", "trainer")).toBe("not-found");
  });
});

describe("rate limits", () => {
  it("counts within a fixed window and resets after it; refused attempts are not counted", () => {
    const db = createTestDb();
    const rule = { kind: "window", limit: 2, windowMs: 1000 } as const;
    expect(limitAttempts(db, [{ key: "k", rule }], 0).allowed).toBe(true);
    expect(limitAttempts(db, [{ key: "k", rule }], 10).allowed).toBe(true);
    expect(limitAttempts(db, [{ key: "k", rule }], 20)).toEqual({ allowed: false, retryAt: 1000, key: "k" });
    refundAttempt(db, "k");
    expect(limitAttempts(db, [{ key: "k", rule }], 30).allowed).toBe(true);
    expect(limitAttempts(db, [{ key: "k", rule }], 1500).allowed).toBe(true);
  });

  it("reserves under several keys together or not at all", () => {
    const db = createTestDb();
    const one = { kind: "window", limit: 1, windowMs: 1000 } as const;
    const many = { kind: "window", limit: 10, windowMs: 1000 } as const;
    expect(limitAttempts(db, [{ key: "a", rule: one }], 0).allowed).toBe(true);
    for (let i = 0; i < 5; i++)
      expect(
        limitAttempts(
          db,
          [
            { key: "b", rule: many },
            { key: "a", rule: one },
          ],
          0,
        ).allowed,
      ).toBe(false);
    // "b" was never counted, because "a" refused.
    for (let i = 0; i < 10; i++) expect(limitAttempts(db, [{ key: "b", rule: many }], 0).allowed).toBe(true);
  });

  it("attack: the current-password check on /me/profile is throttled (reserved before scrypt)", async () => {
    const db = createTestDb();
    const user = await registerUser(db, {
      email: "p@example.org",
      password: "first-password-1",
      name: "P",
      country: "Lao PDR",
      organisation: "",
      constituentGroup: "government",
      sex: "woman",
      jobTitle: "",
      locale: "lo",
    });
    const results = await Promise.all(Array.from({ length: 20 }, () => changePassword(db, user!, "guess-guess-guess", "second-password-2")));
    expect(results.filter((r) => !r.ok && r.reason === "wrong-password").length).toBeLessThanOrEqual(5);
    expect(await changePassword(db, user!, "first-password-1", "second-password-2")).toMatchObject({ ok: false, reason: "throttled" });
  });
});

describe("country is an ISO code from the list", () => {
  const base = {
    email: "c@example.org",
    password: "a-long-password",
    name: "C",
    organisation: "",
    constituentGroup: "government",
    sex: "woman",
    jobTitle: "",
    locale: "lo",
  };
  it("refuses free text, which made one country three in reports", () => {
    for (const country of ["Laos", "Lao PDR", "ລາວ", "la", "XX", ""]) {
      const r = RegisterSchema.safeParse({ ...base, country });
      expect(r.success, country).toBe(false);
      expect(r.error?.issues[0]?.message).toBe("validation.country");
    }
    expect(ProfileSchema.safeParse({ ...base, country: "Viet Nam" }).success).toBe(false);
  });
  it("accepts a code", () => {
    expect(RegisterSchema.safeParse({ ...base, country: "LA" }).success).toBe(true);
    expect(ProfileSchema.safeParse({ ...base, country: "VN" }).success).toBe(true);
  });
});
