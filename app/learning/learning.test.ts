import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "#app/content/catalog.server";
import { createTestDb, insertUser } from "#tests/helpers/db";
import { courseProgress, enrolledCourseSlugs, markLessonComplete, recordLessonVisit } from "./progress.server";
import {
  attemptFeedback,
  drawAssessment,
  getAttempt,
  publicQuestion,
  startAssessment,
  startModuleQuiz,
  submitAssessment,
  submitFixedQuiz,
} from "./quizzes.server";
import { correctForm, takeModuleQuiz } from "#tests/helpers/learning";

const catalog = loadCatalog(path.resolve("tests/fixtures/content"));
const course = catalog.bySlug.get("demo-course")!;
const [m1, m2] = course.modules;

function form(entries: [string, string][]) {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
}

describe("fixture catalog", () => {
  it("loads without problems", () => {
    expect(catalog.problems).toEqual([]);
    expect(course.lessons.map((l) => l.key)).toEqual(["basics/first-lesson", "basics/second-lesson", "more/third-lesson"]);
  });
});

describe("knowledge checks and module quizzes", () => {
  it("grades on the server, stores the attempt and enrols the learner", () => {
    const db = createTestDb();
    const user = insertUser(db);
    const check = course.lessons[0]!.check!;
    const out = submitFixedQuiz(db, {
      userId: user.id,
      course,
      quiz: check,
      form: form([
        ["q0", "a"],
        ["q1", "false"],
      ]),
      locale: "en",
    });
    expect(out).toMatchObject({ ok: true, passed: false });
    const attempt = getAttempt(db, out.ok ? out.attemptId : 0)!;
    expect(attempt).toMatchObject({ score: 1, maxScore: 2, percent: 50 });
    expect(enrolledCourseSlugs(db, user.id)).toEqual(["demo-course"]);
    const fb = attemptFeedback(attempt, (r) => check.byRef.get(r), "lo");
    expect(fb[0]).toMatchObject({ correct: true, correctAnswer: ["a"], explanation: "ການລວມແບ່ງປັນຄ່າໃຊ້ຈ່າຍ." });
    expect(fb[1]).toMatchObject({ correct: false, given: ["false"] });
  });

  it("enforces the attempt limit and refuses an empty submission", () => {
    const db = createTestDb();
    const user = insertUser(db);
    const quiz = m1!.quiz!;
    const start = () => {
      const r = startModuleQuiz(db, { userId: user.id, course, quiz });
      return r.ok ? r.attemptId : 0;
    };
    const id = start();
    expect(submitFixedQuiz(db, { userId: user.id, course, quiz, form: form([["attemptId", String(id)]]), locale: "en" })).toMatchObject({
      ok: false,
      reason: "unanswered",
    });
    const answers = (attemptId: number) => {
      const a = getAttempt(db, attemptId)!;
      const f = correctForm(a.questions, (r) => quiz.byRef.get(r), a.optionOrder);
      f.append("attemptId", String(attemptId));
      return f;
    };
    expect(submitFixedQuiz(db, { userId: user.id, course, quiz, form: answers(id), locale: "en" })).toMatchObject({ ok: true, passed: true });
    // The same attempt cannot be submitted twice.
    expect(submitFixedQuiz(db, { userId: user.id, course, quiz, form: answers(id), locale: "en" })).toEqual({ ok: false, reason: "no-open-attempt" });
    expect(submitFixedQuiz(db, { userId: user.id, course, quiz, form: answers(start()), locale: "en" })).toMatchObject({ ok: true });
    expect(startModuleQuiz(db, { userId: user.id, course, quiz })).toEqual({ ok: false, reason: "attempt-limit" });
  });

  it("never exposes keys or explanations in a public question", () => {
    const q = m1!.quiz!.questions[1]!;
    const pub = publicQuestion("ref", q, "lo");
    expect(JSON.stringify(pub)).not.toMatch(/correct|tolerance|explanation|10000/);
    expect(pub).toMatchObject({ type: "numeric", unit: "ກີບ", fallback: false });
  });

  it("falls back to English per string, and says so", () => {
    const q = { ...m1!.quiz!.questions[0]!, prompt: { en: "Only English" } };
    expect(publicQuestion("r", q, "lo")).toMatchObject({ prompt: "Only English", fallback: true });
  });
});

describe("final assessment and pre-test", () => {
  it("draws evenly across modules and prefers unseen questions", () => {
    const refs = drawAssessment(course, 6);
    expect(refs).toHaveLength(6);
    expect(new Set(refs).size).toBe(6);
    expect(refs.filter((r) => r.startsWith("basics/"))).toHaveLength(3);
    const avoid = new Set(refs);
    const second = drawAssessment(course, 6, avoid);
    expect(second.filter((r) => avoid.has(r))).toEqual([]);
  });

  it("runs start → submit, one open attempt at a time, only by its owner", () => {
    const db = createTestDb();
    const user = insertUser(db);
    const other = insertUser(db);
    const pre = startAssessment(db, { userId: user.id, course, kind: "pretest" });
    expect(pre.ok).toBe(true);
    const again = startAssessment(db, { userId: user.id, course, kind: "pretest" });
    expect(again).toEqual(pre);
    const attemptId = pre.ok ? pre.attemptId : 0;
    const answers = form(Array.from({ length: 6 }, (_, i) => [`q${i}`, "true"] as [string, string]));
    expect(submitAssessment(db, { userId: other.id, course, kind: "pretest", attemptId, form: answers, locale: "en" })).toEqual({
      ok: false,
      reason: "no-open-attempt",
    });
    expect(submitAssessment(db, { userId: user.id, course, kind: "pretest", attemptId, form: answers, locale: "en" })).toMatchObject({ ok: true });
    expect(getAttempt(db, attemptId)).toMatchObject({ score: 6, percent: 100, passed: null });
    expect(submitAssessment(db, { userId: user.id, course, kind: "pretest", attemptId, form: answers, locale: "en" })).toEqual({
      ok: false,
      reason: "no-open-attempt",
    });
    expect(startAssessment(db, { userId: user.id, course, kind: "pretest" })).toEqual({ ok: false, reason: "attempt-limit" });
    // The final avoids pre-test questions where the bank allows (22 questions, 6 drawn).
    const fin = startAssessment(db, { userId: user.id, course, kind: "final" });
    const finAttempt = getAttempt(db, fin.ok ? fin.attemptId : 0)!;
    const preAttempt = getAttempt(db, attemptId)!;
    expect(finAttempt.questions.filter((r) => preAttempt.questions.includes(r))).toEqual([]);
  });
});

describe("progress", () => {
  it("records lessons completed and module quizzes passed, and where to resume", () => {
    const db = createTestDb();
    const user = insertUser(db);
    expect(courseProgress(db, user.id, course)).toMatchObject({ enrolled: false });
    expect(courseProgress(db, user.id, course).completedLessons.size).toBe(0);
    recordLessonVisit(db, user.id, course.slug, "basics/first-lesson", 1000);
    expect(courseProgress(db, user.id, course).resume?.key).toBe("basics/first-lesson");
    markLessonComplete(db, user.id, course.slug, "basics/first-lesson", 2000);
    markLessonComplete(db, user.id, course.slug, "basics/first-lesson", 3000);
    expect(markLessonComplete(db, user.id, course.slug, "basics/second-lesson", 3000)).toEqual({ ok: false, reason: "not-visited" });
    let p = courseProgress(db, user.id, course);
    expect(p.enrolled).toBe(true);
    expect([...p.completedLessons]).toEqual(["basics/first-lesson"]);
    expect(p.resume?.key).toBe("basics/second-lesson");
    takeModuleQuiz(db, user.id, course, m2!.quiz!, true);
    p = courseProgress(db, user.id, course);
    expect(p.quizzes.get("module:more")).toMatchObject({ passed: true, bestPercent: 100, attempts: 1 });
  });
});
