/**
 * The job runner: every server process starts it, and only the one holding the "job-runner" lease
 * (worker_leases, renewed every tick) produces scheduled jobs and runs due jobs. When that process
 * dies, its lease lapses after LEASE_MS and another process takes over; a job it was running is taken
 * again once the job's own lease lapses (app/jobs/queue.server.ts).
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import type { Db } from "#db/client";
import { acquireLease, releaseLease, runDueJobs } from "./queue.server";

export const RUNNER_LEASE = "job-runner";
export const LEASE_MS = 30_000;

/**
 * A scheduled producer: called by the designated worker on every tick, it enqueues whatever has
 * become due (e.g. tomorrow's session reminders), with idempotency keys so that calling it again
 * enqueues nothing twice.
 */
export type ScheduledProducer = (db: Db, now: number) => void;

const producers = new Map<string, ScheduledProducer>();

/**
 * The hook where scheduled producers are registered (at module load): session reminders
 * (app/notifications/reminders.server.ts), evaluation messages and the hourly evaluation-request sweep
 * (app/notifications/evaluation-messages.server.ts), the daily retention sweep
 * (app/privacy/retention.server.ts). A producer runs every tick, so it must be cheap when idle: a
 * daily or hourly one reads whether its job for the day or hour exists before enqueueing it.
 */
export function registerScheduledProducer(name: string, producer: ScheduledProducer) {
  producers.set(name, producer);
}

/** Runs every registered producer once; one failing does not stop the others. */
export function runScheduledProducers(db: Db, now = Date.now()) {
  for (const [name, produce] of producers) {
    try {
      produce(db, now);
    } catch (e) {
      console.error(`jobs: scheduled producer "${name}" failed`, e);
    }
  }
}

/** One tick: if this process holds (or takes) the lease, produce scheduled jobs and run due ones. */
export async function runnerTick(db: Db, workerId: string, now: () => number = Date.now): Promise<{ leader: boolean; ran: number }> {
  if (!acquireLease(db, RUNNER_LEASE, workerId, now(), LEASE_MS)) return { leader: false, ran: 0 };
  runScheduledProducers(db, now());
  const ran = await runDueJobs(db, { workerId, limit: 50, now });
  return { leader: true, ran };
}

/** Starts the runner in this process (timers do not keep the process alive). */
export function startJobRunner(db: Db, intervalMs = 5_000) {
  const workerId = `${os.hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  let busy = false;
  const tick = () => {
    if (busy) return;
    busy = true;
    runnerTick(db, workerId)
      .catch((e: unknown) => console.error("jobs: runner tick failed", e))
      .finally(() => (busy = false));
  };
  setTimeout(tick, 0).unref();
  setInterval(tick, intervalMs).unref();
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => {
      try {
        releaseLease(db, RUNNER_LEASE, workerId);
      } catch {
        // the database may already be closed
      }
    });
}
