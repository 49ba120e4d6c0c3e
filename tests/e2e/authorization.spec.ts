import { expect, test, type APIRequestContext } from "@playwright/test";
import { DEMO_COHORT_ID } from "../../db/seed";
import { en, foundations, lessonUrl, login, register, uniqueEmail } from "./helpers";

// Every route, as every kind of visitor, with the status each must get. A redirect to /login is
// written "login"; other redirects as "302".
type Who = "anonymous" | "learner" | "trainer" | "admin";
const WHO: Who[] = ["anonymous", "learner", "trainer", "admin"];
const ACCOUNTS: Record<Exclude<Who, "anonymous">, string> = {
  learner: "learner@example.org",
  trainer: "trainer@example.org",
  admin: "admin@example.org",
};
type Expect = number | "login" | 302;
const all = (s: Expect) => Object.fromEntries(WHO.map((w) => [w, s])) as Record<Who, Expect>;
const members = (s: Expect) => ({ anonymous: "login" as Expect, learner: s, trainer: s, admin: s });

const m = foundations.modules[0]!;
export const GET_MATRIX: [string, Record<Who, Expect>][] = [
  ["/", all(200)],
  ["/healthz", all(200)],
  ["/courses", all(200)],
  [`/courses/${foundations.slug}`, all(200)],
  [lessonUrl(foundations.slug, foundations.lessons[0]!.key), all(200)],
  ["/glossary", all(200)],
  ["/courses/no-such-course", all(404)],
  [`/courses/${foundations.slug}/${m.slug}/no-such-lesson`, all(404)],
  ["/no/such/page", all(404)],
  ["/login", { anonymous: 200, learner: 302, trainer: 302, admin: 302 }],
  ["/register", { anonymous: 200, learner: 302, trainer: 302, admin: 302 }],
  ["/forgot-password", { anonymous: 200, learner: 302, trainer: 302, admin: 302 }],
  ["/set-password/not-a-token", all(200)],
  ["/logout", all(302)],
  ["/me", members(200)],
  ["/me/profile", members(200)],
  // A workshop's participant page and calendar: its members (the demo learner), its trainers, admins.
  // A learner outside the workshop gets 403: tests/e2e/workshop.spec.ts.
  [`/me/workshops/${DEMO_COHORT_ID}`, members(200)],
  [`/me/workshops/${DEMO_COHORT_ID}/calendar.ics`, members(200)],
  [`/me/workshops/${DEMO_COHORT_ID}/calendar.ics?session=${DEMO_COHORT_ID}-day-1`, members(200)],
  [`/me/workshops/${DEMO_COHORT_ID}/calendar.ics?session=no-such-session`, members(404)],
  ["/me/workshops/no-such-cohort", members(404)],
  [`/courses/${foundations.slug}/${m.slug}/quiz`, members(200)],
  [`/courses/${foundations.slug}/assessment/pretest`, members(200)],
  [`/courses/${foundations.slug}/assessment/final`, members(200)],
  [`/courses/${foundations.slug}/assessment/other`, { anonymous: 404, learner: 404, trainer: 404, admin: 404 }],
  ["/admin/users", { anonymous: "login", learner: 403, trainer: 403, admin: 200 }],
  ["/admin/users?page=999&role=root&status=x", { anonymous: "login", learner: 403, trainer: 403, admin: 200 }],
  ["/admin/users.csv?role=learner", { anonymous: "login", learner: 403, trainer: 403, admin: 200 }],
  // Certificates: verification and the issuer's key are public; lists need an account or a role.
  ["/verify", all(200)],
  ["/verify/AAAA-AAAA-AAAA-AAAA", all(404)],
  ["/verify/not-a-code", all(404)],
  ["/verify?code=not-a-code", all(400)],
  ["/certificates/AAAA-AAAA-AAAA-AAAA.pdf", all(404)],
  ["/certificates/AAAA-AAAA-AAAA-AAAA.json", all(404)],
  ["/issuer", all(200)],
  ["/issuer/keys/1", all(200)],
  ["/me/certificates", members(200)],
  ["/admin/certificates", { anonymous: "login", learner: 403, trainer: 200, admin: 200 }],
  // Reports: trainers (their own cohorts) and admins.
  ["/reports", { anonymous: "login", learner: 403, trainer: 200, admin: 200 }],
  ["/reports?from=not-a-date&sex=robot&cohort=someone-elses", { anonymous: "login", learner: 403, trainer: 200, admin: 200 }],
  ["/reports/csv/summary", { anonymous: "login", learner: 403, trainer: 200, admin: 200 }],
  ["/reports/csv/no-such-table", { anonymous: "login", learner: 403, trainer: 404, admin: 404 }],
  ["/reports/xapi.jsonl", { anonymous: "login", learner: 403, trainer: 200, admin: 200 }],
];

export const POST_MATRIX: [string, Record<string, string>, Record<Who, Expect>][] = [
  ["/admin/users", { userId: "x", role: "admin" }, { anonymous: "login", learner: 403, trainer: 403, admin: 404 }],
  ["/admin/users", { intent: "reset-link", userId: "x" }, { anonymous: "login", learner: 403, trainer: 403, admin: 404 }],
  ["/admin/users", { intent: "deactivate", userId: "x" }, { anonymous: "login", learner: 403, trainer: 403, admin: 404 }],
  ["/admin/users", { intent: "reactivate", userId: "x" }, { anonymous: "login", learner: 403, trainer: 403, admin: 404 }],
  ["/forgot-password", { email: "not-an-address" }, { anonymous: 400, learner: 302, trainer: 302, admin: 302 }],
  ["/me/profile", { intent: "profile" }, { anonymous: "login", learner: 400, trainer: 400, admin: 400 }],
  [`/courses/${foundations.slug}/${m.slug}/quiz`, {}, { anonymous: "login", learner: 400, trainer: 400, admin: 400 }],
  ["/admin/certificates", { intent: "revoke", code: "AAAA-AAAA-AAAA-AAAA", reason: "x" }, { anonymous: "login", learner: 403, trainer: 404, admin: 404 }],
];

async function cookieFor(request: APIRequestContext, baseURL: string, who: Who) {
  if (who === "anonymous") return undefined;
  const res = await request.post("/login", {
    form: { email: ACCOUNTS[who], password: "shp-demo-2026", redirectTo: "/me" },
    headers: { Origin: baseURL },
    maxRedirects: 0,
  });
  return res.headers()["set-cookie"]!.split(";")[0]!;
}

function check(status: number, location: string | undefined, expected: Expect, label: string) {
  if (expected === "login") {
    expect(status, label).toBe(302);
    expect(location, label).toMatch(/^\/login\?redirectTo=/);
  } else expect(status, label).toBe(expected);
}

test("authorization matrix: every route as anonymous, learner, trainer and admin", async ({ playwright, baseURL }) => {
  for (const who of WHO) {
    const request = await playwright.request.newContext({ baseURL });
    const cookie = await cookieFor(request, baseURL!, who);
    const headers: Record<string, string> = { Accept: "text/html", ...(cookie ? { Cookie: cookie } : {}) };
    for (const [url, expected] of GET_MATRIX) {
      const res = await request.get(url, { headers, maxRedirects: 0 });
      check(res.status(), res.headers()["location"], expected[who], `GET ${url} as ${who}`);
    }
    for (const [url, form, expected] of POST_MATRIX) {
      const res = await request.post(url, { form, headers: { ...headers, Origin: baseURL! }, maxRedirects: 0 });
      check(res.status(), res.headers()["location"], expected[who], `POST ${url} as ${who}`);
    }
    await request.dispose();
  }
});

// ── Consent (hardening): a trainer reaches a person's data only through that person's consent ──

test("attack: a trainer importing an existing learner's e-mail learns nothing and gets nothing until the learner accepts (no JavaScript)", async ({ browser }) => {
  const c = en.cohorts;
  const victimEmail = uniqueEmail("consent-victim");
  const victimCtx = await browser.newContext({ javaScriptEnabled: false });
  const victim = await victimCtx.newPage();
  await register(victim, { email: victimEmail, name: "Vanida Consent-Holder" });

  const trainerCtx = await browser.newContext({ javaScriptEnabled: false });
  const tp = await trainerCtx.newPage();
  await login(tp, "trainer@example.org");
  // A cohort of its own (the demo cohort's numbers are checked by other specs).
  const title = `Consent probe ${Date.now()}`;
  await tp.goto("/trainer/cohorts/new");
  await tp.getByLabel(c.form.course, { exact: true }).selectOption(foundations.slug);
  await tp.getByLabel(c.form.title, { exact: true }).fill(title);
  await tp.getByLabel(c.form.startsOn, { exact: true }).fill("2026-03-03");
  await tp.getByLabel(c.form.endsOn, { exact: true }).fill("2026-03-05");
  await tp.getByRole("button", { name: c.form.create }).click();
  await expect(tp).toHaveURL(/\/trainer\/cohorts\/[0-9a-f-]{36}$/);
  const base = new URL(tp.url()).pathname;
  const fresh = uniqueEmail("consent-new");
  const csv = `name,email,organisation,constituent group,sex,country\nGuessed Name,${victimEmail},,,,\nBrand New,${fresh},,,,\n`;
  await tp.goto(`${base}/participants/import`);
  await tp.getByLabel(c.import.file).setInputFiles({ name: "probe.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf-8") });
  await tp.getByRole("button", { name: c.import.preview }).click();
  // The preview is no oracle: both rows read the same.
  const statusOf = (email: string) => tp.getByRole("row").filter({ hasText: email }).getByRole("cell").last();
  await expect(statusOf(victimEmail)).toHaveText(c.import.statuses.invite);
  await expect(statusOf(fresh)).toHaveText(c.import.statuses.invite);
  await tp.getByRole("button", { name: "Import 2 participants" }).click();
  await expect(tp.getByText(c.import.doneExplain)).toBeVisible();

  // Until the learner answers: the typed address and "Invited", nothing else, anywhere.
  for (const path of [`${base}/participants`, `${base}/gradebook`, `${base}/gradebook.csv`, "/reports/xapi.jsonl"]) {
    const body = await (await tp.request.get(path)).text();
    expect(body, path).not.toContain("Vanida Consent-Holder");
  }
  await tp.goto(`${base}/participants`);
  await expect(tp.getByRole("row").filter({ hasText: victimEmail })).toContainText(c.invitations.statuses.pending);
  expect(await tp.getByRole("row").filter({ hasText: victimEmail }).textContent()).not.toContain("Ministry of Health");

  // The learner sees the invitation on /me and accepts with a plain form.
  await victim.goto("/me");
  await expect(victim.getByRole("heading", { name: c.invitations.yours })).toBeVisible();
  await victim.getByRole("button", { name: c.invitations.acceptNamed.replace("{{cohort}}", title) }).click();
  await expect(victim).toHaveURL(new RegExp(`/courses/${foundations.slug}\\?joined=1$`));
  await tp.goto(`${base}/participants`);
  await expect(tp.getByRole("link", { name: "Vanida Consent-Holder" })).toBeVisible();
  await victimCtx.close();
  await trainerCtx.close();
});

test("attack: /checkin?done=ok&session=<text> prints only what the server looked up", async ({ browser }) => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await login(page, "learner@example.org");
  await page.goto("/checkin?done=ok&session=" + encodeURIComponent("PHISH: call +856 20 5555 to claim your certificate"));
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(await page.locator("body").innerText()).not.toContain("PHISH");
  await ctx.close();
});

test("attack: 30 concurrent wrong passwords for one account are not all evaluated (the attempt is reserved before scrypt)", async ({ playwright, baseURL }) => {
  const request = await playwright.request.newContext({ baseURL });
  // An address of its own, so no other spec's logins share the (account, address) pair.
  const email = uniqueEmail("concurrent-guess");
  const post = (password: string) => request.post("/login", { form: { email, password }, headers: { Origin: baseURL!, Accept: "text/html" }, maxRedirects: 0 });
  const statuses = (await Promise.all(Array.from({ length: 30 }, (_, i) => post(`wrong-password-${i}`)))).map((r) => r.status());
  expect(statuses.every((s) => s === 400 || s === 429), statuses.join(",")).toBe(true);
  expect(statuses.filter((s) => s === 400).length).toBeLessThanOrEqual(5);
  expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(25);
  await request.dispose();
});
