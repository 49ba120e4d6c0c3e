import { eq, sql } from "drizzle-orm";
import { inTransaction, type Db } from "#db/client";
import { rateLimits } from "#db/schema";

/** At most `limit` attempts in a fixed window of `windowMs` that starts with the first attempt. */
export type WindowRule = { kind: "window"; limit: number; windowMs: number };
/**
 * `free` attempts, then each further attempt must wait a growing delay after the previous one
 * (baseMs, doubling, at most maxMs). The count is forgotten after `forgetMs` without attempts, or
 * when the caller clears it (a successful login). Delays slow a guesser down without ever locking
 * the door for good.
 */
export type DelayRule = { kind: "delay"; free: number; baseMs: number; maxMs: number; forgetMs: number };
export type LimitRule = WindowRule | DelayRule;
export type LimitCheck = { key: string; rule: LimitRule };
export type LimitOutcome = { allowed: true } | { allowed: false; retryAt: number; key: string };

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;

/** Every limit of the platform, in one place (see README "Accounts and passwords"). */
export const RULES = {
  // Login: per (account, address) pair, 5 free attempts then 30 s, 1 min, 2 min … up to an hour
  // between attempts; a person at another address is never slowed by someone else's guesses.
  loginPerPair: { kind: "delay", free: 5, baseMs: 30 * 1000, maxMs: HOUR, forgetMs: 24 * HOUR },
  // Per address a generous cap on failures: a workshop of 60 often shares one NAT address.
  loginPerIp: { kind: "window", limit: 100, windowMs: 15 * MINUTE },
  registerPerIp: { kind: "window", limit: 100, windowMs: HOUR },
  // Password-reset requests: a few per address (each sends a mail), more per IP for a shared NAT.
  resetPerEmail: { kind: "window", limit: 3, windowMs: HOUR },
  resetPerIp: { kind: "window", limit: 30, windowMs: HOUR },
  // Certificate lookups (page, PDF, badge) per IP.
  verifyPerIp: { kind: "window", limit: 120, windowMs: MINUTE },
  // Wrong join and check-in codes: per account, and per address (a room shares one).
  codePerAccount: { kind: "window", limit: 10, windowMs: 15 * MINUTE },
  codePerIp: { kind: "window", limit: 100, windowMs: 15 * MINUTE },
  // The current-password check on /me/profile: like a login, per account.
  passwordCheck: { kind: "delay", free: 5, baseMs: 30 * 1000, maxMs: HOUR, forgetMs: 24 * HOUR },
} satisfies Record<string, LimitRule>;

type Row = typeof rateLimits.$inferSelect;

/** The row as it stands now: null when there is none or it has expired. */
function current(row: Row | undefined, rule: LimitRule, now: number): Row | null {
  if (!row) return null;
  if (rule.kind === "window") return row.windowStart + rule.windowMs <= now ? null : row;
  return row.windowStart + rule.forgetMs <= now ? null : row;
}

function refusedUntil(row: Row | null, rule: LimitRule, now: number): number | null {
  if (!row) return null;
  if (rule.kind === "window") return row.count >= rule.limit ? row.windowStart + rule.windowMs : null;
  return row.blockedUntil !== null && row.blockedUntil > now ? row.blockedUntil : null;
}

/**
 * Reserves one attempt under every check, atomically (one IMMEDIATE transaction: SQLite's write
 * lock serialises workers and processes), BEFORE the caller does the work the limit protects. If
 * any check refuses, nothing is counted and the caller must not do the work. Callers that count
 * only failures give the attempt back on success (`refundAttempt`, `clearAttempts`).
 */
export function limitAttempts(db: Db, checks: LimitCheck[], now = Date.now()): LimitOutcome {
  return inTransaction(db, (tx) => {
    const rows = checks.map((c) => current(tx.select().from(rateLimits).where(eq(rateLimits.key, c.key)).get(), c.rule, now));
    let refused: { retryAt: number; key: string } | null = null;
    checks.forEach((c, i) => {
      const until = refusedUntil(rows[i]!, c.rule, now);
      if (until !== null && (!refused || until > refused.retryAt)) refused = { retryAt: until, key: c.key };
    });
    if (refused) return { allowed: false as const, ...(refused as { retryAt: number; key: string }) };
    checks.forEach((c, i) => {
      const row = rows[i];
      const count = (row?.count ?? 0) + 1;
      let windowStart = row?.windowStart ?? now;
      let blockedUntil: number | null = null;
      if (c.rule.kind === "delay") {
        windowStart = now;
        if (count >= c.rule.free) blockedUntil = now + Math.min(c.rule.maxMs, c.rule.baseMs * 2 ** (count - c.rule.free));
      }
      tx.insert(rateLimits)
        .values({ key: c.key, windowStart, count, blockedUntil })
        .onConflictDoUpdate({ target: rateLimits.key, set: { windowStart, count, blockedUntil } })
        .run();
    });
    return { allowed: true as const };
  });
}

/** Gives back one reserved attempt (the attempt succeeded and only failures count). */
export function refundAttempt(db: Db, key: string) {
  db.update(rateLimits)
    .set({ count: sql`max(${rateLimits.count} - 1, 0)` })
    .where(eq(rateLimits.key, key))
    .run();
}

/** Forgets a key entirely (a successful login clears its pair's failures). */
export function clearAttempts(db: Db, key: string) {
  db.delete(rateLimits).where(eq(rateLimits.key, key)).run();
}

/** Whole minutes until retryAt (at least 1), for "try again in N minutes". */
export function minutesUntil(retryAt: number, now = Date.now()): number {
  return Math.max(1, Math.ceil((retryAt - now) / MINUTE));
}
