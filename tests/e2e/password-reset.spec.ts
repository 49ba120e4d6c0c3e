import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser } from "@playwright/test";
import { en, login, register, uniqueEmail } from "./helpers";

// The suite's server writes mail to outbox/ beside its database (no SMTP_URL): see tests/e2e/serve.mjs.
const OUTBOX = path.resolve(`.e2e-${process.env.E2E_PORT ?? "3100"}`, "outbox");

/** The set-password path in the newest .eml sent to this address (quoted-printable soft breaks undone). */
async function linkMailedTo(email: string): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const files = fs.existsSync(OUTBOX)
      ? fs
          .readdirSync(OUTBOX)
          .filter((f) => f.endsWith(".eml"))
          .sort()
      : [];
    for (const f of files.reverse()) {
      const eml = fs.readFileSync(path.join(OUTBOX, f), "utf8").replace(/=\r?\n/g, "");
      if (!new RegExp(`^To: ${email.replace(/[.+]/g, "\\$&")}$`, "m").test(eml)) continue;
      const m = /\/set-password\/([a-z2-7]{32})/.exec(eml);
      if (m) return `/set-password/${m[1]}`;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no reset mail for ${email} in ${OUTBOX}`);
}

async function registeredAccount(browser: Browser, tag: string) {
  const email = uniqueEmail(tag);
  const page = await browser.newPage();
  await register(page, { email, name: `Reset ${tag}` });
  await page.close();
  return email;
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("forgot password: the link from the mail sets a new password once; an unknown address gets the same answer", async ({ browser, page }) => {
    const email = await registeredAccount(browser, "reset");
    await page.goto("/login");
    await page.getByRole("link", { name: en.auth.forgotLink }).click();
    await expect(page).toHaveURL(/\/forgot-password$/);
    await page.getByLabel(en.auth.email, { exact: true }).fill(email.toUpperCase());
    await page.getByRole("button", { name: en.auth.reset.button }).click();
    const sent = page.getByRole("status");
    await expect(sent).toContainText(en.auth.reset.sent.split("{{email}}")[0]!);
    const answerForKnown = (await sent.textContent())!.replace(email, "EMAIL");

    // The same answer, word for word, for an address without an account.
    const stranger = uniqueEmail("nobody");
    await page.goto("/forgot-password");
    await page.getByLabel(en.auth.email, { exact: true }).fill(stranger);
    await page.getByRole("button", { name: en.auth.reset.button }).click();
    expect((await page.getByRole("status").textContent())!.replace(stranger, "EMAIL")).toBe(answerForKnown);

    const link = await linkMailedTo(email);
    await page.goto(link);
    await expect(page.getByText(en.auth.reset.setLead.replace("{{email}}", email))).toBeVisible();
    await page.getByLabel(en.profile.newPassword, { exact: true }).fill("a-brand-new-password");
    await page.getByRole("button", { name: en.cohorts.setPassword.button }).click();
    await expect(page).toHaveURL(/\/me$/);

    // Single use.
    await page.goto(link);
    await expect(page.getByText(en.cohorts.setPassword.invalid)).toBeVisible();
    await expect(page.getByRole("link", { name: en.auth.reset.requestNew })).toHaveAttribute("href", "/forgot-password");

    const fresh = await browser.newPage({ javaScriptEnabled: false });
    await login(fresh, email, "a-brand-new-password");
    await fresh.close();
  });

  test("a malformed address gets a translated field error and a 400", async ({ page }) => {
    await page.goto("/forgot-password?lng=vi");
    const res = page.waitForResponse((r) => r.request().method() === "POST");
    const vi = (await import("../../app/locales/vi")).default;
    await page.getByLabel(vi.auth.email, { exact: true }).fill("not an address");
    await page.getByRole("button", { name: vi.auth.reset.button }).click();
    expect((await res).status()).toBe(400);
    await expect(page.getByText(vi.validation.email)).toBeVisible();
  });
});

test("an administrator creates a reset link for a person, shown once; it opens the set-password form", async ({ browser }) => {
  const email = await registeredAccount(browser, "adminreset");
  const admin = await browser.newPage();
  await login(admin, "admin@example.org");
  await admin.goto(`/admin/users?q=${encodeURIComponent(email)}`);
  await admin.getByRole("button", { name: new RegExp(`${en.admin.createResetLink}\\s*: Reset adminreset`) }).click();
  const status = admin.locator(".alert-success");
  await expect(status).toContainText(email);
  const url = (await status.locator("code").textContent())!;
  expect(url).toMatch(/\/set-password\/[a-z2-7]{32}$/);

  const person = await browser.newPage();
  await person.goto(new URL(url).pathname);
  await expect(person.getByText(en.auth.reset.setLead.replace("{{email}}", email))).toBeVisible();
  await admin.close();
  await person.close();
});

test("the forgot-password page has no serious or critical axe violations", async ({ page }) => {
  await page.goto("/forgot-password");
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => v.id)).toEqual([]);
});
