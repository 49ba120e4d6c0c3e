import { describe, expect, it } from "vitest";
import { rateLimits, sessions, setPasswordTokens } from "#db/schema";
import { createTestDb, insertUser } from "#tests/helpers/db";
import { runHousekeeping } from "./housekeeping.server";
import { createSession, SESSION_MAX_AGE, validateSessionToken } from "./session.server";

const DAY = 24 * 60 * 60 * 1000;

describe("session lifetime", () => {
  it("a request seen while the clock runs ahead does not delete a valid session", () => {
    const db = createTestDb();
    const user = insertUser(db);
    const t0 = Date.UTC(2026, 0, 1);
    const { token } = createSession(db, user.id, t0);
    // The server's clock jumps 40 days ahead for a while: the session looks expired and is refused…
    expect(validateSessionToken(db, token, t0 + 40 * DAY).user).toBeNull();
    // …but once the clock is right again it is still there.
    expect(validateSessionToken(db, token, t0 + DAY).user?.id).toBe(user.id);
  });

  it("sliding expiry never carries a session past its absolute lifetime", () => {
    const db = createTestDb();
    const user = insertUser(db);
    const t0 = Date.UTC(2026, 0, 1);
    const { token } = createSession(db, user.id, t0);
    let last = t0;
    for (let t = t0 + 10 * DAY; t < t0 + SESSION_MAX_AGE; t += 10 * DAY) {
      const v = validateSessionToken(db, token, t);
      expect(v.user?.id, `day ${(t - t0) / DAY}`).toBe(user.id);
      expect(v.expiresAt!).toBeLessThanOrEqual(t0 + SESSION_MAX_AGE);
      last = t;
    }
    expect(last).toBeGreaterThan(t0 + 60 * DAY);
    expect(validateSessionToken(db, token, t0 + SESSION_MAX_AGE).user).toBeNull();
  });
});

describe("housekeeping", () => {
  it("removes expired sessions, used or expired set-password tokens and finished rate-limit windows, and keeps the rest", () => {
    const db = createTestDb();
    const user = insertUser(db);
    const now = Date.UTC(2026, 5, 1);
    db.insert(sessions)
      .values([
        { id: "live", userId: user.id, expiresAt: now + DAY, createdAt: now - DAY },
        { id: "just-expired", userId: user.id, expiresAt: now - 60_000, createdAt: now - 31 * DAY }, // within the clock-skew grace
        { id: "expired", userId: user.id, expiresAt: now - 3 * DAY, createdAt: now - 33 * DAY },
        { id: "too-old", userId: user.id, expiresAt: now + DAY, createdAt: now - SESSION_MAX_AGE - 2 * DAY },
      ])
      .run();
    db.insert(setPasswordTokens)
      .values([
        { id: "open", userId: user.id, expiresAt: now + DAY },
        { id: "used", userId: user.id, expiresAt: now + DAY, usedAt: now - 3 * DAY },
        { id: "lapsed", userId: user.id, expiresAt: now - 3 * DAY },
      ])
      .run();
    db.insert(rateLimits)
      .values([
        { key: "current", windowStart: now - 60_000, count: 3 },
        { key: "stale", windowStart: now - 3 * DAY, count: 9 },
      ])
      .run();
    const removed = runHousekeeping(db, now);
    expect(removed).toEqual({ sessions: 2, setPasswordTokens: 2, rateLimits: 1, jobs: 0, notifications: 0, mailDeliveries: 0 });
    expect(
      db
        .select({ id: sessions.id })
        .from(sessions)
        .all()
        .map((r) => r.id)
        .sort(),
    ).toEqual(["just-expired", "live"]);
    expect(
      db
        .select({ id: setPasswordTokens.id })
        .from(setPasswordTokens)
        .all()
        .map((r) => r.id),
    ).toEqual(["open"]);
    expect(
      db
        .select({ key: rateLimits.key })
        .from(rateLimits)
        .all()
        .map((r) => r.key),
    ).toEqual(["current"]);
    expect(runHousekeeping(db, now)).toEqual({ sessions: 0, setPasswordTokens: 0, rateLimits: 0, jobs: 0, notifications: 0, mailDeliveries: 0 });
  });
});
