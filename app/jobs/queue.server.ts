/**
 * The durable job queue (docs/decisions/0020): jobs live in the `jobs` table of the application's own
 * database, so a job is enqueued in the same transaction as the write that causes it and exists
 * exactly when that write does.
 *
 * - **Enqueue** with a key: a second enqueue with the same key is ignored (idempotent producers).
 * - **Claim**: one IMMEDIATE transaction picks the oldest due job and takes a lease on it
 *   (`locked_until`). A job whose worker died mid-run keeps status "running" until its lease lapses;
 *   then it is due again (at least once). Attempts are counted at the claim, so a job that kills its
 *   worker every time still ends in the dead letters.
 * - **Complete** only while the lease is still ours (a fencing check): a worker that lost its lease
 *   cannot mark another worker's run done. The handler's own bookkeeping (e.g. "this mail was sent")
 *   is written in the same transaction as the completion.
 * - **Fail**: back-off doubling from BACKOFF.firstMs up to BACKOFF.maxMs; after maxAttempts the job is
 *   "dead" (kept, shown to administrators at /admin/jobs, retried only by hand).
 */
import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import { inTransaction, type Db } from "#db/client";
import { jobs, workerLeases, type Job } from "#db/schema";

export const BACKOFF = { firstMs: 60_000, maxMs: 6 * 60 * 60 * 1000 };
export const DEFAULT_MAX_ATTEMPTS = 8;
/** How long a claimed job stays ours before another worker may take it again. */
export const JOB_LEASE_MS = 5 * 60 * 1000;

/** What a handler may return: writes to make in the transaction that marks the job done. */
export type JobHandlerResult = void | ((tx: Db) => void);
/** `now` is the runner's clock at the start of the run (handlers that decide by time use it, not Date.now()). */
export type JobHandler = (db: Db, job: Job, now: number) => Promise<JobHandlerResult> | JobHandlerResult;

const handlers = new Map<string, JobHandler>();

/** Registers the code that runs jobs of one kind (at module load; one handler per kind). */
export function registerJobHandler(kind: string, handler: JobHandler) {
  handlers.set(kind, handler);
}

/** The delay before attempt n+1 after the n-th attempt failed: 1 min, 2 min, 4 min … at most 6 h. */
export function backoffMs(attempts: number): number {
  return Math.min(BACKOFF.maxMs, BACKOFF.firstMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * Adds a job inside the caller's transaction (or on its own). Returns false when a job with this key
 * already exists (whatever its status): enqueueing is idempotent.
 */
export function enqueueJob(
  db: Db,
  job: { kind: string; key: string; payload: Record<string, unknown>; runAt?: number; maxAttempts?: number },
  now = Date.now(),
): boolean {
  const r = db
    .insert(jobs)
    .values({
      kind: job.kind,
      key: job.key,
      payload: job.payload,
      runAt: job.runAt ?? now,
      maxAttempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      createdAt: now,
    })
    .onConflictDoNothing({ target: jobs.key })
    .run();
  return r.changes > 0;
}

/**
 * Claims the oldest due job for workerId: a queued job whose time has come, or a running job whose
 * worker's lease has lapsed (it died or hung). A lapsed job that has used its attempts is moved to the
 * dead letters instead. Returns undefined when nothing is due.
 */
export function claimJob(db: Db, workerId: string, now = Date.now(), leaseMs = JOB_LEASE_MS): Job | undefined {
  return inTransaction(db, (tx) => {
    for (;;) {
      const job = tx
        .select()
        .from(jobs)
        .where(sql`(${jobs.status} = 'queued' and ${jobs.runAt} <= ${now}) or (${jobs.status} = 'running' and ${jobs.lockedUntil} <= ${now})`)
        .orderBy(jobs.runAt, jobs.id)
        .limit(1)
        .get();
      if (!job) return undefined;
      if (job.status === "running" && job.attempts >= job.maxAttempts) {
        tx.update(jobs)
          .set({ status: "dead", lockedBy: null, lockedUntil: null, finishedAt: now, lastError: job.lastError ?? "the worker stopped during every attempt" })
          .where(eq(jobs.id, job.id))
          .run();
        continue;
      }
      return tx
        .update(jobs)
        .set({ status: "running", attempts: job.attempts + 1, lockedBy: workerId, lockedUntil: now + leaseMs })
        .where(eq(jobs.id, job.id))
        .returning()
        .get();
    }
  });
}

/** Marks a claimed job done, with the handler's writes, if the claim is still this worker's. */
export function completeJob(db: Db, job: Pick<Job, "id" | "lockedBy">, also?: (tx: Db) => void, now = Date.now()): boolean {
  return inTransaction(db, (tx) => {
    const r = tx
      .update(jobs)
      .set({ status: "done", lockedBy: null, lockedUntil: null, finishedAt: now, lastError: null })
      .where(and(eq(jobs.id, job.id), eq(jobs.status, "running"), eq(jobs.lockedBy, job.lockedBy ?? "")))
      .run();
    if (r.changes === 0) return false;
    also?.(tx);
    return true;
  });
}

/** Records a failed attempt: due again after the back-off, or dead after the last attempt. */
export function failJob(db: Db, job: Pick<Job, "id" | "lockedBy" | "attempts" | "maxAttempts">, error: string, now = Date.now()): "retry" | "dead" | "lost" {
  const dead = job.attempts >= job.maxAttempts;
  const r = db
    .update(jobs)
    .set(
      dead
        ? { status: "dead", lockedBy: null, lockedUntil: null, finishedAt: now, lastError: error.slice(0, 2000) }
        : { status: "queued", lockedBy: null, lockedUntil: null, runAt: now + backoffMs(job.attempts), lastError: error.slice(0, 2000) },
    )
    .where(and(eq(jobs.id, job.id), eq(jobs.status, "running"), eq(jobs.lockedBy, job.lockedBy ?? "")))
    .run();
  if (r.changes === 0) return "lost";
  return dead ? "dead" : "retry";
}

/** Runs one claimed job through its handler and records the outcome. */
export async function runJob(db: Db, job: Job, now: () => number = Date.now): Promise<"done" | "retry" | "dead" | "lost"> {
  const handler = handlers.get(job.kind);
  try {
    if (!handler) throw new Error(`no handler for jobs of kind "${job.kind}"`);
    const also = await handler(db, job, now());
    return completeJob(db, job, also || undefined, now()) ? "done" : "lost";
  } catch (e) {
    const outcome = failJob(db, job, (e as Error)?.message ?? String(e), now());
    console.error(`jobs: ${job.kind} ${job.key} failed (attempt ${job.attempts}/${job.maxAttempts}, ${outcome}): ${(e as Error)?.message}`);
    return outcome;
  }
}

/** Claims and runs due jobs one at a time, at most `limit`. Returns how many ran. */
export async function runDueJobs(db: Db, opts: { workerId: string; limit?: number; now?: () => number; leaseMs?: number }): Promise<number> {
  const clock = opts.now ?? Date.now;
  let ran = 0;
  while (ran < (opts.limit ?? 100)) {
    const job = claimJob(db, opts.workerId, clock(), opts.leaseMs);
    if (!job) break;
    await runJob(db, job, clock);
    ran++;
  }
  return ran;
}

/**
 * Takes or renews the named lease for holder: granted when it is free, lapsed or already the
 * holder's. The one process holding "job-runner" runs the jobs; if it dies its lease lapses after
 * ttlMs and another worker process takes over.
 */
export function acquireLease(db: Db, name: string, holder: string, now = Date.now(), ttlMs = 30_000): boolean {
  return inTransaction(db, (tx) => {
    const r = tx
      .insert(workerLeases)
      .values({ name, holder, expiresAt: now + ttlMs })
      .onConflictDoUpdate({
        target: workerLeases.name,
        set: { holder, expiresAt: now + ttlMs },
        setWhere: sql`${workerLeases.holder} = ${holder} or ${workerLeases.expiresAt} <= ${now}`,
      })
      .run();
    return r.changes > 0;
  });
}

/** Gives the lease up (on a clean shutdown), so another worker need not wait for it to lapse. */
export function releaseLease(db: Db, name: string, holder: string) {
  db.delete(workerLeases)
    .where(and(eq(workerLeases.name, name), eq(workerLeases.holder, holder)))
    .run();
}

/** Puts dead jobs back in the queue (an administrator's "Retry"), with fresh attempts. */
export function retryDeadJobs(db: Db, ids: number[], now = Date.now()): number {
  if (ids.length === 0) return 0;
  return db
    .update(jobs)
    .set({ status: "queued", attempts: 0, runAt: now, finishedAt: null })
    .where(and(inArray(jobs.id, ids), eq(jobs.status, "dead")))
    .run().changes;
}

/** Counts per status, and the latest dead or failing jobs, for the administrators' page. */
export function jobOverview(db: Db, limit = 50) {
  const counts = Object.fromEntries(
    db
      .select({ status: jobs.status, n: sql<number>`count(*)` })
      .from(jobs)
      .groupBy(jobs.status)
      .all()
      .map((r) => [r.status, r.n]),
  ) as Partial<Record<Job["status"], number>>;
  const troubled = db
    .select({
      id: jobs.id,
      kind: jobs.kind,
      key: jobs.key,
      status: jobs.status,
      attempts: jobs.attempts,
      maxAttempts: jobs.maxAttempts,
      runAt: jobs.runAt,
      lastError: jobs.lastError,
      createdAt: jobs.createdAt,
    })
    .from(jobs)
    .where(sql`${jobs.status} = 'dead' or ${jobs.lastError} is not null`)
    .orderBy(desc(jobs.id))
    .limit(limit)
    .all();
  // Per kind (e-mails, retention sweeps, erasures …): how many wait, run, are done or dead.
  const byKind = db
    .select({ kind: jobs.kind, status: jobs.status, n: sql<number>`count(*)` })
    .from(jobs)
    .groupBy(jobs.kind, jobs.status)
    .orderBy(jobs.kind)
    .all()
    .reduce<{ kind: string; counts: Partial<Record<Job["status"], number>> }[]>((out, r) => {
      const last = out.at(-1);
      if (last?.kind === r.kind) last.counts[r.status] = r.n;
      else out.push({ kind: r.kind, counts: { [r.status]: r.n } });
      return out;
    }, []);
  return { counts, troubled, byKind };
}

/** Removes finished (done) jobs older than keepMs; dead jobs stay until an administrator retries them. */
export function pruneFinishedJobs(db: Db, now = Date.now(), keepMs = 14 * 24 * 60 * 60 * 1000): number {
  return db
    .delete(jobs)
    .where(and(eq(jobs.status, "done"), lt(jobs.finishedAt, now - keepMs)))
    .run().changes;
}
