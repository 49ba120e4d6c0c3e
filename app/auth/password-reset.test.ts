import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import i18next from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import resources from "#app/locales";
import { auditLog, sessions, setPasswordTokens } from "#db/schema";
import { createTestDb, insertUser } from "#tests/helpers/db";
import { setPasswordWithToken, userForSetPasswordToken } from "#app/cohorts/invitations.server";
import { outboxTransport, type MailMessage, type MailTransport } from "#app/mail/mail.server";
import { authenticate } from "./accounts.server";
import { hashPassword } from "./password.server";
import { ADMIN_RESET_TTL, createResetLinkByAdmin, requestPasswordReset, RESET_TTL } from "./password-reset.server";
import { RULES } from "./rate-limit.server";
import { createCohort } from "#app/cohorts/cohorts.server";
import { parseParticipantsCsv, runImport, storePendingImport } from "#app/cohorts/import.server";
import { cohortInput } from "#tests/helpers/cohorts";
import { createSession } from "./session.server";

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ resources, lng: "en", fallbackLng: "en", interpolation: { escapeValue: false }, initAsync: false });
});

/** A transport that keeps the messages, for the assertions. */
function memoryTransport(): MailTransport & { sent: MailMessage[] } {
  const sent: MailMessage[] = [];
  return { sent, send: async (m) => (sent.push(m), "memory") };
}

const ORIGIN = "https://campus.example.org";
const tokenOf = (text: string) => /\/set-password\/([a-z2-7]{32})/.exec(text)?.[1];

function request(db: ReturnType<typeof createTestDb>, email: string, mailer: MailTransport, now = Date.now(), ip = "10.0.0.1") {
  return requestPasswordReset(db, { email, ip, origin: ORIGIN }, { mailer, tFor: (lng) => i18n.getFixedT(lng) }, now);
}

describe("password reset by e-mail", () => {
  it("mails a one-hour, single-use link that sets the password and ends every session", async () => {
    const db = createTestDb();
    const user = insertUser(db, { email: "somsak@example.org", name: "Somsak", passwordHash: await hashPassword("old-password-1") });
    createSession(db, user.id);
    const mailer = memoryTransport();
    const now = Date.now();

    const outcome = request(db, "Somsak@Example.org".toLowerCase(), mailer, now);
    expect(outcome.status).toBe("accepted");
    if (outcome.status === "accepted") await outcome.delivery;
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]!.to).toBe("somsak@example.org");
    const token = tokenOf(mailer.sent[0]!.text)!;
    expect(token).toBeDefined();
    expect(mailer.sent[0]!.text).toContain(`${ORIGIN}/set-password/${token}`);

    // Only the hash is stored; the link expires after an hour.
    const rows = db.select().from(setPasswordTokens).where(eq(setPasswordTokens.userId, user.id)).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).not.toContain(token);
    expect(rows[0]!.expiresAt).toBe(now + RESET_TTL);
    expect(userForSetPasswordToken(db, token, now + RESET_TTL - 1)?.id).toBe(user.id);
    expect(userForSetPasswordToken(db, token, now + RESET_TTL)).toBeNull();

    // Used once: the password changes and every session ends; a second use fails.
    expect(await setPasswordWithToken(db, token, "new-password-22", now + 1000)).not.toBeNull();
    expect(db.select().from(sessions).where(eq(sessions.userId, user.id)).all()).toHaveLength(0);
    expect((await authenticate(db, "somsak@example.org", "new-password-22", "10.9.9.9")).ok).toBe(true);
    expect((await authenticate(db, "somsak@example.org", "old-password-1", "10.9.9.9")).ok).toBe(false);
    expect(await setPasswordWithToken(db, token, "third-password-3", now + 2000)).toBeNull();
    expect(
      db
        .select()
        .from(auditLog)
        .where(eq(auditLog.subject, `user:${user.id}`))
        .all()
        .map((r) => r.action),
    ).toEqual(["user.reset-requested", "user.set-password"]);
  });

  it("refuses an expired link", async () => {
    const db = createTestDb();
    insertUser(db, { email: "late@example.org" });
    const mailer = memoryTransport();
    const now = Date.now();
    const outcome = request(db, "late@example.org", mailer, now);
    if (outcome.status === "accepted") await outcome.delivery;
    const token = tokenOf(mailer.sent[0]!.text)!;
    expect(await setPasswordWithToken(db, token, "too-late-password", now + RESET_TTL + 1)).toBeNull();
  });

  it("answers the same for an unknown address, and sends nothing", async () => {
    const db = createTestDb();
    const mailer = memoryTransport();
    const outcome = request(db, "nobody@example.org", mailer);
    expect(outcome.status).toBe("accepted");
    if (outcome.status === "accepted") await outcome.delivery;
    expect(mailer.sent).toHaveLength(0);
    expect(db.select().from(setPasswordTokens).all()).toHaveLength(0);
  });

  it("a newer link retires the older one", async () => {
    const db = createTestDb();
    insertUser(db, { email: "twice@example.org" });
    const mailer = memoryTransport();
    for (const o of [request(db, "twice@example.org", mailer), request(db, "twice@example.org", mailer)]) if (o.status === "accepted") await o.delivery;
    const [first, second] = mailer.sent.map((m) => tokenOf(m.text)!);
    expect(userForSetPasswordToken(db, first!)).toBeNull();
    expect(userForSetPasswordToken(db, second!)).not.toBeNull();
  });

  it("is rate-limited per address whether or not the account exists, and per IP", () => {
    const db = createTestDb();
    insertUser(db, { email: "known@example.org" });
    const mailer = memoryTransport();
    const now = Date.now();
    for (const email of ["known@example.org", "unknown@example.org"]) {
      for (let i = 0; i < RULES.resetPerEmail.limit; i++) expect(request(db, email, mailer, now, `10.1.0.${i}`).status).toBe("accepted");
      const refused = request(db, email, mailer, now, "10.1.1.1");
      expect(refused).toEqual({ status: "rate-limited", retryAt: now + RULES.resetPerEmail.windowMs });
      // The window passes: allowed again.
      expect(request(db, email, mailer, now + RULES.resetPerEmail.windowMs, "10.1.1.2").status).toBe("accepted");
    }
    expect(mailer.sent.filter((m) => m.to === "known@example.org")).toHaveLength(RULES.resetPerEmail.limit + 1);

    for (let i = 0; i < RULES.resetPerIp.limit; i++) expect(request(db, `person${i}@example.org`, mailer, now, "10.2.0.1").status).toBe("accepted");
    expect(request(db, "one-more@example.org", mailer, now, "10.2.0.1").status).toBe("rate-limited");
    expect(request(db, "one-more@example.org", mailer, now, "10.2.0.2").status).toBe("accepted");
  });

  it("writes the message as an .eml file in the outbox, in the account's language", async () => {
    const db = createTestDb();
    insertUser(db, { email: "lao@example.org", name: "ສົມສະໄໝ", locale: "lo" });
    const dir = fs.mkdtempSync(path.join(process.env.SHP_TEST_SCRATCH ?? os.tmpdir(), "shp-outbox-")); // removed with the scratch folder
    const outcome = request(db, "lao@example.org", outboxTransport(dir, "SHP Campus <no-reply@campus.example.org>"));
    if (outcome.status === "accepted") await outcome.delivery;
    const files = fs.readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.eml$/);
    const eml = fs.readFileSync(path.join(dir, files[0]!), "utf8");
    expect(eml).toMatch(/^To: lao@example\.org$/m);
    expect(eml).toMatch(/^From: SHP Campus <no-reply@campus\.example\.org>$/m);
    expect(eml).toMatch(/^Subject: =\?UTF-8\?/m); // Lao subject, encoded for mail headers
    expect(eml).toContain("Content-Type: text/plain; charset=utf-8");
  });
});

describe("invitation links and reset links have separate purposes", () => {
  it("attack: an anonymous forgot-password request does not retire a trainer's printed invitation", async () => {
    const db = createTestDb();
    const trainer = insertUser(db, { role: "trainer" });
    const cohort = createCohort(db, trainer, cohortInput("demo-course"), []);
    const csv = parseParticipantsCsv(new TextEncoder().encode("name,email,organisation,constituent group,sex,country\nNew,invitee@example.org,,,,\n"));
    if (!csv.ok) throw new Error("expected ok");
    const out = runImport(db, trainer, cohort.id, storePendingImport(db, cohort.id, trainer.id, csv.rows), ORIGIN);
    if (!out.ok) throw new Error("expected ok");
    const printed = tokenOf(out.links[0]!.url)!;
    const mailer = memoryTransport();
    const outcome = request(db, "invitee@example.org", mailer, Date.now(), "10.7.7.7");
    if (outcome.status === "accepted") await outcome.delivery;
    // The printed link still works; the mailed one too (each retires only its own kind).
    expect(userForSetPasswordToken(db, printed)?.email).toBe("invitee@example.org");
    expect(await setPasswordWithToken(db, printed, "chosen-password-1")).not.toBeNull();
    // Once a password is set, every outstanding link of the account is void.
    expect(userForSetPasswordToken(db, tokenOf(mailer.sent[0]!.text)!)).toBeNull();
  });
});

describe("reset link created by an administrator", () => {
  it("lasts a day, is audited, and is refused for an unknown user", () => {
    const db = createTestDb();
    const admin = insertUser(db, { role: "admin" });
    const user = insertUser(db, { email: "forgetful@example.org", name: "Forgetful" });
    const now = Date.now();
    const link = createResetLinkByAdmin(db, admin, user.id, ORIGIN, now)!;
    expect(link.url).toMatch(new RegExp(`^${ORIGIN}/set-password/[a-z2-7]{32}$`));
    expect(link.expiresAt).toBe(now + ADMIN_RESET_TTL);
    expect(userForSetPasswordToken(db, tokenOf(link.url)!, now + ADMIN_RESET_TTL - 1)?.id).toBe(user.id);
    const audit = db.select().from(auditLog).where(eq(auditLog.action, "user.reset-link")).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: admin.id, subject: `user:${user.id}` });
    expect(createResetLinkByAdmin(db, admin, "no-such-user", ORIGIN, now)).toBeNull();
  });
});
