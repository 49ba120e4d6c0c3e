/** Issue 17: keeping a course offline is a form post that records the choice; bad input changes nothing; logout empties the device. */
import { RouterContextProvider } from "react-router";
import { describe, expect, it } from "vitest";
import { sessionIdContext } from "#app/middleware/context";
import { getDb } from "#app/db.server";
import { findCourse } from "#app/content/content.server";
import { estimateOfflineBytes, offlineCoursesOf, offlinePages } from "#app/offline/offline.server";
import { insertUser } from "#tests/helpers/db";
import { callAction, callLoader, formOf } from "#tests/helpers/route";
import * as offlineRoute from "#app/routes/me-offline";
import * as logoutRoute from "#app/routes/logout";
import * as moduleQuizRoute from "#app/routes/module-quiz";
import * as courseRoute from "#app/routes/course";
import * as meRoute from "#app/routes/me";
import { authMiddleware } from "#app/middleware/auth.server";
import { createSession, SESSION_COOKIE } from "#app/auth/session.server";
import { OWNER_HEADER, ownerTag, SIGNED_OUT } from "#app/offline/owner.server";
import { submittedAttempts } from "#app/learning/quizzes.server";

const COURSE = "shp-foundations";

describe("/me/offline", () => {
  it("stores the choice, lists the course with the pages to store, and removes it", async () => {
    const u = insertUser(getDb(), { name: "Phonesavanh Inthavong" });
    const stored = await callAction(offlineRoute, { user: u, form: formOf({ intent: "store", course: COURSE }), url: "/me/offline" });
    expect(stored.status).toBe(302);
    expect(stored.location).toBe(`/me/offline?download=${COURSE}`);
    expect(offlineCoursesOf(getDb(), u.id).map((r) => [r.courseSlug, r.locale])).toEqual([[COURSE, "en"]]);
    const page = await callLoader(offlineRoute, { user: u, url: `/me/offline?download=${COURSE}` });
    const d = page.data as { plan: { download: string[] | null }; items: { key: string }[] };
    expect(d.items.map((c) => c.key)).toEqual([COURSE]);
    expect(d.plan.download).toEqual(offlinePages(findCourse(COURSE)!));
    // The final assessment is online-only: never among the stored pages.
    expect(d.plan.download!.some((p) => p.includes("/assessment/"))).toBe(false);

    const removed = await callAction(offlineRoute, { user: u, form: formOf({ intent: "remove", course: COURSE }), url: "/me/offline" });
    expect(removed.location).toBe(`/me/offline?removed=${COURSE}`);
    expect(offlineCoursesOf(getDb(), u.id)).toEqual([]);
  });

  it("refuses an unknown course or intent with 400 and records nothing", async () => {
    const u = insertUser(getDb(), { name: "Tran Van Minh" });
    for (const form of [formOf({ intent: "store", course: "no-such-course" }), formOf({ intent: "nuke", course: COURSE }), formOf({})]) {
      const res = await callAction(offlineRoute, { user: u, form, url: "/me/offline" });
      expect(res.status).toBe(400);
    }
    expect(offlineCoursesOf(getDb(), u.id)).toEqual([]);
  });

  it("estimates a size within the 3 MB budget for every language of the course", () => {
    const course = findCourse(COURSE)!;
    for (const lng of ["en", "lo", "vi"]) expect(estimateOfflineBytes(course, lng)).toBeLessThan(3_000_000);
  });
});

describe("logout", () => {
  it("tells the browser to empty this site's caches and storage (the offline store and queue)", async () => {
    const context = new RouterContextProvider();
    context.set(sessionIdContext, null);
    const res = logoutRoute.action({ request: new Request("http://localhost/logout", { method: "POST" }), context, params: {} } as never);
    expect(res.status).toBe(302);
    expect(res.headers.get("Clear-Site-Data")).toBe('"cache", "storage"');
  });
});

describe("a module quiz stored offline", () => {
  const course = findCourse(COURSE)!;
  const module = course.modules.find((m) => m.quiz)!;
  const params = { course: COURSE, module: module.slug };
  const url = `/courses/${COURSE}/${module.slug}/quiz`;
  type QuizPage = { open: { id: number; questions: { ref: string; options: { id: string }[] }[] } | null };
  const answersFor = (page: QuizPage) => Object.fromEntries(page.open!.questions.map((q, i) => [`q${i}`, q.options[0]?.id ?? "100"] as const));

  it("can be answered offline again from the same stored page: each sending is graded once, on the questions the page shows", async () => {
    const u = insertUser(getDb(), { name: "Souksavanh Phommachanh" });
    // The page as the device stored it: the attempt the server drew then.
    const stored = (await callLoader(moduleQuizRoute, { user: u, params, url })).data as QuizPage;
    const attemptId = String(stored.open!.id);
    const first = crypto.randomUUID();
    const second = crypto.randomUUID();
    const form = (id: string) => formOf({ intent: "submit", attemptId, clientAttemptId: id, ...answersFor(stored) });

    const sent1 = await callAction(moduleQuizRoute, { user: u, params, form: form(first), url });
    expect(sent1.status).toBe(302);
    // A second offline answer from the same stored page, sent later: graded, not refused.
    const sent2 = await callAction(moduleQuizRoute, { user: u, params, form: form(second), url });
    expect(sent2.status).toBe(302);
    expect(sent2.location).not.toBe(sent1.location);
    // Sent again (the device retried): the same graded attempt, not a third.
    const again = await callAction(moduleQuizRoute, { user: u, params, form: form(second), url });
    expect(again.location).toBe(sent2.location);

    const attempts = submittedAttempts(getDb(), u.id, COURSE, module.quiz!.key);
    expect(attempts).toHaveLength(2);
    // Graded on exactly the questions, and option order, the stored page showed.
    expect(attempts[0]!.questions).toEqual(attempts[1]!.questions);
    expect(attempts[0]!.optionOrder).toEqual(attempts[1]!.optionOrder);
    expect(attempts[0]!.score).toBe(attempts[1]!.score);
  });

  it("still refuses a second online submission of an attempt already graded", async () => {
    const u = insertUser(getDb(), { name: "Nguyen Thi Lan" });
    const page = (await callLoader(moduleQuizRoute, { user: u, params, url })).data as QuizPage;
    const form = () => formOf({ intent: "submit", attemptId: String(page.open!.id), ...answersFor(page) });
    expect((await callAction(moduleQuizRoute, { user: u, params, form: form(), url })).status).toBe(302);
    expect((await callAction(moduleQuizRoute, { user: u, params, form: form(), url })).status).toBe(400);
    expect(submittedAttempts(getDb(), u.id, COURSE, module.quiz!.key)).toHaveLength(1);
  });

  it("never grades another learner's stored attempt", async () => {
    const owner = insertUser(getDb(), { name: "Chanthy Sok" });
    const other = insertUser(getDb(), { name: "Somchai Srisuk" });
    const page = (await callLoader(moduleQuizRoute, { user: owner, params, url })).data as QuizPage;
    const form = formOf({ intent: "submit", attemptId: String(page.open!.id), clientAttemptId: crypto.randomUUID(), ...answersFor(page) });
    expect((await callAction(moduleQuizRoute, { user: other, params, form, url })).status).toBe(400);
    expect(submittedAttempts(getDb(), other.id, COURSE, module.quiz!.key)).toHaveLength(0);
  });
});

describe("one module kept offline", () => {
  const course = findCourse(COURSE)!;
  const [first, second] = course.modules;

  it("stores a module's pages with the shared ones, lists it beside courses, updates and removes it", async () => {
    const u = insertUser(getDb(), { name: "Bounmy Sihavong" });
    const form = (intent: string, module = first!.slug) => formOf({ intent, course: COURSE, module });
    const stored = await callAction(offlineRoute, { user: u, form: form("store"), url: "/me/offline" });
    expect(stored.location).toBe(`/me/offline?download=${encodeURIComponent(`${COURSE}/${first!.slug}`)}`);
    await callAction(offlineRoute, { user: u, form: formOf({ intent: "store", course: COURSE }), url: "/me/offline" });
    const page = await callLoader(offlineRoute, { user: u, url: `/me/offline?download=${encodeURIComponent(`${COURSE}/${first!.slug}`)}` });
    const d = page.data as { plan: { download: string[] | null }; items: { key: string; module: string }[] };
    expect(d.items.map((i) => i.key).sort()).toEqual([COURSE, `${COURSE}/${first!.slug}`].sort());
    const pages = d.plan.download!;
    expect(pages).toEqual(offlinePages(course, first!.slug));
    // Its lessons and quiz, the outline, glossary and offline pages; nothing of another module.
    expect(pages).toContain(`/courses/${COURSE}`);
    expect(pages).toContain("/glossary");
    for (const l of first!.lessons) expect(pages.some((p) => p.endsWith(`/${first!.slug}/${l.slug}`))).toBe(true);
    expect(pages.some((p) => p.includes(`/${second!.slug}/`))).toBe(false);
    expect(estimateOfflineBytes(course, "en", undefined, first!.slug)).toBeLessThan(estimateOfflineBytes(course, "en"));

    // Removing the course keeps the module, and the device is told which pages are still needed.
    const removed = await callAction(offlineRoute, { user: u, form: formOf({ intent: "remove", course: COURSE }), url: "/me/offline" });
    const after = (await callLoader(offlineRoute, { user: u, url: removed.location! })).data as { plan: { keep: string[] | null }; items: { key: string }[] };
    expect(after.items.map((i) => i.key)).toEqual([`${COURSE}/${first!.slug}`]);
    expect(after.plan.keep!.sort()).toEqual([...offlinePages(course, first!.slug)].sort());
    await callAction(offlineRoute, { user: u, form: form("remove"), url: "/me/offline" });
    expect(offlineCoursesOf(getDb(), u.id)).toEqual([]);
  });

  it("refuses a module that is not in the course", async () => {
    const u = insertUser(getDb(), { name: "Pham Van Duc" });
    const res = await callAction(offlineRoute, { user: u, form: formOf({ intent: "store", course: COURSE, module: "no-such-module" }), url: "/me/offline" });
    expect(res.status).toBe(400);
    expect(offlineCoursesOf(getDb(), u.id)).toEqual([]);
  });

  it("shows each module's size on the course page", async () => {
    const u = insertUser(getDb(), { name: "Keo Dara" });
    const d = (await callLoader(courseRoute, { user: u, params: { course: COURSE }, url: `/courses/${COURSE}` })).data as {
      modules: { offlineSize: string | null }[];
    };
    for (const m of d.modules) expect(m.offlineSize).toMatch(/^\d+\.\d MB$/);
  });
});

describe("/me after answers sent from the device", () => {
  it("lists the graded module quiz attempt once, with its score", async () => {
    const course = findCourse(COURSE)!;
    const module = course.modules.find((m) => m.quiz)!;
    const params = { course: COURSE, module: module.slug };
    const url = `/courses/${COURSE}/${module.slug}/quiz`;
    const u = insertUser(getDb(), { name: "Vilayphone Keo" });
    const page = (await callLoader(moduleQuizRoute, { user: u, params, url })).data as { open: { id: number; questions: { options: { id: string }[] }[] } };
    const answers = Object.fromEntries(page.open.questions.map((q, i) => [`q${i}`, q.options[0]?.id ?? "100"]));
    const form = formOf({ intent: "submit", attemptId: String(page.open.id), clientAttemptId: "6f1c2a4e-9b7d-4c3e-8a2f-1d0e5b6c7a89", ...answers });
    await callAction(moduleQuizRoute, { user: u, params, form, url });
    await callAction(moduleQuizRoute, { user: u, params, form, url }); // the device sent it twice
    const [attempt] = submittedAttempts(getDb(), u.id, COURSE, module.quiz!.key);
    const me = (await callLoader(meRoute, { user: u, url: "/me" })).data as { results: { id: number; title: string; line: string; href: string }[] };
    expect(me.results).toHaveLength(1);
    expect(me.results[0]!.id).toBe(attempt!.id);
    expect(me.results[0]!.line).toContain(`${attempt!.percent}%`);
    expect(me.results[0]!.href).toBe(`${url}?attempt=${attempt!.id}`);
  });
});

describe("whose pages a device keeps", () => {
  const respond = async (cookie: string | null) => {
    const context = new RouterContextProvider();
    const request = new Request("http://localhost/me", { headers: cookie ? { Cookie: cookie } : {} });
    const res = await authMiddleware({ request, context, params: {} } as never, async () => new Response("ok"));
    return (res as Response).headers.get(OWNER_HEADER);
  };

  it("names the signed-in learner by an opaque tag on every response, and a signed-out one as such", async () => {
    const a = insertUser(getDb(), { name: "Khamla Vongsa" });
    const b = insertUser(getDb(), { name: "Sophea Chan" });
    const tagA = await respond(`${SESSION_COOKIE}=${createSession(getDb(), a.id).token}`);
    expect(tagA).toBe(ownerTag(getDb(), a.id));
    // Another session of the same learner: the same tag (the device keeps the store).
    expect(await respond(`${SESSION_COOKIE}=${createSession(getDb(), a.id).token}`)).toBe(tagA);
    const tagB = await respond(`${SESSION_COOKIE}=${createSession(getDb(), b.id).token}`);
    expect(tagB).not.toBe(tagA);
    // Opaque: not the id, nor derived from it without the platform's key.
    expect(tagA).not.toContain(a.id);
    expect(tagA).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await respond(null)).toBe(SIGNED_OUT);
    expect(await respond(`${SESSION_COOKIE}=expired-or-unknown`)).toBe(SIGNED_OUT);
  });

  it("refuses an answer sent from a device for another learner, or for a session that ended, without running the action", async () => {
    const a = insertUser(getDb(), { name: "Manivanh Sengdara" });
    const b = insertUser(getDb(), { name: "Lan Nguyen" });
    const post = async (cookie: string | null, owner: string) => {
      let ran = false;
      const request = new Request("http://localhost/courses/x/y/z", {
        method: "POST",
        headers: { [OWNER_HEADER]: owner, ...(cookie ? { Cookie: cookie } : {}) },
      });
      const res = (await authMiddleware({ request, context: new RouterContextProvider(), params: {} } as never, async () => {
        ran = true;
        return new Response("ok");
      })) as Response;
      return { status: res.status, ran };
    };
    const cookieB = `${SESSION_COOKIE}=${createSession(getDb(), b.id).token}`;
    expect(await post(cookieB, ownerTag(getDb(), a.id))).toEqual({ status: 409, ran: false });
    expect(await post(null, ownerTag(getDb(), a.id))).toEqual({ status: 409, ran: false });
    expect(await post(cookieB, ownerTag(getDb(), b.id))).toEqual({ status: 200, ran: true });
  });
});
