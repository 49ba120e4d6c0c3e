import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { inTransaction, openDatabase, type Db } from "#db/client";
import { jobs, notifications } from "#db/schema";
import { outboxTransport } from "#app/mail/mail.server";
import { notify, sendNotificationMail, setNotificationTransport } from "#app/notifications/notify.server";
import { createTestDb, insertUser } from "#tests/helpers/db";
import {
  acquireLease,
  backoffMs,
  BACKOFF,
  claimJob,
  completeJob,
  enqueueJob,
  JOB_LEASE_MS,
  registerJobHandler,
  retryDeadJobs,
  runDueJobs,
  runJob,
} from "./queue.server";
import { LEASE_MS, RUNNER_LEASE, runnerTick } from "./runner.server";

const T0 = Date.UTC(2026, 11, 7, 12, 0, 0);

function scratchOutbox(): string {
  return fs.mkdtempSync(path.join(process.env.SHP_TEST_SCRATCH ?? os.tmpdir(), "outbox-"));
}
const emlFiles = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".eml")) : []);

/** Three people, each notified of a certificate: three e-mail jobs. */
function threeMessages(db: Db) {
  return [1, 2, 3].map((i) => {
    const u = insertUser(db, { email: `p${i}@example.org`, name: `Person ${i}` });
    notify(db, {
      userId: u.id,
      kind: "certificate-issued",
      key: `certificate-issued:CODE${i}`,
      params: { code: `CODE${i}`, courseSlug: "foundations" },
      now: T0,
    });
    return u;
  });
}

/** A restart: the process's handle is gone (closed), a new process opens the same file. */
function restart(db: Db): Db {
  const file = db.$client.name;
  db.$client.close();
  return openDatabase(file, { migrate: false });
}

describe("durable job queue: restarts and worker deaths", () => {
  it("a worker that dies after claiming, and one that dies after writing the mail but before completing, lose and duplicate nothing", async () => {
    const outbox = scratchOutbox();
    setNotificationTransport(outboxTransport(outbox, "SHP Campus <no-reply@campus.example.org>"));
    try {
      let db = createTestDb();
      threeMessages(db);
      expect(db.select().from(jobs).all()).toHaveLength(3);

      // Worker A claims job 1 and dies before doing anything.
      const first = claimJob(db, "worker-a", T0)!;
      expect(first.status).toBe("running");
      // Worker A (after a restart of its process) claims job 2, writes its mail, and dies before marking it done.
      db = restart(db);
      const second = claimJob(db, "worker-a", T0 + 1)!;
      expect(second.id).not.toBe(first.id);
      await sendNotificationMail(db, second); // the .eml is written…
      expect(emlFiles(outbox)).toHaveLength(1);
      db = restart(db); // …and the process dies before completeJob.

      // A new worker starts. While the dead worker's job leases last, only the untouched job 3 runs.
      expect(await runDueJobs(db, { workerId: "worker-b", now: () => T0 + 1000 })).toBe(1);
      expect(emlFiles(outbox)).toHaveLength(2);
      // After the leases lapse, jobs 1 and 2 are taken again: job 2 rewrites its own file, no second copy.
      expect(await runDueJobs(db, { workerId: "worker-b", now: () => T0 + JOB_LEASE_MS + 2 })).toBe(2);
      const files = emlFiles(outbox);
      expect(files).toHaveLength(3);
      const recipients = files.map((f) => fs.readFileSync(path.join(outbox, f), "utf8").match(/^To: (.*)$/m)?.[1]).sort();
      expect(recipients).toEqual(["p1@example.org", "p2@example.org", "p3@example.org"]);
      expect(db.select({ status: jobs.status }).from(jobs).all()).toEqual([{ status: "done" }, { status: "done" }, { status: "done" }]);
      // Nothing left to run, however often the worker comes back.
      expect(await runDueJobs(db, { workerId: "worker-c", now: () => T0 + 10 * JOB_LEASE_MS })).toBe(0);
      expect(emlFiles(outbox)).toHaveLength(3);
      expect(fs.readdirSync(outbox).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    } finally {
      setNotificationTransport(undefined);
    }
  });

  it("a job re-run after its delivery was recorded sends nothing (idempotent handler)", async () => {
    const outbox = scratchOutbox();
    const sent: string[] = [];
    setNotificationTransport({ send: async (m) => (sent.push(m.to), outboxTransport(outbox).send(m)) });
    try {
      const db = createTestDb();
      threeMessages(db);
      await runDueJobs(db, { workerId: "w", now: () => T0 });
      expect(sent).toHaveLength(3);
      // Force every job to run again (as if done had not been recorded): the delivery records stop them.
      db.update(jobs).set({ status: "queued", runAt: T0 }).run();
      await runDueJobs(db, { workerId: "w", now: () => T0 + 1 });
      expect(sent).toHaveLength(3);
      expect(emlFiles(outbox)).toHaveLength(3);
    } finally {
      setNotificationTransport(undefined);
    }
  });

  it("a worker whose lease lapsed cannot mark the job done after another worker took it (fencing)", () => {
    const db = createTestDb();
    enqueueJob(db, { kind: "test.noop", key: "fence", payload: {} }, T0);
    const a = claimJob(db, "a", T0, 1000)!;
    const b = claimJob(db, "b", T0 + 1000, 1000)!;
    expect(b.id).toBe(a.id);
    expect(b.attempts).toBe(2);
    expect(completeJob(db, a)).toBe(false);
    expect(completeJob(db, b)).toBe(true);
  });
});

describe("durable job queue: retries, back-off, dead letters", () => {
  let failures = 0;
  registerJobHandler("test.flaky", () => {
    failures++;
    throw new Error("mail server unreachable");
  });

  it("backs off exponentially: 1 min, 2 min, 4 min … capped at 6 hours", () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(backoffMs(30)).toBe(BACKOFF.maxMs);
  });

  it("a failing job is due again only after its back-off, and is dead after maxAttempts", async () => {
    const db = createTestDb();
    failures = 0;
    enqueueJob(db, { kind: "test.flaky", key: "flaky-1", payload: {}, maxAttempts: 3 }, T0);
    let now = T0;
    expect(await runJob(db, claimJob(db, "w", now)!, () => now)).toBe("retry");
    let row = db.select().from(jobs).get()!;
    expect(row).toMatchObject({ status: "queued", attempts: 1, runAt: T0 + 60_000, lastError: "mail server unreachable" });
    // Not before its time.
    expect(claimJob(db, "w", T0 + 59_999)).toBeUndefined();
    now = T0 + 60_000;
    expect(await runJob(db, claimJob(db, "w", now)!, () => now)).toBe("retry");
    row = db.select().from(jobs).get()!;
    expect(row.runAt).toBe(now + 120_000);
    now += 120_000;
    expect(await runJob(db, claimJob(db, "w", now)!, () => now)).toBe("dead");
    row = db.select().from(jobs).get()!;
    expect(row).toMatchObject({ status: "dead", attempts: 3 });
    expect(failures).toBe(3);
    // Dead letters are not run again…
    expect(claimJob(db, "w", now + 365 * 24 * 3600_000)).toBeUndefined();
    // …until an administrator retries them.
    expect(retryDeadJobs(db, [row.id], now)).toBe(1);
    expect(db.select().from(jobs).get()).toMatchObject({ status: "queued", attempts: 0 });
  });

  it("a job that kills its worker on every attempt ends in the dead letters too", () => {
    const db = createTestDb();
    enqueueJob(db, { kind: "test.crash", key: "crash-1", payload: {}, maxAttempts: 2 }, T0);
    expect(claimJob(db, "w1", T0, 1000)).toBeDefined(); // dies
    expect(claimJob(db, "w2", T0 + 1000, 1000)).toBeDefined(); // dies again
    expect(claimJob(db, "w3", T0 + 2000, 1000)).toBeUndefined();
    expect(db.select().from(jobs).get()).toMatchObject({ status: "dead", attempts: 2 });
  });
});

describe("durable job queue: enqueueing", () => {
  it("is idempotent by key, and part of the caller's transaction (a rolled-back write leaves no job)", () => {
    const db = createTestDb();
    expect(enqueueJob(db, { kind: "k", key: "same", payload: { n: 1 } }, T0)).toBe(true);
    expect(enqueueJob(db, { kind: "k", key: "same", payload: { n: 2 } }, T0)).toBe(false);
    expect(() =>
      inTransaction(db, (tx) => {
        enqueueJob(tx, { kind: "k", key: "rolled-back", payload: {} }, T0);
        throw new Error("the write failed");
      }),
    ).toThrow("the write failed");
    expect(db.select({ key: jobs.key, payload: jobs.payload }).from(jobs).all()).toEqual([{ key: "same", payload: { n: 1 } }]);
  });

  it("notifying twice of one event records one notification and one e-mail job", () => {
    const db = createTestDb();
    const u = insertUser(db);
    const input = { userId: u.id, kind: "certificate-issued" as const, key: "certificate-issued:X", params: { code: "X", courseSlug: "foundations" }, now: T0 };
    expect(notify(db, input)).toEqual({ notified: true, mailQueued: true });
    expect(notify(db, input)).toEqual({ notified: false, mailQueued: false });
    expect(db.select().from(notifications).where(eq(notifications.userId, u.id)).all()).toHaveLength(1);
    expect(db.select().from(jobs).all()).toHaveLength(1);
  });
});

describe("one designated worker", () => {
  it("only the lease holder runs jobs; when it dies its lease passes on", async () => {
    const db = createTestDb();
    expect(acquireLease(db, RUNNER_LEASE, "worker-1", T0, LEASE_MS)).toBe(true);
    expect(acquireLease(db, RUNNER_LEASE, "worker-2", T0 + 1000, LEASE_MS)).toBe(false);
    expect(acquireLease(db, RUNNER_LEASE, "worker-1", T0 + 2000, LEASE_MS)).toBe(true); // renewal
    expect(await runnerTick(db, "worker-2", () => T0 + 3000)).toEqual({ leader: false, ran: 0 });
    // worker-1 dies: no renewal; after the lease lapses worker-2 takes over.
    expect(await runnerTick(db, "worker-2", () => T0 + 2000 + LEASE_MS)).toMatchObject({ leader: true });
    expect(acquireLease(db, RUNNER_LEASE, "worker-1", T0 + 2001 + LEASE_MS, LEASE_MS)).toBe(false);
  });
});
