/**
 * Offline practice (issue 17, docs/decisions/0018): an attempt answered offline is posted by the
 * device when the connection returns, carrying the id the device gave it. The same post may arrive
 * twice (page load and the `online` event, two tabs): it is graded once.
 */
import { describe, expect, it } from "vitest";
import { getDb } from "#app/db.server";
import { findCourse } from "#app/content/content.server";
import { getAttempt, startModuleQuiz } from "#app/learning/quizzes.server";
import { insertUser } from "#tests/helpers/db";
import { correctForm } from "#tests/helpers/learning";
import { callAction } from "#tests/helpers/route";
import * as lessonRoute from "#app/routes/lesson";
import * as moduleQuizRoute from "#app/routes/module-quiz";

const COURSE = "shp-foundations";
const course = findCourse(COURSE)!;
const count = (userId: string, quizKey: string) =>
  getDb().$client.prepare("select count(*) from quiz_attempts where user_id = ? and quiz_key = ? and submitted_at is not null").pluck().get(userId, quizKey);

describe("offline replay is idempotent on the client attempt id", () => {
  it("a knowledge check posted twice with one client id is stored once, and both posts lead to the same result", async () => {
    const u = insertUser(getDb(), { name: "Bounmy Sisavath" });
    const lesson = course.lessons.find((l) => l.check)!;
    const check = lesson.check!;
    const post = () => {
      const f = correctForm(check.refs, (r) => check.byRef.get(r));
      f.set("intent", "check");
      f.set("clientAttemptId", "0b7d2c1e-5f3a-4c8e-9d21-6a4f0e9b1c77");
      return callAction(lessonRoute, { user: u, params: { course: COURSE, module: lesson.moduleSlug, lesson: lesson.slug }, form: f, url: "/x" });
    };
    const first = await post();
    const second = await post();
    expect(first.status).toBe(302);
    expect(second.status).toBe(302);
    expect(second.location).toBe(first.location);
    expect(count(u.id, check.key)).toBe(1);
  });

  it("a module quiz posted twice with one client id is graded once; the replay leads to the graded attempt", async () => {
    const u = insertUser(getDb(), { name: "Nguyen Thi Lan" });
    const mod = course.modules.find((m) => m.quiz)!;
    const quiz = mod.quiz!;
    const started = startModuleQuiz(getDb(), { userId: u.id, course, quiz });
    if (!started.ok) throw new Error(started.reason);
    const attempt = getAttempt(getDb(), started.attemptId)!;
    const post = () => {
      const f = correctForm(attempt.questions, (r) => quiz.byRef.get(r), attempt.optionOrder);
      f.set("attemptId", String(attempt.id));
      f.set("clientAttemptId", "c3a1f7d0-2b4e-4f61-8a9c-1d2e3f4a5b6c");
      return callAction(moduleQuizRoute, { user: u, params: { course: COURSE, module: mod.slug }, form: f, url: "/x" });
    };
    const first = await post();
    const second = await post();
    expect(first.status).toBe(302);
    expect(second.status).toBe(302);
    expect(second.location).toBe(first.location);
    expect(count(u.id, quiz.key)).toBe(1);
  });

  it("a client id that is not an id is refused with a translated error and stores nothing", async () => {
    const u = insertUser(getDb(), { name: "Sok Dara" });
    const lesson = course.lessons.find((l) => l.check)!;
    const check = lesson.check!;
    const f = correctForm(check.refs, (r) => check.byRef.get(r));
    f.set("intent", "check");
    f.set("clientAttemptId", "x".repeat(500));
    const res = await callAction(lessonRoute, { user: u, params: { course: COURSE, module: lesson.moduleSlug, lesson: lesson.slug }, form: f, url: "/x" });
    expect(res.status).toBe(400);
    expect(count(u.id, check.key)).toBe(0);
  });
});
