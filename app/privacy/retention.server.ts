/**
 * Erasing inactive accounts through the job queue (issue 19, docs/decisions/0019 and 0020), when an
 * administrator has turned retention on at /admin/privacy after its dry-run count:
 *
 * - a scheduled producer enqueues one "retention.sweep" job a day (key `retention.sweep:<UTC day>`);
 *   the administrator's "Turn on: erase them now" enqueues one of its own;
 * - the sweep finds the inactive accounts and, in the transaction that marks it done, enqueues one
 *   "account.erase" job per account (key `account.erase:<user id>`: a second sweep while one is
 *   waiting adds nothing);
 * - each erase job runs `eraseAccount` in its own transaction, checking inside it that retention is
 *   still on and that the person is still inactive (someone who came back in between is kept).
 *
 * /admin/jobs shows these jobs like any other; a failing erasure is retried and ends in the dead letters.
 */
import { eq } from "drizzle-orm";
import type { Db } from "#db/client";
import { jobs, type Job, type User } from "#db/schema";
import { enqueueJob, registerJobHandler } from "#app/jobs/queue.server";
import { registerScheduledProducer } from "#app/jobs/runner.server";
import { outboxDir } from "#app/mail/mail.server";
import { eraseAccount, purgeOutbox } from "./erase.server";
import { getSiteSettings, inactiveAccounts } from "./settings.server";

export const RETENTION_SWEEP = "retention.sweep";
export const ACCOUNT_ERASE = "account.erase";

const utcDay = (now: number) => new Date(now).toISOString().slice(0, 10);

/** The retention period in force, or 0 when retention is off. */
function retentionYears(db: Db): number {
  const s = getSiteSettings(db);
  return s.retentionEnabled ? s.retentionYears : 0;
}

/**
 * The scheduled producer (every runner tick): today's sweep, once, while retention is on. It reads
 * first and writes only when today's job is missing, so a tick costs two small reads.
 */
export function produceRetentionSweep(db: Db, now = Date.now()): boolean {
  if (retentionYears(db) <= 0) return false;
  const key = `${RETENTION_SWEEP}:${utcDay(now)}`;
  if (db.select({ id: jobs.id }).from(jobs).where(eq(jobs.key, key)).get()) return false;
  return enqueueJob(db, { kind: RETENTION_SWEEP, key, payload: {} }, now);
}

/** The administrator's "erase them now": a sweep of its own, run at the runner's next tick. */
export function enqueueRetentionSweep(db: Db, opts: { actor: Pick<User, "id">; now?: number }): boolean {
  const now = opts.now ?? Date.now();
  return enqueueJob(db, { kind: RETENTION_SWEEP, key: `${RETENTION_SWEEP}:${utcDay(now)}:${opts.actor.id}:${now}`, payload: { actorId: opts.actor.id } }, now);
}

/** The sweep: one erase job per inactive account, enqueued in the transaction that marks the sweep done. */
export function runRetentionSweep(db: Db, job: Pick<Job, "payload">, now = Date.now()) {
  const years = retentionYears(db);
  if (years <= 0) return;
  const found = inactiveAccounts(db, years, now);
  const actorId = typeof job.payload.actorId === "string" ? job.payload.actorId : null;
  return (tx: Db) => {
    for (const userId of found) enqueueJob(tx, { kind: ACCOUNT_ERASE, key: `${ACCOUNT_ERASE}:${userId}`, payload: { userId, actorId } }, now);
  };
}

/** One erasure, if retention is still on and the person is still inactive when the job runs. */
export function runAccountErase(db: Db, job: Pick<Job, "payload">, now = Date.now()) {
  const userId = String(job.payload.userId ?? "");
  const actorId = typeof job.payload.actorId === "string" ? job.payload.actorId : null;
  const email = db.$client.prepare("select email from users where id = ? and erased_at is null").pluck().get(userId) as string | undefined;
  const result = eraseAccount(db, {
    userId,
    actor: actorId && db.$client.prepare("select 1 from users where id = ? and role = 'admin'").get(actorId) ? { id: actorId } : null,
    revokeCertificates: false,
    now,
    via: "retention",
    onlyIf: (tx) => {
      const years = retentionYears(tx);
      return years > 0 && inactiveAccounts(tx, years, now, userId).length === 1;
    },
  });
  if (result.ok && email) purgeOutbox(outboxDir(), email);
  return result;
}

registerJobHandler(RETENTION_SWEEP, (db, job, now) => runRetentionSweep(db, job, now));
registerJobHandler(ACCOUNT_ERASE, (db, job, now) => {
  runAccountErase(db, job, now);
});
registerScheduledProducer("retention-sweep", (db, now) => {
  produceRetentionSweep(db, now);
});
