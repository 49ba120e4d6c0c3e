import { eq } from "drizzle-orm";
import type { z } from "zod";
import { inTransaction, type Db } from "#db/client";
import { cohortMembers, type Cohort, type User } from "#db/schema";
import { env } from "#app/env.server";
import { notify } from "#app/notifications/notify.server";
import { postAnnouncement, type AnnouncementSchema } from "./cohorts.server";

/** Whether e-mail leaves the server (SMTP_URL); without it messages only reach the outbox. */
export function mailConfigured(): boolean {
  return !!env.SMTP_URL;
}

/**
 * Posts an announcement and tells every member of the cohort (not deactivated), in one transaction:
 * a notification on /me and an e-mail through the job queue for those who want announcement e-mails.
 * Returns the announcement and how many e-mails were queued.
 */
export function announce(db: Db, author: Pick<User, "id">, cohort: Pick<Cohort, "id" | "title">, input: z.infer<typeof AnnouncementSchema>, now = Date.now()) {
  return inTransaction(db, (tx) => {
    const announcement = postAnnouncement(tx, author, cohort.id, input);
    const members = tx.select({ userId: cohortMembers.userId }).from(cohortMembers).where(eq(cohortMembers.cohortId, cohort.id)).all();
    let mailed = 0;
    for (const m of members) {
      const r = notify(tx, {
        userId: m.userId,
        kind: "announcement",
        key: `announcement:${announcement.id}:${m.userId}`,
        params: { cohortId: cohort.id, announcementId: announcement.id, cohort: cohort.title, title: announcement.title },
        now,
      });
      if (r.mailQueued) mailed++;
    }
    return { announcement, mailed };
  });
}
