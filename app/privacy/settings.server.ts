/**
 * What an administrator sets at /admin/privacy: who runs the platform (named in the privacy
 * notice), the contact address (help page, privacy notice, footer), and the retention period after
 * which inactive accounts are erased (off by default; turned on only after a dry-run count).
 */
import { z } from "zod";
import { inTransaction, type Db } from "#db/client";
import { auditLog, siteSettings, type User } from "#db/schema";
import { text } from "#app/forms.server";

export type SiteSettings = {
  /** The organisation that runs this platform (the data controller), as the notice names it. */
  operator: string;
  /** Where people write for help, export or erasure; empty until an administrator sets it. */
  contactEmail: string;
  /** Erase accounts inactive for this many years; 0 = never. */
  retentionYears: number;
  /** Automatic erasure is on (set only after the administrator has seen the dry-run count). */
  retentionEnabled: boolean;
};

const DEFAULTS: SiteSettings = { operator: "", contactEmail: "", retentionYears: 0, retentionEnabled: false };

export function getSiteSettings(db: Db): SiteSettings {
  const rows = db.select().from(siteSettings).all();
  const get = (k: string) => rows.find((r) => r.key === k)?.value;
  const years = Number(get("retentionYears") ?? 0);
  return {
    operator: get("operator") ?? DEFAULTS.operator,
    contactEmail: get("contactEmail") ?? DEFAULTS.contactEmail,
    retentionYears: Number.isInteger(years) && years > 0 ? years : 0,
    retentionEnabled: get("retentionEnabled") === "1" && years > 0,
  };
}

export const ContactSettingsSchema = z.object({
  operator: text(200),
  contactEmail: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, "validation.tooLong")
    .refine((v) => v === "" || z.email().safeParse(v).success, "validation.email"),
});

export const RetentionSchema = z.object({
  years: z
    .string()
    .trim()
    .transform((s, ctx) => {
      const n = Number(s);
      if (s === "" || !Number.isInteger(n) || n < 1 || n > 50) {
        ctx.addIssue({ code: "custom", message: "validation.range", params: { min: 1, max: 50 } });
        return z.NEVER;
      }
      return n;
    }),
});

function put(tx: Db, values: Record<string, string>, now: number) {
  for (const [key, value] of Object.entries(values))
    tx.insert(siteSettings)
      .values({ key, value, updatedAt: now })
      .onConflictDoUpdate({ target: siteSettings.key, set: { value, updatedAt: now } })
      .run();
}

export function saveContactSettings(db: Db, actor: Pick<User, "id">, input: z.infer<typeof ContactSettingsSchema>, now = Date.now()) {
  inTransaction(db, (tx) => {
    put(tx, { operator: input.operator, contactEmail: input.contactEmail }, now);
    tx.insert(auditLog).values({ actorId: actor.id, action: "settings.contact", subject: "settings", detail: input, at: now }).run();
  });
}

/** Turns automatic erasure on for `years` (the administrator has seen the dry-run count), or off. */
export function setRetention(db: Db, actor: Pick<User, "id">, years: number | null, now = Date.now()) {
  inTransaction(db, (tx) => {
    put(tx, years === null ? { retentionEnabled: "0" } : { retentionYears: String(years), retentionEnabled: "1" }, now);
    tx.insert(auditLog)
      .values({
        actorId: actor.id,
        action: years === null ? "settings.retention-off" : "settings.retention-on",
        subject: "settings",
        detail: { years },
        at: now,
      })
      .run();
  });
}

const YEAR = 365.25 * 24 * 60 * 60 * 1000;

/**
 * Accounts (not administrators, not already erased) with no activity for `years`: no sign-in or
 * signed-in request (`last_active_at`, kept when sessions expire), lesson visit, quiz attempt,
 * workshop joined or attendance mark, and no profile change, since the cutoff. With `userId`, that
 * one account if it qualifies (the erase job checks again at run time).
 */
export function inactiveAccounts(db: Db, years: number, now = Date.now(), userId?: string): string[] {
  const cutoff = now - years * YEAR;
  return db.$client
    .prepare(
      `select u.id from users u
       where u.erased_at is null and u.role <> 'admin' and max(u.created_at, u.updated_at, coalesce(u.last_active_at, 0)) < @cutoff
         ${userId === undefined ? "" : "and u.id = @userId"}
         and not exists (select 1 from sessions s where s.user_id = u.id and s.created_at >= @cutoff)
         and not exists (select 1 from lesson_progress p where p.user_id = u.id and p.last_seen_at >= @cutoff)
         and not exists (select 1 from quiz_attempts a where a.user_id = u.id and a.started_at >= @cutoff)
         and not exists (select 1 from cohort_members m where m.user_id = u.id and m.joined_at >= @cutoff)
         and not exists (select 1 from attendance t where t.user_id = u.id and t.marked_at >= @cutoff)
       order by u.created_at`,
    )
    .pluck()
    .all(userId === undefined ? { cutoff } : { cutoff, userId }) as string[];
}

/** The dry run: how many accounts a retention period of `years` would erase now. */
export function retentionDryRun(db: Db, years: number, now = Date.now()): number {
  return inactiveAccounts(db, years, now).length;
}
