/**
 * Erasing an account (the person's request on /me/privacy, or an administrator's on their behalf).
 * One transaction: the person's learning records are brought up to date and frozen as anonymous
 * report facts, their certificates lose the holder's name (or are revoked if they ask), every table
 * of the personal-data map is handled by its eraser below, and the user row becomes an anonymous
 * tombstone. The connection runs with secure_delete, so deleted values are overwritten in the file;
 * afterwards the WAL is checkpointed and truncated so the old pages do not linger there either.
 * See docs/decisions/0019-erasure-keeps-anonymous-facts.md.
 */
import fs from "node:fs";
import path from "node:path";
import { inTransaction, type Db } from "#db/client";
import type { User } from "#db/schema";
import { verifyPassword } from "#app/auth/password.server";
import { clearAttempts, limitAttempts, RULES } from "#app/auth/rate-limit.server";
import { computeRecords, writeRecords } from "#app/reports/records.server";
import { type PERSONAL_DATA } from "./personal-data.server";

/** The domain of the e-mail address an erased account keeps (unique, and never deliverable: RFC 2606). */
export const ERASED_EMAIL_DOMAIN = "erased.invalid";
export const erasedEmail = (userId: string) => `erased-${userId}@${ERASED_EMAIL_DOMAIN}`;
/** The revocation reason recorded when the person asks for their certificates to be revoked too. */
export const REVOKED_ON_ERASURE = "Revoked at the holder's request when the account was closed.";

type EraseContext = {
  tx: Db;
  user: User;
  now: number;
  revokeCertificates: boolean;
};

const run = (ctx: EraseContext, sql: string, ...params: unknown[]) => ctx.tx.$client.prepare(sql).run(...params).changes;

/**
 * One eraser per table of the personal-data map (personal-data.test.ts checks the two lists match).
 * They run in this order; `users` last, once nothing else needs the person's values.
 */
export const ERASERS: Record<keyof typeof PERSONAL_DATA, (ctx: EraseContext) => void> = {
  learning_records: (ctx) => {
    // Bring the facts up to date from the raw rows before those are deleted; from now on the
    // refresher skips the person (erased_at), so report totals stay exactly as they are.
    const courses = ctx.tx.$client
      .prepare(
        `select course_slug from enrolments where user_id = @id
         union select c.course_slug from cohort_members m join cohorts c on c.id = m.cohort_id where m.user_id = @id
         union select course_slug from learning_records where user_id = @id`,
      )
      .pluck()
      .all({ id: ctx.user.id }) as string[];
    for (const course of courses) writeRecords(ctx.tx, course, [ctx.user.id], computeRecords(ctx.tx, course, [ctx.user.id]), ctx.now);
  },
  certificates: (ctx) => {
    if (ctx.revokeCertificates) {
      const live = ctx.tx.$client
        .prepare("select code from certificates where user_id = ? and revoked_at is null and replaced_at is null")
        .pluck()
        .all(ctx.user.id) as string[];
      run(
        ctx,
        "update certificates set revoked_at = ?, revoked_reason = ?, revoked_by = ? where user_id = ? and revoked_at is null and replaced_at is null",
        ctx.now,
        REVOKED_ON_ERASURE,
        ctx.user.id,
        ctx.user.id,
      );
      const audit = ctx.tx.$client.prepare("insert into audit_log (actor_id, action, subject, detail, at) values (?, 'certificate.revoke', ?, ?, ?)");
      for (const code of live) audit.run(ctx.user.id, `certificate:${code}`, JSON.stringify({ reason: REVOKED_ON_ERASURE }), ctx.now);
    }
    run(ctx, "update certificates set holder_name = '', holder_name_latin = '' where user_id = ?", ctx.user.id);
    // A certificate this person revoked (an administrator) keeps the revocation, not who did it.
    run(ctx, "update certificates set revoked_by = null where revoked_by = ? and user_id <> ?", ctx.user.id, ctx.user.id);
  },
  audit_log: (ctx) => {
    // The trail of who did what stays (ids only); the person's e-mail, name and organisation leave
    // the details: everywhere for the e-mail, and in rows about them or their certificates for the
    // name and organisation (a short common word elsewhere is not theirs to remove).
    const about = `(actor_id = @id or subject = 'user:' || @id or instr(detail, @id) > 0 or instr(detail, @email) > 0
      or subject in (select 'certificate:' || code from certificates where user_id = @id))`;
    const values = [ctx.user.email, ctx.user.name, ctx.user.nameLatin, ctx.user.organisation, ctx.user.jobTitle].filter((v) => v.trim().length > 0);
    for (const value of new Set(values)) {
      const encoded = JSON.stringify(value).slice(1, -1);
      for (const needle of new Set([value, encoded])) {
        if (value === ctx.user.email)
          run(ctx, "update audit_log set detail = replace(detail, @needle, '[erased]') where instr(detail, @needle) > 0", { needle });
        else
          run(ctx, `update audit_log set detail = replace(detail, @needle, '[erased]') where instr(detail, @needle) > 0 and ${about}`, {
            id: ctx.user.id,
            email: ctx.user.email,
            needle,
          });
      }
    }
  },
  sessions: (ctx) => void run(ctx, "delete from sessions where user_id = ?", ctx.user.id),
  set_password_tokens: (ctx) => void run(ctx, "delete from set_password_tokens where user_id = ?", ctx.user.id),
  enrolments: (ctx) => void run(ctx, "delete from enrolments where user_id = ?", ctx.user.id),
  lesson_progress: (ctx) => void run(ctx, "delete from lesson_progress where user_id = ?", ctx.user.id),
  quiz_attempts: (ctx) => void run(ctx, "delete from quiz_attempts where user_id = ?", ctx.user.id),
  attendance: (ctx) => {
    run(ctx, "delete from attendance where user_id = ?", ctx.user.id);
    run(ctx, "update attendance set marked_by = null where marked_by = ?", ctx.user.id);
  },
  cohort_members: (ctx) => void run(ctx, "delete from cohort_members where user_id = ?", ctx.user.id),
  cohort_trainers: (ctx) => void run(ctx, "delete from cohort_trainers where user_id = ?", ctx.user.id),
  cohort_invitations: (ctx) => {
    run(ctx, "delete from cohort_invitations where user_id = ?", ctx.user.id);
    run(ctx, "update cohort_invitations set invited_by = null where invited_by = ?", ctx.user.id);
  },
  cohorts: (ctx) => void run(ctx, "update cohorts set created_by = null where created_by = ?", ctx.user.id),
  announcements: (ctx) => void run(ctx, "update announcements set author_id = null where author_id = ?", ctx.user.id),
  pending_imports: (ctx) => {
    run(ctx, "delete from pending_imports where created_by = ?", ctx.user.id);
    // The person's row in someone else's unconfirmed import (matched by e-mail) leaves it.
    const others = ctx.tx.$client.prepare("select id, rows from pending_imports where instr(rows, ?) > 0").all(ctx.user.email) as {
      id: string;
      rows: string;
    }[];
    const update = ctx.tx.$client.prepare("update pending_imports set rows = ? where id = ?");
    for (const p of others) {
      const rows = (JSON.parse(p.rows) as { email: string }[]).filter((r) => r.email.toLowerCase() !== ctx.user.email);
      update.run(JSON.stringify(rows), p.id);
    }
  },
  learning_record_queue: (ctx) => void run(ctx, "delete from learning_record_queue where user_id = ?", ctx.user.id),
  achievement_queue: (ctx) => void run(ctx, "delete from achievement_queue where user_id = ?", ctx.user.id),
  offline_courses: (ctx) => void run(ctx, "delete from offline_courses where user_id = ?", ctx.user.id),
  evaluation_requests: (ctx) => void run(ctx, "delete from evaluation_requests where user_id = ?", ctx.user.id),
  // Queued e-mails of the person's notifications first (their payload names the notification).
  jobs: (ctx) =>
    void run(
      ctx,
      "delete from jobs where status in ('queued', 'running', 'dead') and json_extract(payload, '$.notificationId') in (select id from notifications where user_id = ?)",
      ctx.user.id,
    ),
  notifications: (ctx) => {
    run(ctx, "delete from notifications where user_id = ?", ctx.user.id);
    run(ctx, "delete from mail_deliveries where delivered_to = ?", ctx.user.email);
  },
  notification_opt_outs: (ctx) => void run(ctx, "delete from notification_opt_outs where user_id = ?", ctx.user.id),
  users: (ctx) => {
    // Rate-limit windows keyed by the e-mail address or the account (login, reset, password check).
    run(ctx, "delete from rate_limits where instr(key, ?) > 0 or instr(key, ?) > 0", ctx.user.email, ctx.user.id);
    run(
      ctx,
      `update users set email = @email, name = '', name_latin = '', password_hash = '!erased', role = 'learner', locale = 'en', country = '', organisation = '',
         constituent_group = 'other', sex = 'undisclosed', job_title = '', lite_mode = 0, created_by_cohort_id = null,
         deactivated_at = coalesce(deactivated_at, @now), erased_at = @now, updated_at = @now, last_active_at = null where id = @id`,
      { email: erasedEmail(ctx.user.id), now: ctx.now, id: ctx.user.id },
    );
  },
};

export type EraseResult = { ok: true; certificatesRevoked: number } | { ok: false; reason: "not-found" | "already-erased" | "kept" };

/**
 * Erases an account in one transaction. `actor` is the person themselves, the administrator
 * acting on their request, or null (retention); audited as user.erase with how it came about.
 */
export function eraseAccount(
  db: Db,
  args: {
    userId: string;
    actor: Pick<User, "id"> | null;
    revokeCertificates: boolean;
    now?: number;
    via: "self" | "admin" | "retention";
    /** Checked inside the erasure's transaction (retention: the person is still inactive); false keeps the account. */
    onlyIf?: (tx: Db) => boolean;
  },
): EraseResult {
  const now = args.now ?? Date.now();
  const result = inTransaction(db, (tx): EraseResult => {
    const user = tx.$client.prepare("select * from users where id = ?").get(args.userId) as Record<string, unknown> | undefined;
    if (!user) return { ok: false, reason: "not-found" };
    if (user.erased_at !== null) return { ok: false, reason: "already-erased" };
    if (args.onlyIf && !args.onlyIf(tx)) return { ok: false, reason: "kept" };
    const profile = {
      id: user.id as string,
      email: user.email as string,
      name: user.name as string,
      nameLatin: user.name_latin as string,
      organisation: user.organisation as string,
      jobTitle: user.job_title as string,
    } as User;
    const revocable = tx.$client
      .prepare("select count(*) from certificates where user_id = ? and revoked_at is null and replaced_at is null")
      .pluck()
      .get(profile.id) as number;
    const ctx: EraseContext = { tx, user: profile, now, revokeCertificates: args.revokeCertificates };
    for (const erase of Object.values(ERASERS)) erase(ctx);
    // Triggers queued the person's records while their rows went; the records are frozen now.
    run(ctx, "delete from learning_record_queue where user_id = ?", profile.id);
    tx.$client
      .prepare("insert into audit_log (actor_id, action, subject, detail, at) values (?, 'user.erase', ?, ?, ?)")
      .run(args.actor?.id ?? null, `user:${profile.id}`, JSON.stringify({ via: args.via, revokeCertificates: args.revokeCertificates }), now);
    return { ok: true, certificatesRevoked: args.revokeCertificates ? revocable : 0 };
  });
  if (result.ok) flushDeletedPages(db);
  return result;
}

/**
 * Moves the committed pages into the database file and empties the WAL, so old versions of the
 * erased rows do not stay in it (secure_delete already zeroed them in the pages). Best effort: with
 * readers active the checkpoint may be partial; the WAL is then overwritten as it is reused.
 */
export function flushDeletedPages(db: Db) {
  try {
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
  } catch (e) {
    console.error("erasure: checkpoint failed", e);
  }
}

/** Removes mail waiting in the outbox directory that was addressed to the erased person. */
export function purgeOutbox(dir: string, email: string): number {
  let removed = 0;
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith(".eml"));
  } catch {
    return 0;
  }
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      if (fs.readFileSync(file, "utf8").toLowerCase().includes(email.toLowerCase())) {
        fs.unlinkSync(file);
        removed++;
      }
    } catch {
      // A file another worker removed meanwhile: nothing to do.
    }
  }
  return removed;
}

export type SelfEraseResult = EraseResult | { ok: false; reason: "wrong-password" } | { ok: false; reason: "throttled"; retryAt: number };

/**
 * The person erases their own account, confirming with their password (limited like a password
 * change, per account, reserved before the check).
 */
export async function eraseOwnAccount(db: Db, user: User, password: string, revokeCertificates: boolean, now = Date.now()): Promise<SelfEraseResult> {
  const key = `password-check:${user.id}`;
  const reserved = limitAttempts(db, [{ key, rule: RULES.passwordCheck }], now);
  if (!reserved.allowed) return { ok: false, reason: "throttled", retryAt: reserved.retryAt };
  if (!(await verifyPassword(password, user.passwordHash))) return { ok: false, reason: "wrong-password" };
  clearAttempts(db, key);
  return eraseAccount(db, { userId: user.id, actor: user, revokeCertificates, now, via: "self" });
}
