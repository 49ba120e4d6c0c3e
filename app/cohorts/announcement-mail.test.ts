import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { users } from "#db/schema";
import { eq } from "drizzle-orm";
import { createTestDb, insertUser } from "#tests/helpers/db";
import { cohortInput } from "#tests/helpers/cohorts";
import { outboxTransport, type MailTransport } from "#app/mail/mail.server";
import { createCohort, joinCohort } from "./cohorts.server";
import { publicOrigin } from "#app/env.server";
import { runDueJobs } from "#app/jobs/queue.server";
import { saveEmailPreferences, setNotificationTransport } from "#app/notifications/notify.server";
import { announce } from "./announcement-mail.server";

type Mail = { to: string; subject: string; text: string };

/**
 * Reads a single-part text .eml as the outbox writes it: headers, then a body in quoted-printable
 * or base64 (nodemailer picks by content). Enough for these messages; not a general MIME parser.
 */
function readEml(raw: string): Mail {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const headers = new Map<string, string>();
  for (const line of head!.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const i = line.indexOf(":");
    headers.set(line.slice(0, i).toLowerCase(), line.slice(i + 1).trim());
  }
  const body = rest.join("\n\n");
  const encoding = headers.get("content-transfer-encoding")?.toLowerCase();
  const text =
    encoding === "base64"
      ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8")
      : encoding === "quoted-printable"
        ? Buffer.from(
            body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
            "latin1",
          ).toString("utf8")
        : body;
  return { to: headers.get("to") ?? "", subject: headers.get("subject") ?? "", text };
}

/** The platform's outbox transport into a fresh directory, with a way to wait for what it was given. */
function outbox() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shp-outbox-"));
  const inner = outboxTransport(dir, "SHP Campus <no-reply@campus.example.org>");
  const pending: Promise<string>[] = [];
  const mailer: MailTransport = {
    send: (m) => {
      const p = inner.send(m);
      pending.push(p);
      return p;
    },
  };
  return {
    mailer,
    async messages() {
      await Promise.allSettled(pending);
      const files = fs.readdirSync(dir).filter((f) => f.endsWith(".eml"));
      return files.map((f) => readEml(fs.readFileSync(path.join(dir, f), "utf8")));
    },
  };
}

describe("announcement e-mail", () => {
  it("goes to every active member, in their language, through the job queue and the mail seam (the outbox without SMTP)", async () => {
    const db = createTestDb();
    const lead = insertUser(db, { role: "trainer" });
    const cohort = createCohort(db, lead, cohortInput("shp-foundations", { title: "NHI claims, Vientiane" }), []);
    const lao = insertUser(db, { email: "noy@example.org", locale: "lo" });
    const viet = insertUser(db, { email: "lan@example.org", locale: "vi" });
    const gone = insertUser(db, { email: "gone@example.org" });
    insertUser(db, { email: "outsider@example.org" });
    for (const u of [lao, viet, gone]) joinCohort(db, cohort.id, u.id);
    db.update(users).set({ deactivatedAt: Date.now() }).where(eq(users.id, gone.id)).run();

    const box = outbox();
    setNotificationTransport(box.mailer);
    try {
      const { mailed } = announce(db, lead, cohort, { title: "Room change", body: "Day 2 is in room 3." });
      expect(mailed).toBe(2);
      await runDueJobs(db, { workerId: "test" });
    } finally {
      setNotificationTransport(undefined);
    }
    const page = `${publicOrigin()}/me/workshops/${cohort.id}`;
    const mails = await box.messages();
    const byTo = new Map(mails.map((m) => [m.to, m]));
    expect([...byTo.keys()].sort()).toEqual(["lan@example.org", "noy@example.org"]);
    const noy = byTo.get("noy@example.org")!;
    expect(noy.subject).toBe("[NHI claims, Vientiane] Room change");
    expect(noy.text).toContain("Day 2 is in room 3.");
    expect(noy.text).toContain(`ເປີດ: ${page}`);
    expect(byTo.get("lan@example.org")!.text).toContain(`Mở: ${page}`);
  });

  it("sends nothing to a member who turned announcement e-mails off", async () => {
    const db = createTestDb();
    const lead = insertUser(db, { role: "trainer" });
    const cohort = createCohort(db, lead, cohortInput("shp-foundations"), []);
    const member = insertUser(db);
    joinCohort(db, cohort.id, member.id);
    saveEmailPreferences(db, member.id, new Set(["certificate-issued"]));
    const box = outbox();
    setNotificationTransport(box.mailer);
    try {
      expect(announce(db, lead, cohort, { title: "x", body: "y" }).mailed).toBe(0);
      await runDueJobs(db, { workerId: "test" });
    } finally {
      setNotificationTransport(undefined);
    }
    expect(await box.messages()).toEqual([]);
  });
});
