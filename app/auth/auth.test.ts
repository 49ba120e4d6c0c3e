import { describe, expect, it } from "vitest";
import { createTestDb, insertUser } from "#tests/helpers/db";
import { sessions } from "#db/schema";
import { hashPassword, verifyPassword } from "./password.server";
import {
  createSession,
  invalidateSession,
  invalidateUserSessions,
  SESSION_TTL,
  sessionIdFromToken,
  validateSessionToken,
} from "./session.server";
import { authenticate, changePassword, registerUser, setRole } from "./accounts.server";
import { hitRateLimit } from "./rate-limit.server";

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
    expect(db.select().from(sessions).all()).toHaveLength(0);
  });

  it("logout ends one session; password change ends all", async () => {
    const db = createTestDb();
    const user = await registerUser(db, {
      email: "a@example.org",
      password: "first-password-1",
      name: "A",
      country: "Lao PDR",
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
    expect(await changePassword(db, user!, "wrong-password", "second-password-2")).toBe(false);
    expect(await changePassword(db, user!, "first-password-1", "second-password-2")).toBe(true);
    expect(validateSessionToken(db, s2.token).user).toBeNull();
    invalidateUserSessions(db, user!.id);
  });
});

describe("accounts", () => {
  const input = {
    email: "Person@Example.org",
    password: "a-long-password",
    name: "P",
    country: "Viet Nam",
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

  it("throttles login per account after 5 failures, even with the right password", async () => {
    const db = createTestDb();
    await registerUser(db, { ...input, email: "person@example.org" });
    for (let i = 0; i < 5; i++) expect((await authenticate(db, "person@example.org", "nope-nope-nope", "1.1.1.1")).ok).toBe(false);
    const blocked = await authenticate(db, "person@example.org", "a-long-password", "2.2.2.2");
    expect(blocked).toMatchObject({ ok: false, reason: "throttled" });
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
  it("counts within a window and resets after it", () => {
    const db = createTestDb();
    const rule = { limit: 2, windowMs: 1000 };
    expect(hitRateLimit(db, "k", rule, 0).allowed).toBe(true);
    expect(hitRateLimit(db, "k", rule, 10).allowed).toBe(true);
    expect(hitRateLimit(db, "k", rule, 20).allowed).toBe(false);
    expect(hitRateLimit(db, "k", rule, 1500).allowed).toBe(true);
  });
});

