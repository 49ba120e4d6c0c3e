/**
 * The action tier for privacy: /me/privacy (export, erase), /admin/privacy (settings, retention,
 * export and erase on request), called as React Router calls them against a real SQLite file.
 */
import { unzipSync, strFromU8 } from "fflate";
import { RouterContextProvider } from "react-router";
import { userContext } from "#app/middleware/context";
import { i18nextMiddleware } from "#app/middleware/i18next.server";
import { describe, expect, it } from "vitest";
import { getDb } from "#app/db.server";
import { hashPassword } from "#app/auth/password.server";
import { getSiteSettings, inactiveAccounts, retentionDryRun } from "#app/privacy/settings.server";
import { insertUser } from "#tests/helpers/db";
import { callAction, callLoader, formOf } from "#tests/helpers/route";
import * as mePrivacy from "#app/routes/me-privacy";
import * as mePrivacyExport from "#app/routes/me-privacy-export";
import * as adminPrivacy from "#app/routes/admin-privacy";
import * as adminPrivacyExport from "#app/routes/admin-privacy-export";
import * as privacyNotice from "#app/routes/privacy";
import * as help from "#app/routes/help";
import * as verifyCertificate from "#app/routes/verify-certificate";
import * as certificateFile from "#app/routes/certificate-file";
import { eraseAccount } from "#app/privacy/erase.server";
import { runDueJobs } from "#app/jobs/queue.server";

const db = () => getDb();
const email = (label: string) => `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.org`;
const userRow = (id: string) =>
  db().$client.prepare("select email, name, erased_at from users where id = ?").get(id) as { email: string; name: string; erased_at: number | null };

async function person(label: string) {
  return insertUser(db(), {
    email: email(label),
    name: `Person ${label}`,
    organisation: `Org ${label}`,
    passwordHash: await hashPassword("a good long password"),
  });
}

/** Calls a resource route's loader as React Router would (i18next middleware run) and returns its Response. */
async function download(
  mod: { loader: (args: never) => unknown },
  args: { user: Parameters<typeof callLoader>[1]["user"]; url: string; params?: Record<string, string> },
) {
  const context = new RouterContextProvider();
  context.set(userContext, args.user);
  const url = new URL(args.url, "http://localhost");
  const request = new Request(url);
  let response: Response | undefined;
  await i18nextMiddleware({ request, params: args.params ?? {}, context, url, pattern: "", unstable_pattern: "" } as never, async () => {
    try {
      response = (await mod.loader({ request, params: args.params ?? {}, context } as never)) as Response;
    } catch (thrown) {
      const v = thrown as { init?: { status?: number } };
      response = thrown instanceof Response ? thrown : new Response(null, { status: v.init?.status ?? 500 });
    }
    return new Response(null);
  });
  return response!;
}

describe("/me/privacy", () => {
  it("downloads the person's data as a zip with data.json, CSV files and an audit entry", async () => {
    const p = await person("export");
    const res = await download(mePrivacyExport, { user: p, url: "/me/privacy/export.zip" });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/zip");
    expect(res.headers.get("Cache-Control")).toContain("no-store");
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(files)).toEqual(expect.arrayContaining(["README.txt", "data.json", "csv/profile.csv"]));
    const data = JSON.parse(strFromU8(files["data.json"]!)) as { sections: { profile: { email: string }[] } };
    expect(data.sections.profile[0]!.email).toBe(p.email);
    expect(db().$client.prepare("select count(*) from audit_log where action = 'user.export' and subject = ?").pluck().get(`user:${p.id}`)).toBe(1);
  });

  it("an administrator cannot erase their own account here (the platform keeps its administrators)", async () => {
    const admin = insertUser(db(), { role: "admin", email: email("self-admin"), passwordHash: await hashPassword("a good long password") });
    const res = await callAction(mePrivacy, { user: admin, url: "/me/privacy", form: formOf({ confirm: "on", password: "a good long password" }) });
    expect(res.status).toBe(400);
    expect(userRow(admin.id).erased_at).toBeNull();
  });

  it("a visitor who is not signed in is sent to log in, for the page and the download", async () => {
    expect((await callLoader(mePrivacy, { user: null, url: "/me/privacy" })).status).toBe(302);
    expect((await download(mePrivacyExport, { user: null, url: "/me/privacy/export.zip" })).status).toBe(302);
  });

  it("erasure needs the ticked box and the right password; bad input changes nothing; then the account is a tombstone and the page goes to the notice", async () => {
    const p = await person("erase");
    const noConfirm = await callAction(mePrivacy, { user: p, url: "/me/privacy", form: formOf({ password: "a good long password" }) });
    expect(noConfirm.status).toBe(400);
    expect((noConfirm.data as { errors: Record<string, { key: string }> }).errors.confirm!.key).toBe("privacy.me.confirmRequired");
    const wrong = await callAction(mePrivacy, { user: p, url: "/me/privacy", form: formOf({ confirm: "on", password: "not it" }) });
    expect(wrong.status).toBe(400);
    const junk = await callAction(mePrivacy, { user: p, url: "/me/privacy", form: formOf({ confirm: "x".repeat(5000), password: "y".repeat(5000) }) });
    expect(junk.status).toBe(400);
    expect(userRow(p.id).erased_at).toBeNull();

    const ok = await callAction(mePrivacy, { user: p, url: "/me/privacy", form: formOf({ confirm: "on", password: "a good long password" }) });
    expect(ok.status).toBe(302);
    expect(ok.location).toBe("/privacy?erased=1");
    const row = userRow(p.id);
    expect(row.erased_at).not.toBeNull();
    expect(row.email).not.toBe(p.email);
    expect(row.name).toBe("");
  });
});

describe("/admin/privacy", () => {
  it("only administrators reach it; a learner gets 403 for the page, the action and another person's export", async () => {
    const learner = await person("nosy");
    const other = await person("other");
    expect((await callLoader(adminPrivacy, { user: learner, url: "/admin/privacy" })).status).toBe(403);
    expect(
      (await callAction(adminPrivacy, { user: learner, url: "/admin/privacy", form: formOf({ intent: "erase", userId: other.id, confirmEmail: other.email }) }))
        .status,
    ).toBe(403);
    expect((await download(adminPrivacyExport, { user: learner, url: `/admin/privacy/export/${other.id}`, params: { user: other.id } })).status).toBe(403);
    expect(userRow(other.id).erased_at).toBeNull();
  });

  it("saves who runs the platform and the contact address, shown on the notice and the help page; a bad address is refused", async () => {
    const admin = insertUser(db(), { role: "admin" });
    const bad = await callAction(adminPrivacy, {
      user: admin,
      url: "/admin/privacy",
      form: formOf({ intent: "contact", operator: "X", contactEmail: "not an address" }),
    });
    expect(bad.status).toBe(400);
    const ok = await callAction(adminPrivacy, {
      user: admin,
      url: "/admin/privacy",
      form: formOf({ intent: "contact", operator: "Ministry of Labour and Social Welfare", contactEmail: "Privacy@Example.org" }),
    });
    expect(ok.status).toBe(302);
    expect(getSiteSettings(db())).toMatchObject({ operator: "Ministry of Labour and Social Welfare", contactEmail: "privacy@example.org" });
    const notice = await callLoader(privacyNotice, { user: null, url: "/privacy", lng: "lo" });
    expect(notice.data).toMatchObject({ operator: "Ministry of Labour and Social Welfare", contactEmail: "privacy@example.org" });
    expect((await callLoader(help, { user: null, url: "/help" })).data).toMatchObject({ contactEmail: "privacy@example.org" });
  });

  it("retention: the count comes first and erases nothing; turning it on erases the inactive accounts (not administrators), audited", async () => {
    const admin = insertUser(db(), { role: "admin" });
    const old = Date.now() - 6 * 365 * 86_400_000;
    const sleeper = insertUser(db(), { email: email("sleeper"), createdAt: old, updatedAt: old });
    const oldAdmin = insertUser(db(), { role: "admin", email: email("old-admin"), createdAt: old, updatedAt: old });
    const active = insertUser(db(), { email: email("active"), createdAt: old, updatedAt: Date.now() });
    expect(inactiveAccounts(db(), 5)).toContain(sleeper.id);
    expect(inactiveAccounts(db(), 5)).not.toContain(oldAdmin.id);
    expect(inactiveAccounts(db(), 5)).not.toContain(active.id);

    expect((await callAction(adminPrivacy, { user: admin, url: "/admin/privacy", form: formOf({ intent: "retention-preview", years: "0" }) })).status).toBe(
      400,
    );
    expect((await callAction(adminPrivacy, { user: admin, url: "/admin/privacy", form: formOf({ intent: "retention-preview", years: "five" }) })).status).toBe(
      400,
    );
    const preview = await callAction(adminPrivacy, { user: admin, url: "/admin/privacy", form: formOf({ intent: "retention-preview", years: "5" }) });
    expect(preview.status).toBe(200);
    const count = (preview.data as { result: { count: number } }).result.count;
    expect(count).toBe(retentionDryRun(db(), 5));
    expect(count).toBeGreaterThanOrEqual(1);
    expect(userRow(sleeper.id).erased_at).toBeNull();
    expect(getSiteSettings(db()).retentionEnabled).toBe(false);

    const on = await callAction(adminPrivacy, { user: admin, url: "/admin/privacy", form: formOf({ intent: "retention-enable", years: "5" }) });
    expect(on.status).toBe(302);
    expect(on.location).toBe("/admin/privacy?done=retention");
    // The erasure is queued, not done in the request: a sweep job, then one erase job per account.
    expect(userRow(sleeper.id).erased_at).toBeNull();
    expect(db().$client.prepare("select count(*) from jobs where kind = 'retention.sweep' and status = 'queued'").pluck().get()).toBe(1);
    await runDueJobs(db(), { workerId: "test" });
    expect(db().$client.prepare("select status from jobs where key = ?").pluck().get(`account.erase:${sleeper.id}`)).toBe("done");
    expect(userRow(sleeper.id).erased_at).not.toBeNull();
    expect(userRow(oldAdmin.id).erased_at).toBeNull();
    expect(userRow(active.id).erased_at).toBeNull();
    expect(getSiteSettings(db())).toMatchObject({ retentionEnabled: true, retentionYears: 5 });
    expect(db().$client.prepare("select actor_id, detail from audit_log where action = 'user.erase' and subject = ?").get(`user:${sleeper.id}`)).toEqual({
      actor_id: admin.id,
      detail: expect.stringContaining("retention"),
    });

    expect((await callAction(adminPrivacy, { user: admin, url: "/admin/privacy", form: formOf({ intent: "retention-disable" }) })).status).toBe(302);
    expect(getSiteSettings(db()).retentionEnabled).toBe(false);
  });

  it("exports and erases an account on request: audited, the address typed again; a mismatch or an administrator's account is refused", async () => {
    const admin = insertUser(db(), { role: "admin" });
    const p = await person("on-request");
    const found = await callLoader(adminPrivacy, { user: admin, url: `/admin/privacy?email=${encodeURIComponent(p.email.toUpperCase())}` });
    expect((found.data as { account: { id: string } }).account.id).toBe(p.id);

    const res = await download(adminPrivacyExport, { user: admin, url: `/admin/privacy/export/${p.id}`, params: { user: p.id } });
    expect(res.status).toBe(200);
    expect(db().$client.prepare("select actor_id from audit_log where action = 'user.export' and subject = ?").pluck().get(`user:${p.id}`)).toBe(admin.id);

    const mismatch = await callAction(adminPrivacy, {
      user: admin,
      url: "/admin/privacy",
      form: formOf({ intent: "erase", userId: p.id, confirmEmail: "someone@example.org" }),
    });
    expect(mismatch.status).toBe(400);
    expect(userRow(p.id).erased_at).toBeNull();
    const otherAdmin = insertUser(db(), { role: "admin", email: email("admin2") });
    expect(
      (
        await callAction(adminPrivacy, {
          user: admin,
          url: "/admin/privacy",
          form: formOf({ intent: "erase", userId: otherAdmin.id, confirmEmail: otherAdmin.email }),
        })
      ).status,
    ).toBe(400);

    const ok = await callAction(adminPrivacy, { user: admin, url: "/admin/privacy", form: formOf({ intent: "erase", userId: p.id, confirmEmail: p.email }) });
    expect(ok.status).toBe(302);
    expect(userRow(p.id).erased_at).not.toBeNull();
    expect(db().$client.prepare("select actor_id from audit_log where action = 'user.erase' and subject = ?").pluck().get(`user:${p.id}`)).toBe(admin.id);
    // Gone: no second export, no second erasure.
    expect((await download(adminPrivacyExport, { user: admin, url: `/admin/privacy/export/${p.id}`, params: { user: p.id } })).status).toBe(404);
    expect(
      (await callAction(adminPrivacy, { user: admin, url: "/admin/privacy", form: formOf({ intent: "erase", userId: p.id, confirmEmail: p.email }) })).status,
    ).toBe(404);
  });
});

describe("a certificate whose holder closed their account", () => {
  it("still verifies, without a name; its PDF and credential are no longer handed out (410)", async () => {
    const p = await person("cert-holder");
    const code = "ZQ9A-ZQ9B-ZQ9C-ZQ9D".replace(/Q|9|Z/g, "K");
    db()
      .$client.prepare(
        "insert into certificates (code, user_id, course_slug, holder_name, achieved_on, achievement_key) values (?, ?, 'shp-foundations', ?, ?, ?)",
      )
      .run(code, p.id, p.name, Date.now(), `self:${p.id}:shp-foundations`);
    expect((await download(certificateFile, { user: null, url: `/certificates/${code}.json`, params: { file: `${code}.json` } })).status).toBe(200);

    eraseAccount(db(), { userId: p.id, actor: p, revokeCertificates: false, via: "self" });
    const page = await callLoader(verifyCertificate, { user: null, url: `/verify/${code}`, params: { code } });
    expect(page.status).toBe(200);
    expect((page.data as { view: { status: string; holderName: string; holderErased: boolean } }).view).toMatchObject({
      status: "valid",
      holderName: "",
      holderErased: true,
    });
    for (const file of [`${code}.json`, `${code}.pdf`]) {
      const res = await download(certificateFile, { user: null, url: `/certificates/${file}`, params: { file } });
      expect(res.status).toBe(410);
      expect(await res.text()).not.toContain(p.name);
    }
  });
});
