import fs from "node:fs";
import { describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import { findCourse } from "#app/content/content.server";
import { authenticate } from "#app/auth/accounts.server";
import { hashPassword } from "#app/auth/password.server";
import { createSession as createLoginSession } from "#app/auth/session.server";
import { reissueCertificate, findCertificateByCode } from "#app/certificates/certificates.server";
import { verificationView } from "#app/certificates/present.server";
import { createCohort } from "#app/cohorts/cohorts.server";
import { parseParticipantsCsv, runImport, storePendingImport } from "#app/cohorts/import.server";
import { issueSetPasswordLink } from "#app/cohorts/invitations.server";
import { createSession, parseLocalDateTime } from "#app/cohorts/schedule.server";
import { joinCohortAndSettle, saveSessionRegister } from "#app/learning/achievements.server";
import { enrol } from "#app/learning/progress.server";
import { NO_FILTERS, type ReportScope } from "#app/reports/filters.server";
import { queueCoursesWithChangedContent, refreshLearningRecords } from "#app/reports/records.server";
import { buildReport } from "#app/reports/report.server";
import "#app/integrations/cohort-certificates.server";
import { cohortInput } from "#tests/helpers/cohorts";
import { createTestDb, insertUser } from "#tests/helpers/db";
import { completeAllLessons, takeFinalSettled } from "#tests/helpers/learning";
import { eraseAccount, eraseOwnAccount, erasedEmail, REVOKED_ON_ERASURE } from "./erase.server";
import { collectPersonalData } from "./export.server";

const COURSE = "shp-foundations";
const course = findCourse(COURSE)!;
const ALL: ReportScope = { kind: "all" };

const EMAIL = "zq9-souksavanh@example.org";
const NAME = "ສຸກສະຫວັນ Zq9-Vongsa";
const ORG = "Zq9 Provincial Health Office";
const JOB = "Zq9 claims officer";
const LATIN = "Souksavanh Zq9-Latin";

function csv(rows: string[]) {
  const parsed = parseParticipantsCsv(new TextEncoder().encode(`name,email,organisation,constituent group,sex,country\n${rows.join("\n")}\n`));
  if (!parsed.ok) throw new Error("expected a valid CSV");
  return parsed.rows;
}

/** A person with something in every table the platform keeps, among others who stay. */
async function populate(db: Db) {
  const trainer = insertUser(db, { role: "trainer", name: "Trainer Somphone" });
  const admin = insertUser(db, { role: "admin", name: "Admin Noy" });
  const person = insertUser(db, {
    email: EMAIL,
    name: NAME,
    nameLatin: LATIN,
    organisation: ORG,
    jobTitle: JOB,
    sex: "woman",
    constituentGroup: "government",
    country: "LA",
    passwordHash: await hashPassword("correct horse battery"),
  });
  const others = [1, 2, 3, 4, 5, 6].map((i) =>
    insertUser(db, { name: `Other ${i}`, sex: i % 2 ? "man" : "woman", constituentGroup: i % 3 ? "workers" : "government", country: "VN" }),
  );
  const cohort = createCohort(db, trainer, cohortInput(COURSE, { startsOn: "2026-01-01", endsOn: "2027-12-31", allModules: false, finalPass: true }), []);
  const session = createSession(db, cohort.id, {
    title: "Day 1",
    startsAt: parseLocalDateTime("2026-02-02T09:00")!,
    endsAt: parseLocalDateTime("2026-02-02T16:00")!,
    place: "",
    onlineUrl: "",
    facilitator: "",
  });
  for (const p of [person, ...others.slice(0, 3)]) joinCohortAndSettle(db, { cohortId: cohort.id, courseSlug: COURSE, userId: p.id, viaCode: true });
  const present = new FormData();
  for (const p of [person, ...others.slice(0, 3)]) present.set(`status-${p.id}`, "present");
  saveSessionRegister(db, { markedBy: trainer.id, cohortId: cohort.id, courseSlug: COURSE, sessionId: session.id, form: present });
  completeAllLessons(db, person.id, course);
  takeFinalSettled(db, person.id, course, true);
  completeAllLessons(db, others[0]!.id, course);
  for (const p of others.slice(3)) {
    enrol(db, p.id, COURSE);
    completeAllLessons(db, p.id, course);
  }
  takeFinalSettled(db, others[3]!.id, course, true);

  // An invitation to another workshop, and the person's row in a third workshop's unconfirmed import.
  const second = createCohort(db, trainer, cohortInput(COURSE, { title: "Second", startsOn: "2026-01-01", endsOn: "2027-12-31" }), []);
  runImport(db, trainer, second.id, storePendingImport(db, second.id, trainer.id, csv([`${NAME},${EMAIL},${ORG},,,`])), "http://x");
  const third = createCohort(db, trainer, cohortInput(COURSE, { title: "Third", startsOn: "2026-01-01", endsOn: "2027-12-31" }), []);
  const pending = storePendingImport(db, third.id, trainer.id, csv([`${NAME},${EMAIL},${ORG},,,`, "Kept Person,kept@example.org,Kept Org,,,"]));

  // A sign-in, a failed login (rate-limit row keyed by the e-mail), a reset link.
  createLoginSession(db, person.id);
  await authenticate(db, EMAIL, "wrong password", "203.0.113.7");
  issueSetPasswordLink(db, person, "reset", "http://x");
  // An administrator corrected the printed name once: the audit trail holds both names.
  const certs = db.$client.prepare("select code from certificates where user_id = ?").pluck().all(person.id) as string[];
  expect(certs.length).toBeGreaterThan(0);
  const reissued = reissueCertificate(db, admin, certs[0]!, `${NAME} (corrected)`);
  if (!reissued.ok) throw new Error("reissue failed");
  return { person, others, trainer, admin, cohort, pending, certificateCode: reissued.certificate.code };
}

function reportTotals(db: Db) {
  refreshLearningRecords(db);
  const r = buildReport(db, ALL, NO_FILTERS, { threshold: 1, now: Date.UTC(2026, 11, 7) });
  return { summary: r.summary, bySex: r.bySex, byGroup: r.byGroup, crosstab: r.crosstab, gain: r.gain };
}

function fileContains(file: string, text: string): boolean {
  const needle = Buffer.from(text, "utf8");
  const parts = [file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f));
  return parts.some((bytes) => bytes.includes(needle));
}

describe("erasing an account", () => {
  it("leaves no e-mail, name, organisation or job title of the person anywhere in the database file, and report totals stay the same", async () => {
    const db = createTestDb();
    const { person, trainer, certificateCode } = await populate(db);
    const file = db.$client.name;
    const before = reportTotals(db);
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
    // The search works: before erasure every value is in the file.
    for (const v of [EMAIL, NAME, LATIN, ORG, JOB]) expect(fileContains(file, v), v).toBe(true);
    // The certificates carry the Latin spelling given at issuance.
    expect(db.$client.prepare("select holder_name_latin from certificates where user_id = ?").pluck().all(person.id)).toContain(LATIN);

    const result = eraseAccount(db, { userId: person.id, actor: person, revokeCertificates: false, via: "self" });
    expect(result).toEqual({ ok: true, certificatesRevoked: 0 });

    for (const v of [EMAIL, NAME, LATIN, ORG, JOB, "Zq9"]) expect(fileContains(file, v), `"${v}" is still in the file`).toBe(false);
    expect(reportTotals(db)).toEqual(before);
    // Even when every record is recomputed (a content change queues them all), the erased person's facts stay.
    db.$client.prepare("delete from course_signatures").run();
    queueCoursesWithChangedContent(db);
    expect(reportTotals(db)).toEqual(before);

    // The certificate stays verifiable, without a name; the trainer's workshop no longer lists the person.
    const view = verificationView(db, certificateCode, "en")!;
    expect(view).toMatchObject({ status: "valid", holderName: "", holderErased: true });
    expect(db.$client.prepare("select count(*) from cohort_members where user_id = ?").pluck().get(person.id)).toBe(0);
    expect(db.$client.prepare("select count(*) from sessions where user_id = ?").pluck().get(person.id)).toBe(0);
    const row = db.$client.prepare("select email, name, erased_at from users where id = ?").get(person.id) as {
      email: string;
      name: string;
      erased_at: number;
    };
    expect(row.email).toBe(erasedEmail(person.id));
    expect(row.name).toBe("");
    expect(row.erased_at).toBeGreaterThan(0);
    // The other person in the trainer's unconfirmed import is still there.
    expect(db.$client.prepare("select rows from pending_imports").pluck().get()).toContain("kept@example.org");
    // Audited as user.erase; the trainer is untouched.
    expect(db.$client.prepare("select count(*) from audit_log where action = 'user.erase' and subject = ?").pluck().get(`user:${person.id}`)).toBe(1);
    expect(db.$client.prepare("select erased_at from users where id = ?").pluck().get(trainer.id)).toBeNull();
    // Erasing twice is refused, changing nothing.
    expect(eraseAccount(db, { userId: person.id, actor: person, revokeCertificates: false, via: "self" })).toEqual({ ok: false, reason: "already-erased" });
  });

  it("revokes the certificates too when the person asks", async () => {
    const db = createTestDb();
    const { person, certificateCode } = await populate(db);
    const result = eraseAccount(db, { userId: person.id, actor: person, revokeCertificates: true, via: "self" });
    expect(result).toEqual({ ok: true, certificatesRevoked: 1 });
    const cert = findCertificateByCode(db, certificateCode)!;
    expect(cert.revokedReason).toBe(REVOKED_ON_ERASURE);
    expect(cert.holderName).toBe("");
  });

  it("needs the person's password: a wrong one changes nothing", async () => {
    const db = createTestDb();
    const { person } = await populate(db);
    expect(await eraseOwnAccount(db, person, "not my password", false)).toEqual({ ok: false, reason: "wrong-password" });
    expect(db.$client.prepare("select email from users where id = ?").pluck().get(person.id)).toBe(EMAIL);
    expect(await eraseOwnAccount(db, person, "correct horse battery", false)).toMatchObject({ ok: true });
  });
});

describe("exporting a person's data", () => {
  it("gives every section: profile, enrolments, progress, attempts with answers, attendance, certificates with verify URL and credential, consents", async () => {
    const db = createTestDb();
    const { person, certificateCode } = await populate(db);
    const out = await collectPersonalData(db, person.id, "https://campus.example.org");
    const s = out.data.sections;
    expect(s.profile).toEqual([expect.objectContaining({ email: EMAIL, name: NAME, name_latin: LATIN, organisation: ORG, job_title: JOB })]);
    expect(s.certificates).toContainEqual(expect.objectContaining({ holder_name_latin: LATIN }));
    expect(s.profile![0]).not.toHaveProperty("password_hash");
    expect(s.enrolments!).toHaveLength(1);
    expect(s.lesson_progress!).toHaveLength(course.lessons.length);
    const final = s.quiz_attempts!.find((a) => a.quiz_key === "final")!;
    expect(final).toMatchObject({ passed: true });
    expect(Object.keys(final.answers as object).length).toBeGreaterThan(0);
    expect(s.attendance).toEqual([expect.objectContaining({ status: "present", session: "Day 1" })]);
    expect(s.workshops!).toHaveLength(1);
    expect(s.consents).toEqual([expect.objectContaining({ cohort: "Second", status: "pending" })]);
    expect(s.certificates).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: certificateCode, verify_url: `https://campus.example.org/verify/${certificateCode}` })]),
    );
    expect(Object.keys(out.credentials)).toEqual([certificateCode]);
    // The file in the zip is the signed credential itself (JSON), not a pending signature.
    expect(JSON.parse(JSON.stringify(out.credentials[certificateCode]))).toMatchObject({
      proof: { cryptosuite: "eddsa-rdfc-2022" },
      credentialStatus: { type: "BitstringStatusListEntry" },
    });
    expect(out.data.not_yet_recorded).toEqual(["evaluations", "notifications"]);
    expect(s.activity_log!.some((a) => a.action === "user.register" || a.action === "cohort.invite" || a.action === "certificate.reissue")).toBe(true);
  });
});
