import { sql } from "drizzle-orm";
import type { Db } from "#db/client";
import { rateLimits } from "#db/schema";

export type RateLimitRule = { limit: number; windowMs: number };

// Per-IP limits are generous on purpose: a workshop of 60 participants often shares one NAT address.
export const RULES = {
  loginPerAccount: { limit: 5, windowMs: 15 * 60 * 1000 },
  loginPerIp: { limit: 100, windowMs: 15 * 60 * 1000 },
  registerPerIp: { limit: 100, windowMs: 60 * 60 * 1000 },
  // Password-reset requests: a few per address (each sends a mail), more per IP for a shared NAT.
  resetPerEmail: { limit: 3, windowMs: 60 * 60 * 1000 },
  resetPerIp: { limit: 30, windowMs: 60 * 60 * 1000 },
} satisfies Record<string, RateLimitRule>;

/**
 * Fixed-window counter kept in SQLite, so limits hold across restarts and processes.
 * Returns whether this hit is allowed, and when the window resets.
 */
export function hitRateLimit(db: Db, key: string, rule: RateLimitRule, now = Date.now()) {
  const row = db
    .insert(rateLimits)
    .values({ key, windowStart: now, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`CASE WHEN ${rateLimits.windowStart} + ${rule.windowMs} <= ${now} THEN 1 ELSE ${rateLimits.count} + 1 END`,
        windowStart: sql`CASE WHEN ${rateLimits.windowStart} + ${rule.windowMs} <= ${now} THEN ${now} ELSE ${rateLimits.windowStart} END`,
      },
    })
    .returning()
    .get();
  return { allowed: row.count <= rule.limit, retryAt: row.windowStart + rule.windowMs, count: row.count };
}

/** Peeks without counting (used to refuse early while a window is exhausted). */
export function isRateLimited(db: Db, key: string, rule: RateLimitRule, now = Date.now()) {
  const row = db.select().from(rateLimits).where(sql`${rateLimits.key} = ${key}`).get();
  return !!row && row.windowStart + rule.windowMs > now && row.count >= rule.limit;
}

export function clearRateLimit(db: Db, key: string) {
  db.delete(rateLimits).where(sql`${rateLimits.key} = ${key}`).run();
}
