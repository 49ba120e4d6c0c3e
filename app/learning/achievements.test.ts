import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, certificates } from "#db/schema";
import type { Db } from "#db/client";
import { findCourse } from "#app/content/content.server";
import { createCohort, joinCohort, updateCohort } from "#app/cohorts/cohorts.server";
import { createSession, parseLocalDateTime, sessionSchemaFor } from "#app/cohorts/schedule.server";
import { evaluateCohortCompletion } from "#app/cohorts/completion.server";
import { verificationView } from "#app/certificates/present.server";
import { generateCertificateCode } from "#app/certificates/certificates.server";
import "#app/integrations/cohort-certificates.server";
import { createTestDb, insertUser } from "#tests/helpers/db";
import { cohortInput } from "#tests/helpers/cohorts";
import { completeAllLessons, takeFinal, takeFinalSettled, takeModuleQuiz } from "#tests/helpers/learning";
import { saveSessionRegister, selfCheckIn, settleQueuedAchievements } from "./achievements.server";

const COURSE = "shp-foundations";
const course = findCourse(COURSE)!;
const quizModules = course.modules.filter((m) => m.quiz);

function certsOf(db: Db, userId: string) {
  return db.select().from(certificates).where(eq(certificates.userId, userId)).all();
}

function setup(rules: Partial<Parameters<typeof cohortInput>[1]> = {}) {
  const db = createTestDb();
  const trainer = insertUser(db, { role: "trainer" });
  const learner = insertUser(db, { name: "Bounmy Sisavath" });
  const cohort = createCohort(db, trainer, cohortInput(COURSE, { startsOn: "2026-12-07", endsOn: "2026-12-09", ...rules }), []);
  return { db, trainer, learner, cohort };
}

describe("the completion engine: module quizzes", () => {
  it("passing the last module quiz in an 'all modules' cohort issues the cohort certificate in the same call", () => {
    // Before the engine, routes/module-quiz.tsx never called issuance: the certificate never came.
    const { db, learner, cohort } = setup({ allModules: true, finalPass: false, minAttendancePercent: null, certificateKind: "completion" });
    joinCohort(db, cohort.id, learner.id);
    completeAllLessons(db, learner.id, course);
    for (const m of quizModules.slice(0, -1)) expect(takeModuleQuiz(db, learner.id, course, m.slug, true).issued).toEqual([]);
    const last = takeModuleQuiz(db, learner.id, course, quizModules.at(-1)!.slug, true);
    expect(last.outcome).toMatchObject({ ok: true, passed: true });
    expect(last.issued).toHaveLength(1);
    expect(last.issued[0]).toMatchObject({ cohortId: cohort.id, kind: "completion", holderName: "Bounmy Sisavath" });
    expect(certsOf(db, learner.id)).toHaveLength(1);
    const audit = db.select().from(auditLog).where(eq(auditLog.action, "certificate.issue")).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toMatchObject({ via: "module-quiz", cohortId: cohort.id });
  });
});

describe("one certificate per person and course, of the right kind", () => {
  it("a cohort member never receives the self-paced certificate, even when the self-paced rules are met", () => {
    const { db, learner, cohort } = setup({ allModules: true, finalPass: true, minAttendancePercent: 75 });
    joinCohort(db, cohort.id, learner.id);
    completeAllLessons(db, learner.id, course);
    for (const m of quizModules) takeModuleQuiz(db, learner.id, course, m.slug, true);
    const day = { startsAt: parseLocalDateTime("2026-12-07T09:00")!, endsAt: parseLocalDateTime("2026-12-07T16:00")! };
    createSession(db, cohort.id, { title: "Day 1", ...day, place: "", onlineUrl: "", facilitator: "" });
    const final = takeFinalSettled(db, learner.id, course, true);
    expect(final.outcome).toMatchObject({ ok: true, passed: true });
    // Before the engine, the assessment route issued the self-paced certificate here, ignoring attendance.
    expect(final.issued).toEqual([]);
    expect(certsOf(db, learner.id)).toEqual([]);
    expect(evaluateCohortCompletion(db, cohort.id, learner.id, course).met).toBe(false); // attendance not met
  });

  it("a self-paced certificate earned before joining is superseded by the workshop certificate; its verify page says so and links to it", () => {
    const { db, trainer, learner, cohort } = setup({ allModules: true, finalPass: true, minAttendancePercent: null });
    completeAllLessons(db, learner.id, course);
    const passed = takeFinalSettled(db, learner.id, course, true);
    expect(passed.issued).toHaveLength(1);
    const self = passed.issued[0]!;
    expect(self.cohortId).toBeNull();

    joinCohort(db, cohort.id, learner.id);
    const m = takeModuleQuiz(db, learner.id, course, quizModules[0]!.slug, true);
    // Not all module quizzes yet: nothing new, the self-paced one stays valid.
    expect(m.issued).toEqual([]);
    for (const q of quizModules.slice(1)) takeModuleQuiz(db, learner.id, course, q.slug, true);
    const live = db
      .select()
      .from(certificates)
      .where(and(eq(certificates.userId, learner.id)))
      .all();
    const workshop = live.find((c) => c.cohortId === cohort.id)!;
    expect(workshop).toBeDefined();
    const old = live.find((c) => c.id === self.id)!;
    expect(old).toMatchObject({ replacedById: workshop.id, replacedReason: "superseded" });
    const view = verificationView(db, old.code, "en")!;
    expect(view.status).toBe("replaced");
    expect(view.replacedReason).toBe("superseded");
    expect(view.replacedBy).toBe(workshop.code);
    void trainer;
  });

  it("the migration supersedes duplicates issued before the engine, keeping every code verifiable", () => {
    const db = createTestDb();
    const learner = insertUser(db);
    const row = (over: Partial<typeof certificates.$inferInsert>) =>
      db
        .insert(certificates)
        .values({ code: "AAAA", userId: learner.id, courseSlug: COURSE, holderName: "X", achievedOn: 1, issuedAt: 1, achievementKey: "k", ...over })
        .returning()
        .get();
    const self = row({ code: generateCertificateCode(), achievementKey: `self:${learner.id}:${COURSE}`, issuedAt: 1000 });
    const workshop = row({ code: generateCertificateCode(), cohortId: "c1", achievementKey: `cohort:c1:${learner.id}`, issuedAt: 2000 });
    const other = row({ code: generateCertificateCode(), courseSlug: "ilo-r202", achievementKey: `self:${learner.id}:ilo-r202` });
    // Run the migration's hand-written statements again on this state (they are idempotent).
    const sqlFile = fs.readFileSync(path.resolve("db/migrations/0005_certificate_criteria.sql"), "utf8");
    const handWritten = sqlFile.slice(sqlFile.indexOf("-- hand-written")).split("--> statement-breakpoint");
    for (const stmt of handWritten) db.$client.exec(stmt);
    const after = new Map(
      db
        .select()
        .from(certificates)
        .all()
        .map((c) => [c.code, c]),
    );
    expect(after.get(self.code)).toMatchObject({ replacedById: workshop.id, replacedAt: 2000, replacedReason: "superseded" });
    expect(after.get(workshop.code)).toMatchObject({ replacedAt: null });
    expect(after.get(other.code)).toMatchObject({ replacedAt: null });
    expect(verificationView(db, self.code, "en")).toMatchObject({ status: "replaced", replacedBy: workshop.code });
  });
});

describe("attendance counts real sessions", () => {
  // A three-session workshop with a 75% attendance rule (3 of 3 sessions, rounded up).
  function workshop() {
    const s = setup({ allModules: false, finalPass: false, minAttendancePercent: 75, certificateKind: "participation" });
    joinCohort(s.db, s.cohort.id, s.learner.id);
    const day = (d: string) => ({ startsAt: parseLocalDateTime(`${d}T09:00`)!, endsAt: parseLocalDateTime(`${d}T16:00`)! });
    const sessions = ["2026-12-07", "2026-12-08", "2026-12-09"].map((d, i) =>
      createSession(s.db, s.cohort.id, { title: `Day ${i + 1}`, ...day(d), place: "", onlineUrl: "", facilitator: "" }),
    );
    const mark = (sessionId: string, status: string, now: number) => {
      const form = new FormData();
      form.set(`status-${s.learner.id}`, status);
      return saveSessionRegister(s.db, { markedBy: s.trainer.id, cohortId: s.cohort.id, courseSlug: COURSE, sessionId, form, now });
    };
    return { ...s, sessions, mark, dayOne: parseLocalDateTime("2026-12-07T17:00")! };
  }

  it("refuses presence for sessions that have not started (the attack: all three marked on day 1 issued a certificate)", () => {
    const w = workshop();
    for (const s of w.sessions) {
      const out = w.mark(s.id, "present", w.dayOne);
      expect(out.issued).toEqual([]);
    }
    expect(w.mark(w.sessions[1]!.id, "present", w.dayOne).result).toEqual({ saved: 0, invalid: 0, notYet: 1 });
    expect(certsOf(w.db, w.learner.id)).toEqual([]);
    // Day 1 reads "attended 1 of 1 held so far, 3 scheduled, needs 3" — not "33%, does not meet".
    const rule = evaluateCohortCompletion(w.db, w.cohort.id, w.learner.id, course, w.dayOne).rules[0]!;
    expect(rule).toMatchObject({ rule: "minAttendance", met: false, detail: { present: 1, held: 1, scheduled: 3, needed: 3 } });
  });

  it("allows an excused absence ahead, and issues the certificate only once enough sessions were really attended", () => {
    const w = workshop();
    expect(w.mark(w.sessions[2]!.id, "excused", w.dayOne).result).toMatchObject({ saved: 1, notYet: 0 });
    w.mark(w.sessions[0]!.id, "present", w.dayOne);
    expect(certsOf(w.db, w.learner.id)).toEqual([]);
    const dayTwo = parseLocalDateTime("2026-12-08T10:00")!;
    const out = w.mark(w.sessions[1]!.id, "present", dayTwo);
    expect(out.issued).toHaveLength(1);
    expect(out.issued[0]!.criteria?.rules).toEqual([{ id: "cohort-minAttendance", detail: { present: 2, sessions: 2, required: 75 } }]);
  });

  it("self check-in goes through the engine too", () => {
    const w = workshop();
    w.mark(w.sessions[0]!.id, "present", w.dayOne);
    w.mark(w.sessions[1]!.id, "present", parseLocalDateTime("2026-12-08T17:00")!);
    const out = selfCheckIn(w.db, { userId: w.learner.id, code: w.sessions[2]!.checkinCode, now: parseLocalDateTime("2026-12-09T09:10")! });
    expect(out.result).toMatchObject({ ok: true });
    expect(out.issued).toHaveLength(1);
  });

  it("refuses sessions outside the workshop's dates, and dates that would leave sessions outside", () => {
    const w = workshop();
    const schema = sessionSchemaFor(w.cohort);
    const outside = schema.safeParse({ title: "Day 4", startsAt: "2026-12-10T09:00", endsAt: "2026-12-10T12:00", place: "", onlineUrl: "", facilitator: "" });
    expect(outside.success).toBe(false);
    expect(outside.error!.issues[0]).toMatchObject({ message: "cohorts.validation.outsideDates", params: { from: "2026-12-07", to: "2026-12-09" } });
    expect(
      schema.safeParse({ title: "Day 3", startsAt: "2026-12-09T09:00", endsAt: "2026-12-09T12:00", place: "", onlineUrl: "", facilitator: "" }).success,
    ).toBe(true);
    expect(
      updateCohort(w.db, w.trainer, w.cohort.id, cohortInput(COURSE, { startsOn: "2026-12-08", endsOn: "2026-12-09", minAttendancePercent: 75 }), []),
    ).toBe("sessions-outside-dates");
  });
});

describe("a certificate says what it certifies", () => {
  it("freezes the course hours, each rule with its figures, and the workshop with its dates; never the holder's scores", () => {
    const { db, learner, cohort } = setup({ allModules: true, finalPass: true, minAttendancePercent: null, venue: "Vientiane" });
    joinCohort(db, cohort.id, learner.id);
    completeAllLessons(db, learner.id, course);
    for (const m of quizModules) takeModuleQuiz(db, learner.id, course, m.slug, true);
    const { issued } = takeFinalSettled(db, learner.id, course, true);
    expect(issued).toHaveLength(1);
    expect(issued[0]!.criteria).toEqual({
      hours: course.hours,
      rules: [
        { id: "cohort-allModules", detail: { lessonsTotal: course.lessons.length, quizzesTotal: quizModules.length } },
        { id: "cohort-finalPass", detail: { passMark: course.passMark } },
      ],
      cohort: { title: cohort.title, venue: "Vientiane", startsOn: "2026-12-07", endsOn: "2026-12-09" },
    });
    const view = verificationView(db, issued[0]!.code, "en")!;
    expect(view.criteria).toEqual([
      `Completed all ${course.lessons.length} lessons and passed all ${quizModules.length} module quizzes`,
      `Passed the final assessment (pass mark ${course.passMark}%)`,
      `Workshop: ${cohort.title}, Vientiane, December 7, 2026 – December 9, 2026`,
      `Course length: ${course.hours} hours of study`,
    ]);
    const lo = verificationView(db, issued[0]!.code, "lo")!;
    expect(lo.criteria[1]).toBe(`ຜ່ານການທົດສອບສຸດທ້າຍ (ຄະແນນຜ່ານ ${course.passMark}%)`);
  });
});

describe("content changes", () => {
  it("people queued after a content change are settled in the background", () => {
    const { db, learner } = setup();
    completeAllLessons(db, learner.id, course);
    takeFinal(db, learner.id, course, true); // the domain function alone: nothing settled yet
    expect(certsOf(db, learner.id)).toEqual([]);
    db.$client.prepare("insert into achievement_queue values (?, ?)").run(learner.id, COURSE);
    expect(settleQueuedAchievements(db)).toBe(1);
    expect(certsOf(db, learner.id)).toHaveLength(1);
    expect(db.$client.prepare("select count(*) from achievement_queue").pluck().get()).toBe(0);
  });
});
