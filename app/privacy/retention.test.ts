/**
 * Retention through the job queue (issue 19): a daily "retention.sweep" job finds the inactive
 * accounts and enqueues one "account.erase" job each; each erases in its own transaction after
 * checking again that the person is still inactive. Real SQLite files, the real queue.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import { jobs, users } from "#db/schema";
import { createSession, deleteExpiredSessions, validateSessionToken, LAST_ACTIVE_RESOLUTION } from "#app/auth/session.server";
import { runDueJobs } from "#app/jobs/queue.server";
import { runScheduledProducers } from "#app/jobs/runner.server";
import { createTestDb, insertUser } from "#tests/helpers/db";
import { inactiveAccounts, setRetention } from "./settings.server";
import { ACCOUNT_ERASE, enqueueRetentionSweep, produceRetentionSweep, RETENTION_SWEEP } from "./retention.server";

const YEAR = 365.25 * 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);
const LONG_AGO = NOW - 6 * YEAR;

function world() {
  const db = createTestDb();
  const admin = insertUser(db, { role: "admin" });
  const sleepers = [1, 2].map((i) => insertUser(db, { email: `sleeper${i}@example.org`, createdAt: LONG_AGO, updatedAt: LONG_AGO }));
  const oldAdmin = insertUser(db, { role: "admin", createdAt: LONG_AGO, updatedAt: LONG_AGO });
  const active = insertUser(db, { createdAt: LONG_AGO, updatedAt: LONG_AGO });
  createSession(db, active.id, NOW - 10 * 24 * 3600_000);
  return { db, admin, sleepers, oldAdmin, active };
}

const jobsOf = (db: Db, kind: string) => db.select().from(jobs).where(eq(jobs.kind, kind)).all();
const erased = (db: Db, id: string) => db.select({ at: users.erasedAt }).from(users).where(eq(users.id, id)).get()!.at !== null;

describe("retention through the job queue", () => {
  it("the daily sweep enqueues one erase job per inactive account (not administrators, not the active), and running them erases them", async () => {
    const { db, admin, sleepers, oldAdmin, active } = world();
    setRetention(db, admin, 5, NOW);
    produceRetentionSweep(db, NOW);
    expect(jobsOf(db, RETENTION_SWEEP)).toHaveLength(1);
    expect(jobsOf(db, ACCOUNT_ERASE)).toHaveLength(0); // the sweep finds them when it runs

    await runDueJobs(db, { workerId: "w", now: () => NOW, limit: 1 });
    const erase = jobsOf(db, ACCOUNT_ERASE);
    expect(erase.map((j) => j.payload.userId).sort()).toEqual(sleepers.map((s) => s.id).sort());

    await runDueJobs(db, { workerId: "w", now: () => NOW });
    for (const s of sleepers) expect(erased(db, s.id)).toBe(true);
    expect(erased(db, oldAdmin.id)).toBe(false);
    expect(erased(db, active.id)).toBe(false);
    expect(
      db
        .select({ status: jobs.status })
        .from(jobs)
        .all()
        .every((j) => j.status === "done"),
    ).toBe(true);
    const audit = db.$client.prepare("select actor_id, detail from audit_log where action = 'user.erase'").all() as {
      actor_id: string | null;
      detail: string;
    }[];
    expect(audit).toHaveLength(2);
    expect(audit.every((a) => a.actor_id === null && a.detail.includes("retention"))).toBe(true);
  });

  it("a person who comes back between the sweep and the erase job is kept", async () => {
    const { db, admin, sleepers } = world();
    setRetention(db, admin, 5, NOW);
    produceRetentionSweep(db, NOW);
    await runDueJobs(db, { workerId: "w", now: () => NOW, limit: 1 });
    expect(jobsOf(db, ACCOUNT_ERASE)).toHaveLength(2);
    // Sleeper 1 signs in before the erase jobs run.
    createSession(db, sleepers[0]!.id, NOW + 1000);
    await runDueJobs(db, { workerId: "w", now: () => NOW + 2000 });
    expect(erased(db, sleepers[0]!.id)).toBe(false);
    expect(erased(db, sleepers[1]!.id)).toBe(true);
  });

  it("with retention off nothing is enqueued; and the sweep finds nothing to do if it was turned off after being queued", async () => {
    const { db, admin } = world();
    produceRetentionSweep(db, NOW);
    runScheduledProducers(db, NOW);
    expect(
      db
        .select()
        .from(jobs)
        .all()
        .filter((j) => j.kind.startsWith("retention") || j.kind === ACCOUNT_ERASE),
    ).toEqual([]);

    setRetention(db, admin, 5, NOW);
    produceRetentionSweep(db, NOW);
    setRetention(db, admin, null, NOW);
    await runDueJobs(db, { workerId: "w", now: () => NOW });
    expect(jobsOf(db, ACCOUNT_ERASE)).toHaveLength(0);
  });

  it("a second sweep the same day enqueues nothing new; the next day's sweep is a new job", async () => {
    const { db, admin } = world();
    setRetention(db, admin, 5, NOW);
    produceRetentionSweep(db, NOW);
    produceRetentionSweep(db, NOW + 3600_000);
    expect(jobsOf(db, RETENTION_SWEEP)).toHaveLength(1);
    await runDueJobs(db, { workerId: "w", now: () => NOW + 3600_000, limit: 1 });
    expect(jobsOf(db, ACCOUNT_ERASE)).toHaveLength(2);
    // The administrator's "Erase now" the same day: a sweep of its own, but no second erase job per person.
    expect(enqueueRetentionSweep(db, { actor: admin, now: NOW + 7200_000 })).toBe(true);
    await runDueJobs(db, { workerId: "w", now: () => NOW + 7200_000, limit: 1 });
    expect(jobsOf(db, RETENTION_SWEEP)).toHaveLength(2);
    expect(jobsOf(db, ACCOUNT_ERASE)).toHaveLength(2);
    produceRetentionSweep(db, NOW + 24 * 3600_000);
    expect(jobsOf(db, RETENTION_SWEEP)).toHaveLength(3);
  });
});

describe("last activity is more than sessions", () => {
  it("a person who signed in 3 years ago, whose session expired and was deleted, counts as active 3 years ago", () => {
    const db = createTestDb();
    const returning = insertUser(db, { createdAt: LONG_AGO, updatedAt: LONG_AGO });
    const signedIn = NOW - 3 * YEAR;
    createSession(db, returning.id, signedIn);
    expect(deleteExpiredSessions(db, NOW)).toBe(1);
    expect(db.$client.prepare("select count(*) from sessions where user_id = ?").pluck().get(returning.id)).toBe(0);
    // Inactive for 5 years? No: they signed in 3 years ago.
    expect(inactiveAccounts(db, 5, NOW)).not.toContain(returning.id);
    // Inactive for 2 years? Yes.
    expect(inactiveAccounts(db, 2, NOW)).toContain(returning.id);
  });

  it("signed-in requests bring last activity forward at most once an hour; an active person is not caught", () => {
    const db = createTestDb();
    const p = insertUser(db, { createdAt: LONG_AGO, updatedAt: LONG_AGO });
    const { token } = createSession(db, p.id, NOW - 20 * 24 * 3600_000);
    const lastActive = () => db.select({ at: users.lastActiveAt }).from(users).where(eq(users.id, p.id)).get()!.at;
    expect(lastActive()).toBe(NOW - 20 * 24 * 3600_000);
    validateSessionToken(db, token, NOW);
    expect(lastActive()).toBe(NOW);
    validateSessionToken(db, token, NOW + LAST_ACTIVE_RESOLUTION - 1);
    expect(lastActive()).toBe(NOW);
    validateSessionToken(db, token, NOW + LAST_ACTIVE_RESOLUTION);
    expect(lastActive()).toBe(NOW + LAST_ACTIVE_RESOLUTION);
    expect(inactiveAccounts(db, 1, NOW + 2 * LAST_ACTIVE_RESOLUTION)).not.toContain(p.id);
  });
});
