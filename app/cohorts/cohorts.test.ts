import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, cohortInvitations, cohortMembers, enrolments, jobs, notifications, setPasswordTokens, users } from "#db/schema";
import { publicOrigin } from "#app/env.server";
import { notificationMail } from "#app/notifications/notify.server";
import { loadCatalog } from "#app/content/catalog.server";
import { courseProgress } from "#app/learning/progress.server";
import { openAndCompleteLesson, takeModuleQuiz } from "#tests/helpers/learning";
import { createTestDb, insertUser } from "#tests/helpers/db";
import { cohortInput } from "#tests/helpers/cohorts";
import {
  cohortAccess,
  cohortsForTrainer,
  createCohort,
  joinCohort,
  memberList,
  moveMember,
  removeMember,
  requireCohortAccess,
  type CohortInput,
} from "./cohorts.server";
import { buildGradebook, evaluateCohortCompletion, gradebookCsv, parseGradebookQuery } from "./completion.server";
import { parseParticipantsCsv, previewImport, runImport, storePendingImport, MAX_IMPORT_ROWS } from "./import.server";
import {
  answerInvitation,
  cohortInvitationList,
  pendingInvitationsFor,
  reissueCohortLinks,
  setPasswordWithToken,
  userForSetPasswordToken,
} from "./invitations.server";
import { checkedInSession, checkIn, cohortToday, createSession, lockedModules, parseLocalDateTime, saveRegister } from "./schedule.server";
import { checkInWithCode, cohortForJoinLink, joinByCode } from "./learner.server";

const catalog = loadCatalog(path.resolve("tests/fixtures/content"));
const course = catalog.bySlug.get("demo-course")!;

/** The cohort form used throughout: the shared fixture, on the fixture course, final assessment not required. */
const input = (over: Partial<CohortInput> = {}) => cohortInput("demo-course", { finalPass: false, ...over });

function setup(over: Partial<CohortInput> = {}) {
  const db = createTestDb();
  const trainer = insertUser(db, { role: "trainer" });
  const cohort = createCohort(db, trainer, input(over), []);
  return { db, trainer, cohort };
}

const enc = (s: string) => new TextEncoder().encode(s);
const HEADER = "name,email,organisation,constituent group,sex,country\n";

describe("permissions", () => {
  it("lets the lead, co-trainers and admins in; other trainers and learners get 403; unknown cohorts 404", () => {
    const db = createTestDb();
    const lead = insertUser(db, { role: "trainer" });
    const co = insertUser(db, { role: "trainer", email: "co@example.org" });
    const other = insertUser(db, { role: "trainer" });
    const admin = insertUser(db, { role: "admin" });
    const learner = insertUser(db);
    const cohort = createCohort(db, lead, input(), [co.id]);
    for (const u of [lead, co, admin]) {
      expect(cohortAccess(db, u, cohort.id, "view").ok).toBe(true);
      expect(cohortAccess(db, u, cohort.id, "manage").ok).toBe(true);
    }
    expect(cohortAccess(db, other, cohort.id, "view")).toEqual({ ok: false, status: 403 });
    expect(cohortAccess(db, other, cohort.id, "manage")).toEqual({ ok: false, status: 403 });
    expect(cohortAccess(db, learner, cohort.id, "view")).toEqual({ ok: false, status: 403 });
    expect(cohortAccess(db, admin, "no-such-cohort", "view")).toEqual({ ok: false, status: 404 });
    expect(cohortAccess(db, other, "no-such-cohort", "view")).toEqual({ ok: false, status: 404 });
    // Learners are refused before the cohort is even looked up.
    expect(cohortAccess(db, learner, "no-such-cohort", "view")).toEqual({ ok: false, status: 403 });
    try {
      requireCohortAccess(db, other, cohort.id, "manage");
      expect.unreachable();
    } catch (e) {
      expect((e as { init?: { status?: number } }).init?.status).toBe(403);
    }
    expect(cohortsForTrainer(db, other)).toEqual([]);
    expect(cohortsForTrainer(db, co).map((c) => c.id)).toEqual([cohort.id]);
    expect(cohortsForTrainer(db, admin).map((c) => c.id)).toEqual([cohort.id]);
  });
});

describe("joining and capacity", () => {
  it("joins once, enrols in the course and refuses when full", () => {
    const { db, cohort } = setup({ capacity: 2 });
    const [a, b, c] = [insertUser(db), insertUser(db), insertUser(db)];
    expect(joinCohort(db, cohort.id, a.id)).toBe("joined");
    expect(joinCohort(db, cohort.id, a.id)).toBe("already-member");
    expect(joinCohort(db, cohort.id, b.id)).toBe("joined");
    expect(joinCohort(db, cohort.id, c.id)).toBe("full");
    expect(memberList(db, cohort.id)).toHaveLength(2);
    expect(db.select().from(enrolments).where(eq(enrolments.userId, a.id)).all()).toHaveLength(1);
  });

  it("refuses the join code of an invitation-only cohort", () => {
    const { db, cohort } = setup({ enrolment: "invite" });
    expect(joinCohort(db, cohort.id, insertUser(db).id)).toBe("invite-only");
  });
});

describe("moving and removing participants", () => {
  it("moves to another cohort of the same course without losing progress", () => {
    const { db, trainer, cohort } = setup();
    const target = createCohort(db, trainer, input({ title: "Second run", capacity: 1 }), []);
    const other = createCohort(db, trainer, input({ courseSlug: "other-course" }), []);
    const learner = insertUser(db);
    joinCohort(db, cohort.id, learner.id);
    openAndCompleteLesson(db, learner.id, course.slug, course.lessons[0]!.key);
    expect(moveMember(db, trainer, cohort.id, other.id, learner.id)).toBe("other-course");
    expect(moveMember(db, trainer, cohort.id, target.id, learner.id)).toBe("moved");
    expect(memberList(db, cohort.id)).toHaveLength(0);
    expect(memberList(db, target.id).map((m) => m.id)).toEqual([learner.id]);
    expect(courseProgress(db, learner.id, course)).toMatchObject({ completedLessons: new Set([course.lessons[0]!.key]), enrolled: true });
    // The target is now full.
    const second = insertUser(db);
    joinCohort(db, cohort.id, second.id);
    expect(moveMember(db, trainer, cohort.id, target.id, second.id)).toBe("full");
    expect(removeMember(db, trainer, cohort.id, second.id)).toBe(true);
    expect(courseProgress(db, second.id, course).enrolled).toBe(true);
  });
});

describe("CSV import", () => {
  it("parses labels and ids, a BOM, quoted fields and Lao names", () => {
    const csv = `\uFEFFName,Email,Organisation,Constituent group,Sex,Country\n"ສົມໃຈ ພົມມະ",SOMJAI@example.org,"Ministry of Health, Lao PDR",Government,Woman,Lao PDR\nNguyen Van A,a@example.org,,workers,man,Viet Nam\n`;
    const out = parseParticipantsCsv(enc(csv));
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.rows).toEqual([
      {
        line: 2,
        name: "ສົມໃຈ ພົມມະ",
        email: "somjai@example.org",
        organisation: "Ministry of Health, Lao PDR",
        constituentGroup: "government",
        sex: "woman",
        country: "LA",
      },
      { line: 3, name: "Nguyen Van A", email: "a@example.org", organisation: "", constituentGroup: "workers", sex: "man", country: "VN" },
    ]);
  });

  it("reads countries as codes or the names people write, and refuses a country it cannot read", () => {
    const rows = ["Laos", "ລາວ", "LA", "lao p.d.r.", "Vietnam", "Việt Nam", "vn", "Cambodia", ""].map(
      (c, i) => `P${i},p${i}@example.org,,government,woman,${c}`,
    );
    const out = parseParticipantsCsv(enc(HEADER + rows.join("\n") + "\n"));
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.rows.map((r) => r.country)).toEqual(["LA", "LA", "LA", "LA", "VN", "VN", "VN", "KH", ""]);
    const bad = parseParticipantsCsv(enc(HEADER + "A,a@example.org,,government,woman,Atlantis\n"));
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.issues).toEqual([{ line: 2, key: "cohorts.import.errors.country", values: { value: "Atlantis" } }]);
  });

  it("reports wrong columns", () => {
    const out = parseParticipantsCsv(enc("name,mail,organisation,group,sex\nA,a@example.org,x,government,woman\n"));
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.issues).toHaveLength(1);
    expect(out.issues[0]).toMatchObject({ line: 1, key: "cohorts.import.errors.columns", values: { missing: "email, country", unknown: "mail" } });
  });

  it("reports bad emails, duplicates, unknown groups and sexes, and field counts, per line", () => {
    const csv =
      HEADER +
      "Good,good@example.org,Org,government,woman,Lao PDR\n" +
      "Bad mail,not-an-email,Org,government,woman,Lao PDR\n" +
      "Dup,GOOD@example.org,Org,government,woman,Lao PDR\n" +
      "Group,g@example.org,Org,ministry,woman,Lao PDR\n" +
      "Sex,s@example.org,Org,government,f,Lao PDR\n" +
      "Short,short@example.org,Org\n" +
      ",noname@example.org,Org,government,woman,Lao PDR\n";
    const out = parseParticipantsCsv(enc(csv));
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.issues.map((i) => [i.line, i.key])).toEqual([
      [3, "cohorts.import.errors.email"],
      [4, "cohorts.import.errors.duplicate"],
      [5, "cohorts.import.errors.group"],
      [6, "cohorts.import.errors.sex"],
      [7, "cohorts.import.errors.fieldCount"],
      [8, "cohorts.import.errors.nameRequired"],
    ]);
    expect(out.issues[1]!.values).toMatchObject({ first: 2 });
  });

  it("refuses a file that is not UTF-8, an empty file, a header alone, and more than 2,000 rows", () => {
    const latin1 = new Uint8Array([...enc(HEADER), ...enc("Jos"), 0xe9, ...enc(",j@example.org,,government,man,France\n")]);
    expect(parseParticipantsCsv(latin1)).toMatchObject({ ok: false, issues: [{ line: 0, key: "cohorts.import.errors.notUtf8" }] });
    expect(parseParticipantsCsv(new Uint8Array())).toMatchObject({ ok: false, issues: [{ key: "cohorts.import.errors.empty" }] });
    expect(parseParticipantsCsv(enc("\n\n"))).toMatchObject({ ok: false, issues: [{ key: "cohorts.import.errors.empty" }] });
    expect(parseParticipantsCsv(enc(HEADER))).toMatchObject({ ok: false, issues: [{ key: "cohorts.import.errors.noRows" }] });
    const big = HEADER + Array.from({ length: 10_000 }, (_, i) => `P${i},p${i}@example.org,Org,government,woman,Lao PDR`).join("\n");
    expect(parseParticipantsCsv(enc(big))).toMatchObject({
      ok: false,
      rowCount: 10_000,
      issues: [{ key: "cohorts.import.errors.tooMany", values: { max: MAX_IMPORT_ROWS } }],
    });
  });

  it("previews without writing, then imports all rows in one transaction with set-password links", async () => {
    const { db, trainer, cohort } = setup({ capacity: 5 });
    const existing = insertUser(db, { email: "known@example.org" });
    const parsed = parseParticipantsCsv(
      enc(
        HEADER +
          "Known,known@example.org,,government,woman,\nNew One,new1@example.org,,workers,man,Lao PDR\nNew Two,new2@example.org,,employers,woman,Lao PDR\n",
      ),
    );
    if (!parsed.ok) throw new Error("expected ok");
    const usersBefore = db.select().from(users).all().length;
    const preview = previewImport(db, cohort.id, parsed.rows);
    expect(preview.rows.map((r) => r.status)).toEqual(["invite", "invite", "invite"]);
    expect(db.select().from(users).all()).toHaveLength(usersBefore);
    const pendingId = storePendingImport(db, cohort.id, trainer.id, parsed.rows);
    expect(runImport(db, { id: "someone-else" }, cohort.id, pendingId, "http://x")).toEqual({ ok: false, reason: "not-found" });
    const out = runImport(db, trainer, cohort.id, pendingId, "http://x");
    expect(out).toMatchObject({ ok: true, created: 2, invited: 1, alreadyMembers: 0 });
    if (!out.ok) return;
    // New addresses join at once (their printed link is their invitation); the existing account is only invited.
    expect(
      memberList(db, cohort.id)
        .map((m) => m.email)
        .sort(),
    ).toEqual(["new1@example.org", "new2@example.org"]);
    expect(db.select().from(users).where(eq(users.id, existing.id)).get()!.passwordHash).toBe("x");
    // The links: the token is in the URL only; the database holds its hash.
    const token = out.links[0]!.url.split("/set-password/")[1]!;
    expect(
      db
        .select()
        .from(setPasswordTokens)
        .all()
        .some((t) => t.id === token),
    ).toBe(false);
    expect(userForSetPasswordToken(db, token)?.email).toBe(out.links[0]!.email);
    expect(userForSetPasswordToken(db, token, Date.now() + 15 * 24 * 3600 * 1000)).toBeNull();
    expect(await setPasswordWithToken(db, token, "a-new-password-1")).not.toBeNull();
    expect(await setPasswordWithToken(db, token, "another-password")).toBeNull();
    // A used pending import cannot be replayed.
    expect(runImport(db, trainer, cohort.id, pendingId, "http://x")).toEqual({ ok: false, reason: "not-found" });
  });

  it("imports nothing at all when the rows exceed the capacity", () => {
    const { db, trainer, cohort } = setup({ capacity: 2 });
    joinCohort(db, cohort.id, insertUser(db).id);
    const parsed = parseParticipantsCsv(enc(HEADER + "A,a@example.org,,,,\nB,b@example.org,,,,\n"));
    if (!parsed.ok) throw new Error("expected ok");
    const usersBefore = db.select().from(users).all().length;
    const out = runImport(db, trainer, cohort.id, storePendingImport(db, cohort.id, trainer.id, parsed.rows), "http://x");
    expect(out).toMatchObject({ ok: false, reason: "full", placesLeft: 1, needed: 2 });
    expect(db.select().from(users).all()).toHaveLength(usersBefore);
    expect(db.select().from(cohortMembers).all()).toHaveLength(1);
    expect(db.select().from(setPasswordTokens).all()).toHaveLength(0);
  });
});

describe("sessions, check-in and attendance", () => {
  it("accepts a check-in only from 30 minutes before the start to the end, only for members", () => {
    const { db, trainer, cohort } = setup();
    const member = insertUser(db);
    const outsider = insertUser(db);
    joinCohort(db, cohort.id, member.id);
    const startsAt = parseLocalDateTime("2026-03-03T09:00")!;
    const endsAt = parseLocalDateTime("2026-03-03T12:00")!;
    expect(new Date(startsAt).toISOString()).toBe("2026-03-03T02:00:00.000Z");
    const session = createSession(db, cohort.id, { title: "Day 1", startsAt, endsAt, place: "Room 1", onlineUrl: "", facilitator: "" });
    expect(session.checkinCode).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$/);
    const code = session.checkinCode.toLowerCase();
    expect(checkIn(db, member.id, "ZZZZZZ", startsAt)).toEqual({ ok: false, reason: "unknown-code" });
    expect(checkIn(db, outsider.id, code, startsAt)).toEqual({ ok: false, reason: "not-member" });
    expect(checkIn(db, member.id, code, startsAt - 31 * 60_000)).toEqual({ ok: false, reason: "too-early" });
    expect(checkIn(db, member.id, code, endsAt + 1)).toEqual({ ok: false, reason: "closed" });
    expect(checkIn(db, member.id, code, startsAt - 30 * 60_000)).toMatchObject({ ok: true, already: false });
    expect(checkIn(db, member.id, code, endsAt)).toMatchObject({ ok: true, already: true });
    // The trainer's register overrides, for members only.
    const form = new FormData();
    form.set(`status-${member.id}`, "excused");
    form.set(`status-${outsider.id}`, "present");
    form.set("status-nobody", "bogus");
    expect(saveRegister(db, trainer.id, cohort.id, session.id, form)).toEqual({ saved: 1, invalid: 2, notYet: 0 });
  });

  it("locks a module for members until its opening date; self-paced learners are unaffected", async () => {
    const { db, cohort } = setup();
    const member = insertUser(db);
    joinCohort(db, cohort.id, member.id);
    const { saveModuleReleases } = await import("./schedule.server");
    const form = new FormData();
    form.set("release-more", "2026-03-05");
    form.set("release-basics", "");
    expect(saveModuleReleases(db, cohort.id, ["basics", "more"], form)).toEqual({ ok: true });
    expect([...lockedModules(db, member.id, "demo-course", "2026-03-04")]).toEqual([["more", "2026-03-05"]]);
    expect(lockedModules(db, member.id, "demo-course", "2026-03-05").size).toBe(0);
    expect(lockedModules(db, insertUser(db).id, "demo-course", "2026-03-04").size).toBe(0);
    const bad = new FormData();
    bad.set("release-more", "next week");
    expect(saveModuleReleases(db, cohort.id, ["basics", "more"], bad)).toEqual({ ok: false, invalid: ["more"] });
    expect(cohortToday(Date.parse("2026-03-04T18:00:00Z"))).toBe("2026-03-05");
  });
});

describe("completion rules and gradebook", () => {
  it("evaluates each rule and says what is missing", () => {
    const { db, trainer, cohort } = setup({ allModules: true, finalPass: true, minAttendancePercent: 50 });
    const learner = insertUser(db, { name: "ສົມໃຈ" });
    joinCohort(db, cohort.id, learner.id);
    const s1 = createSession(db, cohort.id, { title: "Day 1", startsAt: 1000, endsAt: 2000, place: "", onlineUrl: "", facilitator: "" });
    createSession(db, cohort.id, { title: "Day 2", startsAt: 3000, endsAt: 4000, place: "", onlineUrl: "", facilitator: "" });
    let result = evaluateCohortCompletion(db, cohort.id, learner.id, course);
    expect(result.met).toBe(false);
    expect(result.rules).toEqual([
      { rule: "allModules", met: false, detail: { lessonsDone: 0, lessonsTotal: 3, quizzesPassed: 0, quizzesTotal: 2 } },
      { rule: "finalPass", met: false, detail: { bestPercent: null, passMark: course.passMark } },
      { rule: "minAttendance", met: false, detail: { present: 0, held: 2, scheduled: 2, sessions: 2, needed: 1, percent: 0, required: 50 } },
    ]);
    for (const l of course.lessons) openAndCompleteLesson(db, learner.id, course.slug, l.key);
    const f = (entries: [string, string][]) => {
      const fd = new FormData();
      for (const [k, v] of entries) fd.append(k, v);
      return fd;
    };
    takeModuleQuiz(db, learner.id, course, course.modules[0]!.quiz!, true);
    takeModuleQuiz(db, learner.id, course, course.modules[1]!.quiz!, true);
    saveRegister(db, trainer.id, cohort.id, s1.id, f([[`status-${learner.id}`, "present"]]));
    result = evaluateCohortCompletion(db, cohort.id, learner.id, course);
    expect(result.rules.map((r) => [r.rule, r.met])).toEqual([
      ["allModules", true],
      ["finalPass", false],
      ["minAttendance", true],
    ]);

    const book = buildGradebook(db, cohort, course, parseGradebookQuery(new URLSearchParams("meets=no&q=ສົມ")));
    expect(book.rows).toHaveLength(1);
    expect(book.rows[0]).toMatchObject({ lessonsDone: 3, moduleQuizzes: [100, 100], attendancePercent: 50 });
    expect(buildGradebook(db, cohort, course, parseGradebookQuery(new URLSearchParams("meets=yes"))).rows).toHaveLength(0);
    const csv = gradebookCsv(book, {
      header: ["Name", "Email", "Organisation", "Lessons", "Final", "Attendance", "Meets", "Missing"],
      lesson: (k) => k,
      quiz: (m) => m,
      session: (t) => t,
      yes: "yes",
      no: "no",
      status: (s) => s,
      missing: () => "final",
    });
    expect(csv.startsWith("\uFEFFName,Email")).toBe(true);
    expect(csv).toContain("ສົມໃຈ");
  });
});

describe("join and check-in codes are limited (reserved before the lookup)", () => {
  it("attack: guessing /join/<code> links from one address is refused after 100 wrong codes; right codes never count", () => {
    const { db, cohort } = setup();
    const t0 = 1_700_000_000_000;
    for (let i = 0; i < 50; i++) expect(cohortForJoinLink(db, { ip: "10.9.9.9" }, cohort.joinCode, t0)).toMatchObject({ id: cohort.id });
    for (let i = 0; i < 100; i++) expect(cohortForJoinLink(db, { ip: "10.9.9.9" }, `WRONG${String(i).padStart(3, "0")}`, t0)).toBeNull();
    expect(cohortForJoinLink(db, { ip: "10.9.9.9" }, cohort.joinCode, t0)).toEqual({ throttled: t0 + 15 * 60_000 });
    expect(cohortForJoinLink(db, { ip: "10.9.9.8" }, cohort.joinCode, t0)).toMatchObject({ id: cohort.id });
  });

  it("attack: the dashboard join form refuses an account after 10 wrong codes, even from fresh addresses", () => {
    const { db, cohort } = setup();
    const learner = insertUser(db);
    for (let i = 0; i < 10; i++) expect(joinByCode(db, { userId: learner.id, ip: `10.0.0.${i}` }, `WRONG${i}`)).toEqual({ ok: false, reason: "unknown-code" });
    expect(joinByCode(db, { userId: learner.id, ip: "10.0.1.1" }, cohort.joinCode)).toMatchObject({ ok: false, reason: "throttled" });
    expect(memberList(db, cohort.id)).toHaveLength(0);
    // Another person in the same room is not affected.
    expect(joinByCode(db, { userId: insertUser(db).id, ip: "10.0.0.1" }, cohort.joinCode)).toMatchObject({ ok: true });
  });

  it("check-in codes: 10 wrong codes per account, then refused; the confirmation names only a session the person checked in to", () => {
    const { db, cohort } = setup();
    const member = insertUser(db);
    joinCohort(db, cohort.id, member.id);
    const startsAt = parseLocalDateTime("2026-03-03T09:00")!;
    const session = createSession(db, cohort.id, { title: "Day 1", startsAt, endsAt: startsAt + 3 * 3600_000, place: "", onlineUrl: "", facilitator: "" });
    for (let i = 0; i < 10; i++)
      expect(checkInWithCode(db, { userId: member.id, ip: "10.0.0.1" }, "ZZZZZZ", startsAt)).toEqual({ ok: false, reason: "unknown-code" });
    expect(checkInWithCode(db, { userId: member.id, ip: "10.0.0.2" }, session.checkinCode, startsAt)).toMatchObject({ ok: false, reason: "throttled" });
    expect(checkedInSession(db, member.id, session.id)).toBeNull();
    expect(checkIn(db, member.id, session.checkinCode, startsAt)).toMatchObject({ ok: true });
    expect(checkedInSession(db, member.id, session.id)?.title).toBe("Day 1");
    expect(checkedInSession(db, insertUser(db).id, session.id)).toBeNull();
    expect(checkedInSession(db, member.id, "<script>alert(1)</script>")).toBeNull();
  });
});

describe("consent: a trainer reaches an existing account only through an accepted invitation", () => {
  it("e-mails the invited person in their language, with where to answer and what trainers would see", () => {
    const { db, trainer, cohort } = setup();
    const invitee = insertUser(db, { email: "vi@example.org", name: "Nguyễn Thị B", locale: "vi" });
    const parsed = parseParticipantsCsv(enc(HEADER + "B,vi@example.org,,,,\n"));
    if (!parsed.ok) throw new Error("expected ok");
    runImport(db, trainer, cohort.id, storePendingImport(db, cohort.id, trainer.id, parsed.rows), "https://campus.example.org");
    // The import's transaction recorded the notification and queued its e-mail.
    const note = db.select().from(notifications).where(eq(notifications.userId, invitee.id)).get()!;
    expect(note.kind).toBe("cohort-invitation");
    const job = db.select().from(jobs).get()!;
    expect(job.payload).toEqual({ notificationId: note.id });
    const mail = notificationMail(db, note.id, { key: job.key, date: new Date(job.createdAt) })!;
    expect(mail.to).toBe("vi@example.org");
    expect(mail.subject).toBe(`Lời mời: ${cohort.title}`);
    expect(mail.text).toContain(`${publicOrigin()}/me`);
    expect(mail.text).toContain("Nguyễn Thị B");
    expect(mail.text).toContain("giảng viên");
  });

  it("attack: importing someone's e-mail neither reveals the account in the preview nor adds them to the cohort", async () => {
    const { db, trainer, cohort } = setup();
    const victim = insertUser(db, { email: "victim@example.org", name: "Real Name", organisation: "Secret Org", country: "Viet Nam" });
    const parsed = parseParticipantsCsv(enc(HEADER + "Guess,victim@example.org,,,,\nNobody,nobody@example.org,,,,\n"));
    if (!parsed.ok) throw new Error("expected ok");
    // The preview: the same wording and the same row shape whether or not an account exists.
    const preview = previewImport(db, cohort.id, parsed.rows);
    const [a, b] = preview.rows;
    expect(a!.status).toBe(b!.status);
    expect(Object.keys(a!).sort()).toEqual(Object.keys(b!).sort());
    const out = runImport(db, trainer, cohort.id, storePendingImport(db, cohort.id, trainer.id, parsed.rows), "http://x");
    expect(out.ok).toBe(true);
    // Not a participant: not in the list, the gradebook or any trainer view of data.
    expect(memberList(db, cohort.id).map((m) => m.email)).not.toContain("victim@example.org");
    expect(buildGradebook(db, cohort, course).rows.map((r) => r.userId)).not.toContain(victim.id);
    expect(JSON.stringify(memberList(db, cohort.id))).not.toContain("Real Name");
    // The trainer sees the typed address and "pending", nothing else.
    expect(cohortInvitationList(db, cohort.id)).toEqual([{ email: "victim@example.org", status: "pending", createdAt: expect.any(Number) }]);
    // The owner is told, and answers.
    expect(db.select({ kind: notifications.kind, params: notifications.params }).from(notifications).where(eq(notifications.userId, victim.id)).all()).toEqual([
      { kind: "cohort-invitation", params: expect.objectContaining({ cohort: cohort.title }) },
    ]);
    expect(pendingInvitationsFor(db, victim.id).map((i) => i.cohortId)).toEqual([cohort.id]);
    expect(answerInvitation(db, victim.id, cohort.id, "accept")).toMatchObject({ ok: true, status: "accepted" });
    expect(memberList(db, cohort.id).map((m) => m.name)).toContain("Real Name");
    expect(pendingInvitationsFor(db, victim.id)).toEqual([]);
    expect(answerInvitation(db, victim.id, cohort.id, "decline")).toEqual({ ok: false, reason: "not-found" });
    const actions = db
      .select()
      .from(auditLog)
      .all()
      .map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["cohort.invite", "cohort.invitation-accept", "cohort.import"]));
  });

  it("invitations are idempotent, a decline is final for the trainer, and capacity is enforced at acceptance", () => {
    const { db, trainer, cohort } = setup({ capacity: 2 });
    const [p1, p2, p3] = [
      insertUser(db, { email: "p1@example.org" }),
      insertUser(db, { email: "p2@example.org" }),
      insertUser(db, { email: "p3@example.org" }),
    ];
    const importRows = (csv: string) => {
      const parsed = parseParticipantsCsv(enc(HEADER + csv));
      if (!parsed.ok) throw new Error("expected ok");
      return runImport(db, trainer, cohort.id, storePendingImport(db, cohort.id, trainer.id, parsed.rows), "http://x");
    };
    expect(importRows("A,p1@example.org,,,,\nB,p2@example.org,,,,\n")).toMatchObject({ ok: true, invited: 2 });
    // The same file again: nothing new, no second e-mail.
    expect(importRows("A,p1@example.org,,,,\nB,p2@example.org,,,,\n")).toMatchObject({ ok: true, invited: 0, unchanged: 2 });
    expect(db.select().from(jobs).all()).toHaveLength(2);
    expect(db.select().from(cohortInvitations).all()).toHaveLength(2);
    expect(answerInvitation(db, p2.id, cohort.id, "decline")).toMatchObject({ ok: true, status: "declined" });
    expect(importRows("B,p2@example.org,,,,\n")).toMatchObject({ ok: true, invited: 0, unchanged: 1 });
    expect(cohortInvitationList(db, cohort.id).map((i) => [i.email, i.status])).toEqual([
      ["p1@example.org", "pending"],
      ["p2@example.org", "declined"],
    ]);
    // Someone else takes the places: accepting then finds the cohort full and stays pending.
    joinCohort(db, cohort.id, p3.id);
    joinCohort(db, cohort.id, insertUser(db).id);
    expect(answerInvitation(db, p1.id, cohort.id, "accept")).toEqual({ ok: false, reason: "full" });
    expect(pendingInvitationsFor(db, p1.id)).toHaveLength(1);
    // Another person cannot answer someone's invitation.
    expect(answerInvitation(db, p3.id, cohort.id, "decline")).toEqual({ ok: false, reason: "not-found" });
  });

  it("attack: a second trainer importing the same e-mail gets no working set-password link and cannot retire the first trainer's", async () => {
    const a = setup();
    const b = { trainer: insertUser(a.db, { role: "trainer" }) };
    const cohortB = createCohort(a.db, b.trainer, input({ title: "Other workshop" }), []);
    const csv = parseParticipantsCsv(enc(HEADER + "New Person,newp@example.org,,,,\n"));
    if (!csv.ok) throw new Error("expected ok");
    const outA = runImport(a.db, a.trainer, a.cohort.id, storePendingImport(a.db, a.cohort.id, a.trainer.id, csv.rows), "http://x");
    if (!outA.ok) throw new Error("expected ok");
    const tokenA = outA.links[0]!.url.split("/set-password/")[1]!;
    const outB = runImport(a.db, b.trainer, cohortB.id, storePendingImport(a.db, cohortB.id, b.trainer.id, csv.rows), "http://x");
    expect(outB.ok && outB.links).toEqual([]);
    expect(reissueCohortLinks(a.db, b.trainer, cohortB.id, "http://x")).toEqual([]);
    expect(userForSetPasswordToken(a.db, tokenA)?.email).toBe("newp@example.org");
    // B's invitation does not make the account a participant of B's cohort.
    expect(memberList(a.db, cohortB.id)).toEqual([]);
    // The first trainer can print again (their import created the account); that retires only their own older link.
    expect(reissueCohortLinks(a.db, a.trainer, a.cohort.id, "http://x")).toHaveLength(1);
    expect(userForSetPasswordToken(a.db, tokenA)).toBeNull();
  });
});
