import { eq } from "drizzle-orm";
import type { TFunction } from "i18next";
import { z } from "zod";
import { inTransaction, type Db } from "#db/client";
import { auditLog, users, type User } from "#db/schema";
import { issueSetPasswordLink, type SetPasswordLink } from "#app/cohorts/invitations.server";
import { sendInBackground, type MailTransport } from "#app/mail/mail.server";
import { emailField, findUserByEmail } from "./accounts.server";
import { limitAttempts, RULES } from "./rate-limit.server";

/**
 * Password resets reuse the one-time set-password links (set_password_tokens: only the token's
 * SHA-256 is stored; using one sets the password and ends every session of the account).
 * A link requested by e-mail lasts an hour; one an administrator creates for a person lasts a day,
 * because it is handed over by other means.
 */
export const RESET_TTL = 60 * 60 * 1000;
export const ADMIN_RESET_TTL = 24 * 60 * 60 * 1000;

export const ForgotPasswordSchema = z.object({ email: emailField });
export const AdminResetLinkSchema = z.object({ userId: z.string().min(1, "validation.required").max(64, "validation.invalid") });

export type ResetRequestOutcome =
  /** The same answer whether or not an account exists; `delivery` settles once the mail is sent. */
  { status: "accepted"; delivery: Promise<void> } | { status: "rate-limited"; retryAt: number };

/**
 * "Forgot your password?": if an account has this e-mail, issues a one-hour link and mails it (in
 * the account's language). Never tells the caller whether the account exists: the outcome, the
 * work done in the request and the response are the same either way; only the rate limits (per IP,
 * then per e-mail address, counted whether or not the account exists) can refuse.
 */
export function requestPasswordReset(
  db: Db,
  input: { email: string; ip: string; origin: string },
  deps: { mailer: MailTransport; tFor: (lng: string) => TFunction },
  now = Date.now(),
): ResetRequestOutcome {
  const limit = limitAttempts(
    db,
    [
      { key: `reset:ip:${input.ip}`, rule: RULES.resetPerIp },
      { key: `reset:email:${input.email}`, rule: RULES.resetPerEmail },
    ],
    now,
  );
  if (!limit.allowed) return { status: "rate-limited", retryAt: limit.retryAt };

  const issued = inTransaction(db, (tx) => {
    const user = findUserByEmail(tx, input.email);
    if (!user || user.erasedAt !== null) return null;
    const link = issueSetPasswordLink(tx, user, "reset", input.origin, now, RESET_TTL);
    tx.insert(auditLog)
      .values({ actorId: null, action: "user.reset-requested", subject: `user:${user.id}`, detail: { ip: input.ip } })
      .run();
    return { user, link };
  });
  if (!issued) return { status: "accepted", delivery: Promise.resolve() };
  const t = deps.tFor(issued.user.locale);
  const delivery = sendInBackground(deps.mailer, {
    to: issued.user.email,
    subject: t("auth.reset.mailSubject"),
    text: t("auth.reset.mailBody", { name: issued.user.name, email: issued.user.email, url: issued.link.url, minutes: RESET_TTL / 60000 }),
  });
  return { status: "accepted", delivery };
}

/**
 * An administrator creates a reset link for a person (shown once to the administrator, who hands
 * it over); audited. Null when the user does not exist.
 */
export function createResetLinkByAdmin(db: Db, admin: Pick<User, "id">, userId: string, origin: string, now = Date.now()): SetPasswordLink | null {
  return inTransaction(db, (tx) => {
    const user = tx.select().from(users).where(eq(users.id, userId)).get();
    if (!user) return null;
    const link = issueSetPasswordLink(tx, user, "reset", origin, now, ADMIN_RESET_TTL);
    tx.insert(auditLog)
      .values({ actorId: admin.id, action: "user.reset-link", subject: `user:${user.id}`, detail: { expiresAt: link.expiresAt } })
      .run();
    return link;
  });
}
