/**
 * Issue 13 item 5 and 6: the learner's next step is always the one the course's completion needs.
 * The last lesson of a module leads to its quiz, the last lesson of the course to the final; after
 * the final is passed the result says so with the certificate; the progress percentage counts what
 * the certificate needs (nothing else); a failed knowledge check offers "Try again".
 */
import { describe, expect, it } from "vitest";
import type { User } from "#db/schema";
import { getDb } from "#app/db.server";
import { findCourse } from "#app/content/content.server";
import { lessonHref } from "#app/content/present.server";
import { createCohort, joinCohort } from "#app/cohorts/cohorts.server";
import { recordLessonVisit } from "#app/learning/progress.server";
import "#app/integrations/cohort-certificates.server";
import { cohortInput } from "#tests/helpers/cohorts";
import { insertUser } from "#tests/helpers/db";
import { completeAllLessons, takeFinalSettled, takeModuleQuiz, wrongForm } from "#tests/helpers/learning";
import { callAction, callLoader, formOf } from "#tests/helpers/route";
import * as lessonRoute from "#app/routes/lesson";
import * as moduleQuizRoute from "#app/routes/module-quiz";
import * as assessmentRoute from "#app/routes/assessment";
import * as courseRoute from "#app/routes/course";
import * as meRoute from "#app/routes/me";

const COURSE = "shp-foundations";
const course = findCourse(COURSE)!;
const db = () => getDb();
const paramsOf = (l: (typeof course.lessons)[number]) => ({ course: COURSE, module: l.moduleSlug, lesson: l.slug });

type CourseData = { progress: { percent: number; itemsDone: number; itemsTotal: number } };
type MeData = { courses: { slug: string; percent: number }[] };

describe("next steps through a course", () => {
  it("completing the last lesson of a module with a quiz leads to that module's quiz", async () => {
    const u = insertUser(db());
    const module = course.modules.find((m) => m.quiz)!;
    const last = module.lessons.at(-1)!;
    recordLessonVisit(db(), u.id, COURSE, last.key);
    const res = await callAction(lessonRoute, { user: u, params: paramsOf(last), form: formOf({ intent: "complete", then: "next" }), url: "/x" });
    expect(res.location).toBe(`/courses/${COURSE}/${module.slug}/quiz`);
  });

  it("once that module's quiz is passed, the same button goes on to the next lesson", async () => {
    const u = insertUser(db());
    const mi = course.modules.findIndex((m) => m.quiz);
    const module = course.modules[mi]!;
    takeModuleQuiz(db(), u.id, course, module.quiz!, true);
    const last = module.lessons.at(-1)!;
    recordLessonVisit(db(), u.id, COURSE, last.key);
    const res = await callAction(lessonRoute, { user: u, params: paramsOf(last), form: formOf({ intent: "complete", then: "next" }), url: "/x" });
    expect(res.location).toBe(lessonHref(course, course.modules[mi + 1]!.lessons[0]!));
  });

  it("the last lesson of the course leads to its module quiz, then (passed) to the final assessment", async () => {
    const u = insertUser(db());
    const lastModule = course.modules.at(-1)!;
    const last = course.lessons.at(-1)!;
    recordLessonVisit(db(), u.id, COURSE, last.key);
    const page = (await callLoader(lessonRoute, { user: u, params: paramsOf(last), url: "/x" })).data as { nextStep: { href: string } | null };
    expect(page.nextStep?.href).toBe(lastModule.quiz ? `/courses/${COURSE}/${lastModule.slug}/quiz` : `/courses/${COURSE}/assessment/final`);
    if (lastModule.quiz) {
      takeModuleQuiz(db(), u.id, course, lastModule.quiz, true);
      const quizPage = (await callLoader(moduleQuizRoute, { user: u, params: { course: COURSE, module: lastModule.slug }, url: "/x" })).data as {
        nextHref: string | null;
      };
      expect(quizPage.nextHref).toBe(`/courses/${COURSE}/assessment/final`);
    }
    const res = await callAction(lessonRoute, { user: u, params: paramsOf(last), form: formOf({ intent: "complete", then: "next" }), url: "/x" });
    expect(res.location).toBe(`/courses/${COURSE}/assessment/final`);
  });

  it("a lesson whose completion issues the certificate leads to the course page that shows it", async () => {
    const u = insertUser(db());
    completeAllLessons(db(), u.id, course);
    const last = course.lessons.at(-1)!;
    await callAction(lessonRoute, { user: u, params: paramsOf(last), form: formOf({ intent: "incomplete" }), url: "/x" });
    takeFinalSettled(db(), u.id, course, true);
    const res = await callAction(lessonRoute, { user: u, params: paramsOf(last), form: formOf({ intent: "complete", then: "next" }), url: "/x" });
    expect(res.location).toBe(`/courses/${COURSE}#certificate-h`);
    const page = (await callLoader(courseRoute, { user: u, params: { course: COURSE }, url: "/x" })).data as {
      certificate: { certificate: { code: string } | null };
    };
    expect(page.certificate.certificate?.code).toMatch(/\S/);
  });

  it("the passed final's result names the certificate just issued", async () => {
    const u = insertUser(db());
    completeAllLessons(db(), u.id, course);
    const { outcome } = takeFinalSettled(db(), u.id, course, true);
    if (!outcome.ok) throw new Error(outcome.reason);
    const res = await callLoader(assessmentRoute, { user: u, params: { course: COURSE, kind: "final" }, url: `/x?attempt=${outcome.attemptId}` });
    const d = res.data as { certificate: { met: boolean; certificate: { code: string } | null } | null };
    expect(d.certificate?.met).toBe(true);
    expect(d.certificate?.certificate?.code).toMatch(/\S/);
  });

  it("the progress percentage counts exactly what the certificate needs: 100% once issued, module quizzes untaken", async () => {
    const u = insertUser(db());
    completeAllLessons(db(), u.id, course);
    takeFinalSettled(db(), u.id, course, true);
    const page = (await callLoader(courseRoute, { user: u, params: { course: COURSE }, url: "/x" })).data as CourseData;
    expect(page.progress.percent).toBe(100);
    expect(page.progress.itemsDone).toBe(page.progress.itemsTotal);
    const me = (await callLoader(meRoute, { user: u, url: "/me" })).data as MeData;
    expect(me.courses.find((c) => c.slug === COURSE)?.percent).toBe(100);
  });

  it("self-paced: lessons plus the final, so all lessons without the final is short of 100%", async () => {
    const u = insertUser(db());
    completeAllLessons(db(), u.id, course);
    const page = (await callLoader(courseRoute, { user: u, params: { course: COURSE }, url: "/x" })).data as CourseData;
    expect(page.progress.itemsTotal).toBe(course.lessons.length + 1);
    expect(page.progress.itemsDone).toBe(course.lessons.length);
    expect(page.progress.percent).toBeLessThan(100);
  });

  it("a workshop member's progress follows the workshop's rules (module quizzes count when it asks for them)", async () => {
    const trainer = insertUser(db(), { role: "trainer" });
    const cohort = createCohort(
      db(),
      trainer,
      cohortInput(COURSE, { startsOn: "2026-01-01", endsOn: "2027-12-31", allModules: true, finalPass: false, minAttendancePercent: null }),
      [],
    );
    const u: User = insertUser(db());
    joinCohort(db(), cohort.id, u.id);
    completeAllLessons(db(), u.id, course);
    const quizzes = course.modules.filter((m) => m.quiz).length;
    const page = (await callLoader(courseRoute, { user: u, params: { course: COURSE }, url: "/x" })).data as CourseData;
    expect(page.progress.itemsTotal).toBe(course.lessons.length + quizzes);
    expect(page.progress.itemsDone).toBe(course.lessons.length);
  });
});

describe("a failed knowledge check", () => {
  it("offers Try again, and the check's form comes back", async () => {
    const u = insertUser(db());
    const lesson = course.lessons.find((l) => l.check)!;
    const check = lesson.check!;
    recordLessonVisit(db(), u.id, COURSE, lesson.key);
    const form = wrongForm(check.refs, (r) => check.byRef.get(r));
    form.set("intent", "check");
    const res = await callAction(lessonRoute, { user: u, params: paramsOf(lesson), form, url: "/x" });
    expect(res.status).toBe(302);
    const page = (await callLoader(lessonRoute, { user: u, params: paramsOf(lesson), url: res.location! })).data as {
      check: { result: { passed: boolean } | null; retryHref: string | null };
    };
    expect(page.check.result?.passed).toBe(false);
    expect(page.check.retryHref).toBe(`${lessonHref(course, lesson)}#check`);
    const again = (await callLoader(lessonRoute, { user: u, params: paramsOf(lesson), url: page.check.retryHref! })).data as {
      check: { result: unknown };
    };
    expect(again.check.result).toBeNull();
  });
});
