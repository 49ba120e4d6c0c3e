/**
 * Assessment integrity, the learner's side: each test performs one of the attacks found when the
 * platform was tried as a new learner would, against a real SQLite file and the fixture course.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "#app/content/catalog.server";
import { createTestDb, insertUser } from "#tests/helpers/db";
import { courseProgress, markLessonComplete, pretestStatus, recordLessonVisit, skipPretest } from "./progress.server";
import { attemptResultFor, getAttempt, startAssessment, startModuleQuiz, submitAssessment, submitFixedQuiz } from "./quizzes.server";
import { correctForm, wrongForm } from "#tests/helpers/learning";
import { freshFinalAttempts } from "./freshness";

const catalog = loadCatalog(path.resolve("tests/fixtures/content"));
const course = catalog.bySlug.get("demo-course")!;
const lesson = course.lessons[0]!;

function started(r: { ok: boolean; attemptId?: number }) {
  if (!r.ok || !r.attemptId) throw new Error(`not started: ${JSON.stringify(r)}`);
  return r.attemptId;
}

describe("lesson completion needs a visit", () => {
  it("refuses to complete a lesson the learner never opened (POST without a visit)", () => {
    const db = createTestDb();
    const user = insertUser(db);
    expect(markLessonComplete(db, user.id, course.slug, lesson.key)).toEqual({ ok: false, reason: "not-visited" });
    expect(courseProgress(db, user.id, course).completedLessons.size).toBe(0);
    recordLessonVisit(db, user.id, course.slug, lesson.key);
    expect(markLessonComplete(db, user.id, course.slug, lesson.key)).toEqual({ ok: true });
    expect(courseProgress(db, user.id, course).completedLessons.has(lesson.key)).toBe(true);
  });
});

describe("no partial submissions", () => {
  it("refuses a final with one question answered and keeps the attempt open", () => {
    const db = createTestDb();
    const user = insertUser(db);
    const id = started(startAssessment(db, { userId: user.id, course, kind: "final" }));
    const form = new FormData();
    form.append("q0", "a");
    expect(submitAssessment(db, { userId: user.id, course, kind: "final", attemptId: id, form, locale: "en" })).toMatchObject({
      ok: false,
      reason: "unanswered",
    });
    expect(getAttempt(db, id)!.submittedAt).toBeNull();
  });

  it("refuses a module quiz with one of its questions answered", () => {
    const db = createTestDb();
    const user = insertUser(db);
    const quiz = course.modules[1]!.quiz!;
    const id = started(startModuleQuiz(db, { userId: user.id, course, quiz }));
    const form = new FormData();
    form.append("attemptId", String(id));
    form.append("q0", "a");
    expect(submitFixedQuiz(db, { userId: user.id, course, quiz, form, locale: "en" })).toMatchObject({ ok: false, reason: "unanswered" });
    expect(getAttempt(db, id)!.submittedAt).toBeNull();
  });
});

describe("what a failed attempt shows", () => {
  it("a blank-ish pre-test shows the score only, never keys or explanations", () => {
    const db = createTestDb();
    const user = insertUser(db);
    const id = started(startAssessment(db, { userId: user.id, course, kind: "pretest" }));
    const a = getAttempt(db, id)!;
    submitAssessment(db, {
      userId: user.id,
      course,
      kind: "pretest",
      attemptId: id,
      form: wrongForm(a.questions, (r) => course.bankByRef.get(r), a.optionOrder),
      locale: "en",
    });
    const result = attemptResultFor(db, { userId: user.id, course, quizKey: "pretest", attemptId: id, locale: "en" })!;
    expect(result.reveal).toBe("score");
    expect(JSON.stringify(result)).not.toMatch(/explanation|correctAnswer/);
  });

  it("a failed final that is not the last shows which questions were wrong, not the keys", () => {
    const db = createTestDb();
    const user = insertUser(db);
    const id = started(startAssessment(db, { userId: user.id, course, kind: "final" }));
    const a = getAttempt(db, id)!;
    expect(
      submitAssessment(db, {
        userId: user.id,
        course,
        kind: "final",
        attemptId: id,
        form: wrongForm(a.questions, (r) => course.bankByRef.get(r), a.optionOrder),
        locale: "en",
      }),
    ).toMatchObject({ ok: true, passed: false });
    const result = attemptResultFor(db, { userId: user.id, course, quizKey: "final", attemptId: id, locale: "en" })!;
    expect(result.reveal).toBe("verdicts");
    expect(result.feedback.every((f) => f.correct === false)).toBe(true);
    expect(JSON.stringify(result)).not.toMatch(/explanation|correctAnswer/);
    // The last attempt (maxAttempts 2 in the fixture) opens the keys.
    const id2 = started(startAssessment(db, { userId: user.id, course, kind: "final" }));
    const a2 = getAttempt(db, id2)!;
    submitAssessment(db, {
      userId: user.id,
      course,
      kind: "final",
      attemptId: id2,
      form: wrongForm(a2.questions, (r) => course.bankByRef.get(r), a2.optionOrder),
      locale: "en",
    });
    const full = attemptResultFor(db, { userId: user.id, course, quizKey: "final", attemptId: id, locale: "en" })!;
    expect(full.reveal).toBe("full");
    expect(full.feedback[0]).toHaveProperty("explanation");
  });

  it("a failed module quiz shows no keys until passed or the reveal count is reached", () => {
    const db = createTestDb();
    const user = insertUser(db);
    const quiz = course.modules[1]!.quiz!;
    const id = started(startModuleQuiz(db, { userId: user.id, course, quiz }));
    const a = getAttempt(db, id)!;
    const form = wrongForm(a.questions, (r) => quiz.byRef.get(r), a.optionOrder);
    form.append("attemptId", String(id));
    expect(submitFixedQuiz(db, { userId: user.id, course, quiz, form, locale: "en" })).toMatchObject({ ok: true, passed: false });
    const result = attemptResultFor(db, { userId: user.id, course, quizKey: quiz.key, attemptId: id, locale: "en" })!;
    expect(result.reveal).toBe("verdicts");
    expect(JSON.stringify(result)).not.toMatch(/explanation|correctAnswer/);
  });
});

describe("draws", () => {
  it("a second final attempt avoids the pre-test and the first final where the bank allows", () => {
    const db = createTestDb();
    const user = insertUser(db);
    const seen = new Set<string>();
    for (const kind of ["pretest", "final", "final"] as const) {
      const id = started(startAssessment(db, { userId: user.id, course, kind }));
      const a = getAttempt(db, id)!;
      // 22 questions in the bank, 6 a draw: three draws fit without a repeat.
      expect(a.questions.filter((r) => seen.has(r))).toEqual([]);
      for (const r of a.questions) seen.add(r);
      submitAssessment(db, {
        userId: user.id,
        course,
        kind,
        attemptId: id,
        form: wrongForm(a.questions, (r) => course.bankByRef.get(r), a.optionOrder),
        locale: "en",
      });
    }
  });

  it("shuffles options per attempt, stores the order, and still grades by option id", () => {
    // The real ilo-r202 bank (the fixture bank is all true/false): answering "the first option" was the attack.
    const real = loadCatalog(path.resolve("content")).bySlug.get("ilo-r202")!;
    const db = createTestDb();
    const orders = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const user = insertUser(db);
      const id = started(startAssessment(db, { userId: user.id, course: real, kind: "final" }));
      const a = getAttempt(db, id)!;
      expect(a.optionOrder).toBeTruthy();
      for (const ref of a.questions) {
        const q = real.bankByRef.get(ref)!;
        if (q.type === "single" || q.type === "multiple") {
          expect([...a.optionOrder![ref]!].sort()).toEqual(q.options.map((o) => o.id).sort());
          orders.add(a.optionOrder![ref]!.join(","));
        }
      }
      expect(
        submitAssessment(db, {
          userId: user.id,
          course: real,
          kind: "final",
          attemptId: id,
          form: correctForm(a.questions, (r) => real.bankByRef.get(r), a.optionOrder),
          locale: "en",
        }),
      ).toMatchObject({ ok: true, passed: true });
    }
    expect(orders.size).toBeGreaterThan(0);
    // Not every question keeps its file order.
    expect([...orders].some((o) => o !== [...o.split(",")].sort().join(","))).toBe(true);
  });

  it('posting the file\'s option ids ("a" everywhere, the keys being mostly a or b) scores nothing on choice questions', () => {
    const real = loadCatalog(path.resolve("content")).bySlug.get("ilo-r202")!;
    const db = createTestDb();
    const user = insertUser(db);
    const id = started(startAssessment(db, { userId: user.id, course: real, kind: "final" }));
    const a = getAttempt(db, id)!;
    const form = new FormData();
    a.questions.forEach((ref, i) => {
      const q = real.bankByRef.get(ref)!;
      form.append(`q${i}`, q.type === "truefalse" ? "true" : q.type === "numeric" ? "0" : "a");
    });
    expect(submitAssessment(db, { userId: user.id, course: real, kind: "final", attemptId: id, form, locale: "en" })).toMatchObject({ ok: true });
    const graded = getAttempt(db, id)!;
    // Before positions, "a" was the key of 6 of the 15 drawn questions here and there.
    const choiceRight = a.questions.filter((ref) => {
      const q = real.bankByRef.get(ref)!;
      return q.type === "single" && graded.answers![ref] === q.correct;
    });
    expect(choiceRight).toEqual([]);
  });

  it("a module quiz attempt is a draw from its file, new questions first", () => {
    const db = createTestDb();
    const user = insertUser(db);
    const quiz = course.modules[1]!.quiz!;
    const id = started(startModuleQuiz(db, { userId: user.id, course, quiz }));
    expect(startModuleQuiz(db, { userId: user.id, course, quiz })).toEqual({ ok: true, attemptId: id });
    expect([...getAttempt(db, id)!.questions].sort()).toEqual([...quiz.refs].sort());
  });
});

describe("the pre-test where it belongs", () => {
  it("closes once a lesson is completed", () => {
    const db = createTestDb();
    const user = insertUser(db);
    expect(pretestStatus(db, user.id, course)).toBe("open");
    recordLessonVisit(db, user.id, course.slug, lesson.key);
    markLessonComplete(db, user.id, course.slug, lesson.key);
    expect(pretestStatus(db, user.id, course)).toBe("lesson");
    expect(startAssessment(db, { userId: user.id, course, kind: "pretest" })).toEqual({ ok: false, reason: "pretest-closed" });
  });

  it("closes once the final is started, even with a pre-test attempt open", () => {
    const db = createTestDb();
    const user = insertUser(db);
    const pre = started(startAssessment(db, { userId: user.id, course, kind: "pretest" }));
    started(startAssessment(db, { userId: user.id, course, kind: "final" }));
    const a = getAttempt(db, pre)!;
    expect(
      submitAssessment(db, {
        userId: user.id,
        course,
        kind: "pretest",
        attemptId: pre,
        form: correctForm(a.questions, (r) => course.bankByRef.get(r), a.optionOrder),
        locale: "en",
      }),
    ).toEqual({ ok: false, reason: "pretest-closed" });
  });

  it("records a skip, after which the pre-test cannot be taken", () => {
    const db = createTestDb();
    const user = insertUser(db);
    expect(skipPretest(db, { userId: user.id, course })).toEqual({ ok: true });
    expect(pretestStatus(db, user.id, course)).toBe("skipped");
    expect(startAssessment(db, { userId: user.id, course, kind: "pretest" })).toEqual({ ok: false, reason: "pretest-closed" });
  });
});

describe("how fresh draws can be with a course's bank", () => {
  it("computes fully fresh final attempts after a pre-test, and unseen questions per attempt", () => {
    // Fixture: 22 questions, 6 a draw, 2 attempts: pre-test 6, then two finals of 6 unseen each.
    expect(freshFinalAttempts(course)).toEqual({ bank: 22, perAttempt: 6, maxAttempts: 2, fresh: 2, freshByAttempt: [6, 6] });
    // A bank too small for fresh retakes: 28 questions, 15 a draw (ilo-r202 before its bank grew).
    const small = { ...course, bankByRef: new Map([...course.bankByRef].slice(0, 28)), assessment: { questions: 15, maxAttempts: 3 } };
    // The fixture has 22; pad it to 28 with copies under new keys.
    for (const [k, v] of [...course.bankByRef].slice(0, 6)) small.bankByRef.set(`${k}-copy`, v);
    expect(freshFinalAttempts(small)).toMatchObject({ bank: 28, perAttempt: 15, fresh: 0, freshByAttempt: [13, 0, 0] });
    // Every real course: a pre-test and three finals of 15 never repeat a question (content:check enforces 60).
    for (const real of loadCatalog(path.resolve("content")).courses) {
      expect(freshFinalAttempts(real), real.slug).toMatchObject({ perAttempt: 15, fresh: 3, freshByAttempt: [15, 15, 15] });
    }
  });
});
