import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { jobs, notifications } from "#db/schema";
import { announce } from "#app/cohorts/announcement-mail.server";
import { createCohort, joinCohort } from "#app/cohorts/cohorts.server";
import { createSession, updateSession } from "#app/cohorts/schedule.server";
import { publicOrigin } from "#app/env.server";
import { runDueJobs } from "#app/jobs/queue.server";
import { runHousekeeping } from "#app/auth/housekeeping.server";
import { outboxTransport } from "#app/mail/mail.server";
import { cohortInput } from "#tests/helpers/cohorts";
import { createTestDb, insertUser } from "#tests/helpers/db";
import {
  emailPreferences,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  notificationMail,
  notify,
  readUnsubscribeToken,
  saveEmailPreferences,
  setNotificationTransport,
  unreadCount,
  UNREAD_CAP,
  UNREAD_COUNT_SQL,
  unsubscribe,
  unsubscribeToken,
} from "./notify.server";
import { dueSessionReminders, produceSessionReminders } from "./reminders.server";
import { produceEvaluationMessages } from "./evaluation-messages.server";

const HOUR = 3600_000;
const DAY = 24 * HOUR;

function withOutbox<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(process.env.SHP_TEST_SCRATCH ?? os.tmpdir(), "outbox-"));
  setNotificationTransport(outboxTransport(dir, "SHP Campus <no-reply@campus.example.org>"));
  return fn(dir).finally(() => setNotificationTransport(undefined));
}
const eml = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".eml"))
    .map((f) => fs.readFileSync(path.join(dir, f), "utf8"));

describe("e-mails of notifications", () => {
  it("are written in the person's language with a one-click unsubscribe (RFC 8058 headers) that works for that kind only", async () => {
    const db = createTestDb();
    const u = insertUser(db, { locale: "lo", name: "ສົມໃຈ" });
    notify(db, { userId: u.id, kind: "certificate-issued", key: "c:1", params: { code: "ABCD-EFGH-JKMN-PQRS", courseSlug: "shp-foundations" } });
    const note = db.select().from(notifications).get()!;
    const mail = notificationMail(db, note.id, { key: "mail:c:1", date: new Date() })!;
    expect(mail.subject).toMatch(/^ໃບຢັ້ງຢືນຂອງທ່ານ: /);
    expect(mail.text).toContain("ສະບາຍດີ ສົມໃຈ,");
    expect(mail.text).toContain(`${publicOrigin()}/verify/ABCD-EFGH-JKMN-PQRS`);
    expect(mail.headers?.["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    const url = mail.headers?.["List-Unsubscribe"]?.match(/^<(.*)>$/)?.[1];
    expect(url).toBe(`${publicOrigin()}/unsubscribe/${unsubscribeToken(db, u.id, "certificate-issued")}`);
    expect(mail.text).toContain(url);

    const token = url!.split("/").pop()!;
    // A forged or altered token does nothing.
    const other = insertUser(db);
    const forged = `${Buffer.from(`${other.id}:certificate-issued`).toString("base64url")}.${token.split(".")[1]}`;
    expect(readUnsubscribeToken(db, forged)).toBeNull();
    expect(unsubscribe(db, `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`)).toBeNull();
    expect(unsubscribe(db, "junk")).toBeNull();
    expect(emailPreferences(db, other.id)["certificate-issued"]).toBe(true);
    // The real one turns that kind off, and only that kind.
    expect(unsubscribe(db, token)).toEqual({ kind: "certificate-issued" });
    expect(unsubscribe(db, token)).toEqual({ kind: "certificate-issued" });
    const prefs = emailPreferences(db, u.id);
    expect(prefs["certificate-issued"]).toBe(false);
    expect(prefs.announcement).toBe(true);
    // An e-mail already queued is not sent once the kind is off; the next one is not even queued.
    expect(notificationMail(db, note.id, { key: "mail:c:1", date: new Date() })).toBeNull();
    expect(notify(db, { userId: u.id, kind: "certificate-issued", key: "c:2", params: { code: "X", courseSlug: "shp-foundations" } })).toEqual({
      notified: true,
      mailQueued: false,
    });
    expect(unreadCount(db, u.id)).toBe(2);
  });

  it("the preferences page saves e-mail on/off per kind; unknown kinds are ignored", () => {
    const db = createTestDb();
    const u = insertUser(db);
    saveEmailPreferences(db, u.id, new Set(["announcement", "session-reminder", "<script>"]));
    const prefs = emailPreferences(db, u.id);
    expect(
      Object.entries(prefs)
        .filter(([, on]) => on)
        .map(([k]) => k),
    ).toEqual(["session-reminder", "announcement"]);
    saveEmailPreferences(db, u.id, new Set(Object.keys(prefs)));
    expect(Object.values(emailPreferences(db, u.id)).every(Boolean)).toBe(true);
  });

  it("a deactivated account gets no notification and no e-mail", () => {
    const db = createTestDb();
    const u = insertUser(db, { deactivatedAt: Date.now() });
    expect(notify(db, { userId: u.id, kind: "announcement", key: "a", params: {} })).toEqual({ notified: false, mailQueued: false });
  });
});

describe("announcements and session reminders", () => {
  function workshop() {
    const db = createTestDb();
    const trainer = insertUser(db, { role: "trainer", name: "Trainer T" });
    const cohort = createCohort(db, trainer, cohortInput("shp-foundations", { startsOn: "2026-01-01", endsOn: "2027-12-31" }), []);
    const member = insertUser(db, { email: "member@example.org", locale: "vi", name: "Nguyễn Văn A" });
    joinCohort(db, cohort.id, member.id);
    return { db, trainer, cohort, member };
  }

  it("an announcement notifies every member and e-mails them its text, in one transaction with the post", async () => {
    const { db, trainer, cohort, member } = workshop();
    const { mailed } = announce(db, trainer, cohort, { title: "Room change", body: "We meet in room **204**." });
    expect(mailed).toBe(1);
    expect(listNotifications(db, member.id, "en").map((n) => [n.title, n.path])).toEqual([[`[${cohort.title}] Room change`, `/me/workshops/${cohort.id}`]]);
    await withOutbox(async (dir) => {
      await runDueJobs(db, { workerId: "w" });
      const [m] = eml(dir);
      expect(m).toContain("To: member@example.org");
      // The header may be folded before the address, never inside it.
      expect(m).toMatch(/List-Unsubscribe:\s+<[^>\s]*\/unsubscribe\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{32}>/);
      expect(m).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
      expect(m).toContain("We meet in room **204**.");
    });
  });

  it("reminds members the day before a session, once, with the session's .ics attached; a moved session is reminded again", async () => {
    const { db, cohort, member } = workshop();
    const now = Date.UTC(2026, 5, 10, 3, 0);
    const s = createSession(db, cohort.id, {
      title: "Claims workshop",
      startsAt: now + 20 * HOUR,
      endsAt: now + 23 * HOUR,
      place: "Room 204",
      onlineUrl: "",
      facilitator: "",
    });
    const later = createSession(db, cohort.id, {
      title: "Later",
      startsAt: now + 3 * DAY,
      endsAt: now + 3 * DAY + HOUR,
      place: "",
      onlineUrl: "",
      facilitator: "",
    });
    expect(produceSessionReminders(db, now)).toBe(1);
    expect(produceSessionReminders(db, now + HOUR)).toBe(0);
    expect(dueSessionReminders(db, now).map((d) => d.sessionId)).not.toContain(later.id);
    await withOutbox(async (dir) => {
      await runDueJobs(db, { workerId: "w", now: () => now });
      const files = eml(dir);
      expect(files).toHaveLength(1);
      expect(files[0]).toContain("Content-Type: text/calendar");
      expect(files[0]).toMatch(/filename=("?)session\.ics\1/);
      // The session moves: the old reminder is not re-sent, a new one is given for the new time.
      updateSession(db, cohort.id, s.id, {
        title: "Claims workshop",
        startsAt: now + 22 * HOUR,
        endsAt: now + 24 * HOUR,
        place: "Room 204",
        onlineUrl: "",
        facilitator: "",
      });
      expect(produceSessionReminders(db, now + 2 * HOUR)).toBe(1);
      await runDueJobs(db, { workerId: "w", now: () => now + 2 * HOUR });
      expect(eml(dir)).toHaveLength(2);
    });
    expect(listNotifications(db, member.id, "vi")[0]!.title).toBe(`Ngày mai: Claims workshop (${cohort.title})`);
  });
});

describe("in-app list", () => {
  it("the header's unread count reads only the index and stops counting at UNREAD_CAP (the header shows 99+)", () => {
    const db = createTestDb();
    const u = insertUser(db);
    const t0 = Date.UTC(2026, 0, 1);
    const insert = db.$client.prepare("insert into notifications (user_id, kind, key, params, created_at) values (?, 'evaluation-request', ?, '{}', ?)");
    db.$client.transaction(() => {
      for (let i = 0; i < UNREAD_CAP + 50; i++) insert.run(u.id, `cap-${i}`, t0 + i);
    })();
    expect(unreadCount(db, u.id)).toBe(UNREAD_CAP);
    const plan = (db.$client.prepare(`explain query plan ${UNREAD_COUNT_SQL}`).all("x", UNREAD_CAP) as { detail: string }[]).map((r) => r.detail).join("\n");
    expect(plan).toMatch(/USING COVERING INDEX notifications_user_idx/);
  });

  it("marks one or all read, only the person's own; housekeeping prunes old read ones and old done jobs", async () => {
    const db = createTestDb();
    const u = insertUser(db);
    const other = insertUser(db);
    const t0 = Date.UTC(2026, 0, 1);
    for (const k of ["a", "b", "c"]) notify(db, { userId: u.id, kind: "evaluation-request", key: k, params: { title: "Course", path: "/me" }, now: t0 });
    const [first] = listNotifications(db, u.id, "en");
    expect(markNotificationRead(db, other.id, first!.id, t0)).toBe(false);
    expect(unreadCount(db, u.id)).toBe(3);
    expect(markNotificationRead(db, u.id, first!.id, t0)).toBe(true);
    expect(unreadCount(db, u.id)).toBe(2);
    expect(markAllNotificationsRead(db, u.id, t0)).toBe(2);
    expect(unreadCount(db, u.id)).toBe(0);
    await runDueJobs(db, { workerId: "w", now: () => t0 }).catch(() => 0);
    const removed = runHousekeeping(db, t0 + 100 * DAY);
    expect(removed.notifications).toBe(3);
    expect(db.select().from(notifications).where(eq(notifications.userId, u.id)).all()).toEqual([]);
    expect(
      db
        .select()
        .from(jobs)
        .all()
        .filter((j) => j.status === "done"),
    ).toEqual([]);
  });

  it("a notification never links to another site", () => {
    const db = createTestDb();
    const u = insertUser(db);
    notify(db, { userId: u.id, kind: "followup-request", key: "x", params: { title: "T", path: "//evil.example/x" } });
    expect(listNotifications(db, u.id, "en")[0]!.path).toBe("/me");
  });
});

describe("evaluation messages through the queue", () => {
  it("a workshop's evaluation request and its reminder reach the participant once each, in-app and by e-mail, with a link to the questionnaire", async () => {
    const db = createTestDb();
    const trainer = insertUser(db, { role: "trainer" });
    // The workshop (3–5 March 2026, no sessions) opens its evaluation on its last day.
    const cohort = createCohort(db, trainer, cohortInput("shp-foundations"), []);
    const p = insertUser(db, { locale: "en" });
    joinCohort(db, cohort.id, p.id);
    const after = Date.parse("2026-03-06T03:00:00Z");

    expect(produceEvaluationMessages(db, after)).toBe(1);
    expect(produceEvaluationMessages(db, after + HOUR)).toBe(0); // marked sent in the same transaction
    const notes = listNotifications(db, p.id, "en");
    expect(notes.map((n) => n.kind)).toEqual(["evaluation-request"]);
    expect(notes[0]!.path).toMatch(/^\/me\/evaluations\/\d+$/);
    // The one reminder, a week on, still unanswered.
    expect(produceEvaluationMessages(db, after + 7 * DAY)).toBe(1);
    expect(produceEvaluationMessages(db, after + 8 * DAY)).toBe(0);
    await withOutbox(async (dir) => {
      await runDueJobs(db, { workerId: "w", now: () => after + 8 * DAY });
      const files = eml(dir);
      expect(files).toHaveLength(2);
      for (const f of files) expect(f).toContain(`${publicOrigin()}${notes[0]!.path}`);
    });
  });
});
