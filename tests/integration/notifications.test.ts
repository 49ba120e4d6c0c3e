/**
 * The action tier for notifications: the list on /me/notifications, e-mail preferences, the
 * unsubscribe link (with RFC 8058 one-click POSTs from mail providers, which carry no Origin), the
 * unread count in the header, and the administrators' job page.
 */
import { RouterContextProvider } from "react-router";
import { describe, expect, it } from "vitest";
import { getDb } from "#app/db.server";
import { enqueueJob, claimJob, failJob } from "#app/jobs/queue.server";
import { originCheckMiddleware } from "#app/middleware/security.server";
import { emailPreferences, notify, unreadCount, unsubscribeToken } from "#app/notifications/notify.server";
import { insertUser } from "#tests/helpers/db";
import { callAction, callLoader, formOf } from "#tests/helpers/route";
import * as notificationsRoute from "#app/routes/me-notifications";
import * as settingsRoute from "#app/routes/me-notification-settings";
import * as unsubscribeRoute from "#app/routes/unsubscribe";
import * as adminJobsRoute from "#app/routes/admin-jobs";
import * as root from "#app/root";

const db = () => getDb();

function notified(n = 2) {
  const u = insertUser(db());
  for (let i = 0; i < n; i++)
    notify(db(), { userId: u.id, kind: "evaluation-request", key: `eval:${u.id}:${i}`, params: { title: `Course ${i}`, path: `/evaluation/${i}` } });
  return u;
}

describe("notifications on /me (plain forms)", () => {
  it("lists them, opens one (marked read, then its page), marks all read; the header counts the unread", async () => {
    const u = notified(3);
    const rootData = async () => ((await callLoader(root, { user: u, url: "/me" })).data as { user: { unread: number } }).user.unread;
    expect(await rootData()).toBe(3);
    const list = (await callLoader(notificationsRoute, { user: u, url: "/me/notifications", lng: "vi" })).data as { items: { id: number; title: string }[] };
    expect(list.items.map((i) => i.title)).toContain("Ý kiến của bạn về Course 2");
    const open = await callAction(notificationsRoute, { user: u, form: formOf({ intent: "open", id: String(list.items[0]!.id) }), url: "/me/notifications" });
    expect(open).toMatchObject({ status: 302, location: "/evaluation/2" });
    expect(await rootData()).toBe(2);
    const all = await callAction(notificationsRoute, { user: u, form: formOf({ intent: "read-all" }), url: "/me/notifications" });
    expect(all).toMatchObject({ status: 302, location: "/me/notifications?all-read" });
    expect(unreadCount(db(), u.id)).toBe(0);
  });

  it("refuses another person's notification and junk ids with a 404, changing nothing", async () => {
    const owner = notified(1);
    const list = (await callLoader(notificationsRoute, { user: owner, url: "/me/notifications" })).data as { items: { id: number }[] };
    const stranger = insertUser(db());
    for (const id of [String(list.items[0]!.id), "abc", "1e400", "-1", "x".repeat(5000)])
      expect((await callAction(notificationsRoute, { user: stranger, form: formOf({ intent: "read", id }), url: "/me/notifications" })).status).toBe(404);
    expect(unreadCount(db(), owner.id)).toBe(1);
  });

  it("sends anonymous visitors to the login page", async () => {
    expect((await callLoader(notificationsRoute, { user: null, url: "/me/notifications" })).location).toMatch(/^\/login\?redirectTo=/);
  });
});

describe("e-mail preferences and unsubscribe", () => {
  it("the preferences form turns e-mail kinds on and off", async () => {
    const u = insertUser(db());
    const res = await callAction(settingsRoute, {
      user: u,
      form: formOf({ email: ["announcement", "certificate-issued", "bogus"] }),
      url: "/me/notifications/settings",
    });
    expect(res.status).toBe(302);
    const prefs = emailPreferences(db(), u.id);
    expect(prefs.announcement && prefs["certificate-issued"]).toBe(true);
    expect(prefs["session-reminder"]).toBe(false);
  });

  it("GET shows a confirmation and changes nothing; the POST unsubscribes; a bad token is a 404", async () => {
    const u = insertUser(db());
    const token = unsubscribeToken(db(), u.id, "announcement");
    const page = await callLoader(unsubscribeRoute, { user: null, params: { token }, url: `/unsubscribe/${token}`, lng: "lo" });
    expect(page.status).toBe(200);
    expect((page.data as { kind: string }).kind).toBe("ແຈ້ງການຂອງກອງປະຊຸມສຳມະນາ");
    expect(emailPreferences(db(), u.id).announcement).toBe(true);
    const done = await callAction(unsubscribeRoute, {
      user: null,
      params: { token },
      form: formOf({ "List-Unsubscribe": "One-Click" }),
      url: `/unsubscribe/${token}`,
    });
    expect(done).toMatchObject({ status: 200, data: { result: { kind: "Workshop announcements" } } });
    expect(emailPreferences(db(), u.id).announcement).toBe(false);
    expect((await callLoader(unsubscribeRoute, { user: null, params: { token: "nope" }, url: "/unsubscribe/nope" })).status).toBe(404);
    expect((await callAction(unsubscribeRoute, { user: null, params: { token: `${token}x` }, url: "/unsubscribe/x" })).status).toBe(404);
  });

  it("a one-click POST without Origin passes the CSRF check on /unsubscribe only", async () => {
    const run = async (path: string) => {
      const request = new Request(`http://localhost${path}`, { method: "POST", body: "List-Unsubscribe=One-Click" });
      try {
        await originCheckMiddleware(
          { request, params: {}, context: new RouterContextProvider(), unstable_pattern: "" } as never,
          async () => new Response("ok"),
        );
        return "passed";
      } catch {
        return "refused";
      }
    };
    expect(await run("/unsubscribe/abc.def")).toBe("passed");
    expect(await run("/me/notifications")).toBe("refused");
    expect(await run("/unsubscribe/abc/../../me")).toBe("refused");
  });
});

describe("administrators' job page", () => {
  it("is for administrators only, lists dead jobs and retries them", async () => {
    const learner = insertUser(db());
    expect((await callLoader(adminJobsRoute, { user: learner, url: "/admin/jobs" })).status).toBe(403);
    const admin = insertUser(db(), { role: "admin" });
    const key = `dead-${Date.now()}`;
    enqueueJob(db(), { kind: "test.never", key, payload: {}, maxAttempts: 1, runAt: 0 }, 0);
    let job = claimJob(db(), "w", 1);
    while (job && job.key !== key) job = claimJob(db(), "w", 1);
    expect(failJob(db(), job!, "refused by the mail server", 2)).toBe("dead");
    const page = (await callLoader(adminJobsRoute, { user: admin, url: "/admin/jobs" })).data as { troubled: { id: number; key: string; lastError: string }[] };
    const row = page.troubled.find((j) => j.key === key)!;
    expect(row.lastError).toBe("refused by the mail server");
    const res = await callAction(adminJobsRoute, { user: admin, form: formOf({ id: [String(row.id), "junk"] }), url: "/admin/jobs" });
    expect(res).toMatchObject({ status: 302, location: "/admin/jobs?retried=1" });
  });
});
