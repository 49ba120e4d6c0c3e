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

const COURSE = "shp-foundations";

describe("/me/offline", () => {
  it("stores the choice, lists the course with the pages to store, and removes it", async () => {
    const u = insertUser(getDb(), { name: "Phonesavanh Inthavong" });
    const stored = await callAction(offlineRoute, { user: u, form: formOf({ intent: "store", course: COURSE }), url: "/me/offline" });
    expect(stored.status).toBe(302);
    expect(stored.location).toBe(`/me/offline?download=${COURSE}`);
    expect(offlineCoursesOf(getDb(), u.id).map((r) => [r.courseSlug, r.locale])).toEqual([[COURSE, "en"]]);
    const page = await callLoader(offlineRoute, { user: u, url: `/me/offline?download=${COURSE}` });
    const d = page.data as { plan: { download: string[] | null }; courses: { slug: string }[] };
    expect(d.courses.map((c) => c.slug)).toEqual([COURSE]);
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
