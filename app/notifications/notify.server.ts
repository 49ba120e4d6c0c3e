/**
 * Notifications: one call, `notify`, records an in-app notification (always) and, unless the person
 * turned e-mails of that kind off, enqueues its e-mail on the durable job queue, inside the caller's
 * transaction. The e-mail is rendered when it is sent, in the person's language at that time, with a
 * one-click unsubscribe link for its kind (RFC 8058 headers) and, for a session reminder, the
 * session's .ics attached.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { and, desc, eq, isNotNull, isNull, lt, or } from "drizzle-orm";
import { inTransaction, preparedQuery, type Db } from "#db/client";
import { announcements, appSecrets, cohortSessions, cohorts, mailDeliveries, notificationOptOuts, notifications, users, type Job } from "#db/schema";
import { findCourse } from "#app/content/content.server";
import { pick } from "#app/content/locales";
import { publicOrigin } from "#app/env.server";
import { formatInstant } from "#app/i18n/datetime";
import { getMailTransport, type MailMessage, type MailTransport } from "#app/mail/mail.server";
import { instanceFor } from "#app/middleware/i18next.server";
import { workshopCalendar } from "#app/cohorts/workshop.server";
import { enqueueJob, registerJobHandler } from "#app/jobs/queue.server";
import { isNotificationKind, NOTIFICATION_KINDS, type NotificationKind } from "./kinds";

export { NOTIFICATION_KINDS, type NotificationKind };

export type NotificationParams = Record<string, string | number | null>;

/** The job kind of a notification's e-mail. */
export const MAIL_JOB = "notification-mail";

export type NotifyInput = {
  userId: string;
  kind: NotificationKind;
  params: NotificationParams;
  /** Names the event (e.g. "certificate-issued:<code>"): notifying twice of one event records and mails it once. */
  key: string;
  now?: number;
};

/**
 * Records an in-app notification and enqueues its e-mail (if the person wants e-mails of this kind),
 * in the caller's transaction. Nothing for a deactivated or unknown account. Idempotent by key.
 */
export function notify(db: Db, input: NotifyInput): { notified: boolean; mailQueued: boolean } {
  const now = input.now ?? Date.now();
  const user = db.select({ deactivatedAt: users.deactivatedAt }).from(users).where(eq(users.id, input.userId)).get();
  if (!user || user.deactivatedAt !== null) return { notified: false, mailQueued: false };
  const row = db
    .insert(notifications)
    .values({ userId: input.userId, kind: input.kind, key: input.key, params: input.params, createdAt: now })
    .onConflictDoNothing({ target: notifications.key })
    .returning({ id: notifications.id })
    .get();
  if (!row) return { notified: false, mailQueued: false };
  if (!wantsEmail(db, input.userId, input.kind)) return { notified: true, mailQueued: false };
  const mailQueued = enqueueJob(db, { kind: MAIL_JOB, key: `mail:${input.key}`, payload: { notificationId: row.id } }, now);
  return { notified: true, mailQueued };
}

// ── Preferences and unsubscribe ───────────────────────────────────────────────────────────────

export function wantsEmail(db: Db, userId: string, kind: string): boolean {
  return !db
    .select({ k: notificationOptOuts.kind })
    .from(notificationOptOuts)
    .where(and(eq(notificationOptOuts.userId, userId), eq(notificationOptOuts.kind, kind)))
    .get();
}

/** Per kind, whether the person receives e-mails of it. */
export function emailPreferences(db: Db, userId: string): Record<NotificationKind, boolean> {
  const off = new Set(
    db
      .select({ kind: notificationOptOuts.kind })
      .from(notificationOptOuts)
      .where(eq(notificationOptOuts.userId, userId))
      .all()
      .map((r) => r.kind),
  );
  return Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, !off.has(k)])) as Record<NotificationKind, boolean>;
}

/** Saves the preferences page: e-mail on for the kinds listed, off for the others. */
export function saveEmailPreferences(db: Db, userId: string, enabled: ReadonlySet<string>, now = Date.now()) {
  inTransaction(db, (tx) => {
    for (const kind of NOTIFICATION_KINDS) setEmail(tx, userId, kind, enabled.has(kind), now);
  });
}

function setEmail(db: Db, userId: string, kind: NotificationKind, on: boolean, now: number) {
  if (on)
    db.delete(notificationOptOuts)
      .where(and(eq(notificationOptOuts.userId, userId), eq(notificationOptOuts.kind, kind)))
      .run();
  else db.insert(notificationOptOuts).values({ userId, kind, at: now }).onConflictDoNothing().run();
}

function unsubscribeKey(db: Db): Buffer {
  let row = db.select().from(appSecrets).where(eq(appSecrets.name, "unsubscribe")).get();
  if (!row) {
    db.insert(appSecrets)
      .values({ name: "unsubscribe", value: randomBytes(32).toString("base64url") })
      .onConflictDoNothing()
      .run();
    row = db.select().from(appSecrets).where(eq(appSecrets.name, "unsubscribe")).get()!;
  }
  return Buffer.from(row.value, "base64url");
}

function signature(db: Db, userId: string, kind: string): string {
  return createHmac("sha256", unsubscribeKey(db)).update(`unsubscribe:${userId}:${kind}`).digest("base64url").slice(0, 32);
}

/** The signed token of an unsubscribe link: who and which kind, and an HMAC only the server can make. */
export function unsubscribeToken(db: Db, userId: string, kind: NotificationKind): string {
  return `${Buffer.from(`${userId}:${kind}`).toString("base64url")}.${signature(db, userId, kind)}`;
}

/** Who and which kind a token names, or null when it is malformed or its signature is wrong. */
export function readUnsubscribeToken(db: Db, token: string): { userId: string; kind: NotificationKind } | null {
  if (token.length > 300 || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{32}$/.test(token)) return null;
  const [body, sig] = token.split(".") as [string, string];
  const decoded = Buffer.from(body, "base64url").toString("utf8");
  const colon = decoded.lastIndexOf(":");
  const userId = decoded.slice(0, colon);
  const kind = decoded.slice(colon + 1);
  if (colon < 1 || !isNotificationKind(kind)) return null;
  const expected = Buffer.from(signature(db, userId, kind));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  if (!db.select({ id: users.id }).from(users).where(eq(users.id, userId)).get()) return null;
  return { userId, kind };
}

/** One-click unsubscribe: e-mails of the token's kind stop (idempotent). Null for an invalid token. */
export function unsubscribe(db: Db, token: string, now = Date.now()): { kind: NotificationKind } | null {
  const who = readUnsubscribeToken(db, token);
  if (!who) return null;
  setEmail(db, who.userId, who.kind, false, now);
  return { kind: who.kind };
}

// ── In-app list ───────────────────────────────────────────────────────────────────────────────

/** The header shows "99+" above 99, so counting stops here: the count costs at most this many index entries. */
export const UNREAD_CAP = 100;
/** Reads only notifications_user_idx (user_id, read_at, created_at): tested with EXPLAIN QUERY PLAN in notify.test.ts. */
export const UNREAD_COUNT_SQL = "select count(*) from (select 1 from notifications where user_id = ? and read_at is null limit ?)";
const unreadCountQuery = preparedQuery((db) => db.$client.prepare<[string, number], number>(UNREAD_COUNT_SQL).pluck());

/**
 * Unread notifications, at most UNREAD_CAP: the root loader runs this for every signed-in page, so it
 * is one prepared statement over the covering index, bounded however many notifications pile up.
 */
export function unreadCount(db: Db, userId: string): number {
  return unreadCountQuery(db).get(userId, UNREAD_CAP) ?? 0;
}

export type NotificationItem = { id: number; kind: string; title: string; path: string; createdAt: number; read: boolean };

/** The person's latest notifications, rendered in the page's language. */
export function listNotifications(db: Db, userId: string, locale: string, limit = 100): NotificationItem[] {
  return db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit)
    .all()
    .map((n) => {
      const r = renderNotification(n.kind, n.params, locale);
      return { id: n.id, kind: n.kind, title: r.title, path: r.path, createdAt: n.createdAt, read: n.readAt !== null };
    });
}

/** Marks one of the person's notifications read; false when it is not theirs (or unknown). */
export function markNotificationRead(db: Db, userId: string, id: number, now = Date.now()): boolean {
  if (!Number.isSafeInteger(id)) return false;
  const mine = db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .get();
  if (!mine) return false;
  db.update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.id, id), isNull(notifications.readAt)))
    .run();
  return true;
}

export function markAllNotificationsRead(db: Db, userId: string, now = Date.now()): number {
  return db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .run().changes;
}

// ── Rendering ─────────────────────────────────────────────────────────────────────────────────

const str = (v: string | number | null | undefined) => (v === null || v === undefined ? "" : String(v));

/** A path inside the platform (never another site): what a notification links to. */
function safePath(p: unknown, fallback: string): string {
  return typeof p === "string" && /^\/[^/\\]/.test(p) ? p : fallback;
}

/** Title, body text and link of a notification, in a language. */
export function renderNotification(kind: string, params: NotificationParams, locale: string): { title: string; body: string; path: string } {
  const t = instanceFor(locale).t;
  const vars: Record<string, string> = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, str(v)]));
  let path = "/me";
  switch (kind) {
    case "cohort-invitation":
      path = "/me";
      break;
    case "session-reminder":
      path = `/me/workshops/${str(params.cohortId)}`;
      vars.when = typeof params.startsAt === "number" ? formatInstant(params.startsAt, "dateTime", locale, str(params.timeZone) || "UTC") : "";
      break;
    case "announcement":
      path = `/me/workshops/${str(params.cohortId)}`;
      break;
    case "certificate-issued": {
      const course = findCourse(str(params.courseSlug));
      vars.course = course ? pick(course.title, locale).text : str(params.courseSlug);
      vars.verifyUrl = `${publicOrigin()}/verify/${str(params.code)}`;
      path = "/me/certificates";
      break;
    }
    default:
      path = safePath(params.path, "/me");
  }
  if (!isNotificationKind(kind)) return { title: kind, body: "", path };
  return { title: t(`notifications.kinds.${kind}.title`, vars), body: t(`notifications.kinds.${kind}.body`, vars), path };
}

/**
 * The e-mail of a notification, rendered now: null when there is nothing to send any more (the
 * notification or account is gone, the account is deactivated, the person turned this kind off since,
 * the announcement was deleted, the session was moved or removed).
 */
export function notificationMail(db: Db, notificationId: number, idempotency: { key: string; date: Date }): MailMessage | null {
  const row = db
    .select({ n: notifications, email: users.email, name: users.name, locale: users.locale, deactivatedAt: users.deactivatedAt })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(eq(notifications.id, notificationId))
    .get();
  if (!row || row.deactivatedAt !== null || !isNotificationKind(row.n.kind)) return null;
  const kind = row.n.kind;
  if (!wantsEmail(db, row.n.userId, kind)) return null;
  const p = row.n.params;
  const origin = publicOrigin();
  const t = instanceFor(row.locale).t;
  const rendered = renderNotification(kind, p, row.locale);
  let body = rendered.body;
  const attachments: MailMessage["attachments"] = [];
  if (kind === "announcement") {
    const a = db
      .select()
      .from(announcements)
      .where(eq(announcements.id, str(p.announcementId)))
      .get();
    if (!a) return null;
    body = a.body;
  }
  if (kind === "session-reminder") {
    const s = db
      .select()
      .from(cohortSessions)
      .where(eq(cohortSessions.id, str(p.sessionId)))
      .get();
    const cohort = s && db.select().from(cohorts).where(eq(cohorts.id, s.cohortId)).get();
    if (!s || !cohort || s.startsAt !== p.startsAt) return null;
    const ics = workshopCalendar(db, cohort, {
      sessionId: s.id,
      pageUrl: `${origin}/me/workshops/${cohort.id}`,
      labels: { online: t("workshop.online"), workshop: t("workshop.title") },
    });
    if (ics) attachments.push({ filename: "session.ics", content: ics, contentType: "text/calendar; charset=utf-8; method=PUBLISH" });
  }
  const unsubscribeUrl = `${origin}/unsubscribe/${unsubscribeToken(db, row.n.userId, kind)}`;
  const opening =
    kind === "cohort-invitation"
      ? // What accepting would share, and where to answer: the wording of the consent rules (README, "Consent").
        [t("cohorts.invitations.mailBody", { name: row.name, trainer: str(p.trainer), cohort: str(p.cohort), url: `${origin}/me` })]
      : [t("notifications.mail.greeting", { name: row.name }), "", body, "", t("notifications.mail.open", { url: `${origin}${rendered.path}` })];
  const text = [
    ...opening,
    "",
    "--",
    t("notifications.mail.unsubscribe", { url: unsubscribeUrl }),
    t("notifications.mail.preferences", { url: `${origin}/me/notifications/settings` }),
    "",
  ].join("\n");
  return {
    to: row.email,
    subject: rendered.title,
    text,
    headers: { "List-Unsubscribe": `<${unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    attachments: attachments.length ? attachments : undefined,
    idempotency,
  };
}

let transportOverride: MailTransport | undefined;

/** Tests send notification mail through a transport of their own (an outbox in a scratch directory). */
export function setNotificationTransport(transport: MailTransport | undefined) {
  transportOverride = transport;
}

/**
 * Sends a notification's e-mail, at most once per job key: a job that already delivered (and was
 * re-run after a crash before it could be marked done) finds the delivery and sends nothing; the
 * delivery is recorded in the transaction that marks the job done. The outbox file is named by the
 * key, so a crash between writing it and recording it rewrites the same file.
 */
export async function sendNotificationMail(db: Db, job: Pick<Job, "key" | "payload" | "createdAt">) {
  if (db.select({ k: mailDeliveries.key }).from(mailDeliveries).where(eq(mailDeliveries.key, job.key)).get()) return;
  const message = notificationMail(db, Number(job.payload.notificationId), { key: job.key, date: new Date(job.createdAt) });
  if (!message) return;
  const where = await (transportOverride ?? getMailTransport()).send(message);
  console.log(`mail: "${message.subject}" to ${message.to} → ${where}`);
  return (tx: Db) => {
    tx.insert(mailDeliveries).values({ key: job.key, deliveredTo: message.to, where, sentAt: Date.now() }).onConflictDoNothing().run();
  };
}

registerJobHandler(MAIL_JOB, sendNotificationMail);

// ── Housekeeping ──────────────────────────────────────────────────────────────────────────────

const DAY = 24 * 60 * 60 * 1000;

/** Read notifications after 90 days, any after a year, delivery records after 60 days. */
export function pruneNotifications(db: Db, now = Date.now()) {
  const removed = db
    .delete(notifications)
    .where(or(and(isNotNull(notifications.readAt), lt(notifications.readAt, now - 90 * DAY)), lt(notifications.createdAt, now - 365 * DAY)))
    .run().changes;
  const deliveries = db
    .delete(mailDeliveries)
    .where(lt(mailDeliveries.sentAt, now - 60 * DAY))
    .run().changes;
  return { notifications: removed, mailDeliveries: deliveries };
}
