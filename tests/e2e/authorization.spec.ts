import { expect, test, type APIRequestContext } from "@playwright/test";
import { en, foundations, login, register, uniqueEmail } from "./helpers";

import { ACCOUNTS, GET_MATRIX, POST_MATRIX, WHO, type Expect, type Who } from "./matrix";

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

test("attack: a trainer importing an existing learner's e-mail learns nothing and gets nothing until the learner accepts (no JavaScript)", async ({
  browser,
}) => {
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
  expect(
    statuses.every((s) => s === 400 || s === 429),
    statuses.join(","),
  ).toBe(true);
  expect(statuses.filter((s) => s === 400).length).toBeLessThanOrEqual(5);
  expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(25);
  await request.dispose();
});
