import { eq } from "drizzle-orm";
import type { Db } from "#db/client";
import { cohortMembers, users, type Cohort } from "#db/schema";
import { env } from "#app/env.server";
import { getMailTransport, sendInBackground, type MailTransport } from "#app/mail/mail.server";
import { instanceFor } from "#app/middleware/i18next.server";

/** Announcements are e-mailed only when a mail server is configured (SMTP_URL), not into the outbox. */
export function mailConfigured(): boolean {
  return !!env.SMTP_URL;
}

/**
 * E-mails a new announcement to every member of the cohort (not deactivated), through the
 * platform's mail seam, in the background. Returns how many messages were queued (0 without SMTP).
 */
export function mailAnnouncement(
  db: Db,
  cohort: Pick<Cohort, "id" | "title">,
  a: { title: string; body: string },
  pageUrl: string,
  opts: { configured?: boolean; mailer?: MailTransport } = {},
): number {
  if (!(opts.configured ?? mailConfigured())) return 0;
  const members = db
    .select({ email: users.email, locale: users.locale, deactivatedAt: users.deactivatedAt })
    .from(cohortMembers)
    .innerJoin(users, eq(users.id, cohortMembers.userId))
    .where(eq(cohortMembers.cohortId, cohort.id))
    .all()
    .filter((m) => m.deactivatedAt === null);
  const mailer = opts.mailer ?? getMailTransport();
  for (const m of members) {
    const footer = instanceFor(m.locale).t("workshop.mailFooter", { url: pageUrl });
    void sendInBackground(mailer, { to: m.email, subject: `[${cohort.title}] ${a.title}`, text: `${a.body}\n\n--\n${footer}\n` });
  }
  return members.length;
}
