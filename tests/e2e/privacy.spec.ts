import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { strFromU8, unzipSync } from "fflate";
import fs from "node:fs";
import { en, login, register, uniqueEmail } from "./helpers";

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a learner finds the notice from the footer, downloads their data and erases their account with plain forms", async ({ page }) => {
    const email = uniqueEmail("privacy");
    await register(page, { email, name: "Khamla Privacy" });

    // The notice is linked from every page's footer.
    await page.locator("footer").getByRole("link", { name: en.privacy.footerLink }).click();
    await expect(page.getByRole("heading", { level: 1, name: en.privacy.notice.title })).toBeVisible();
    await expect(page.locator("footer").getByRole("link", { name: en.help.footerLink })).toBeVisible();

    await page.goto("/me");
    await page.getByRole("link", { name: en.privacy.me.link }).click();
    await expect(page).toHaveURL(/\/me\/privacy$/);

    // Export: a plain link; the browser downloads one zip.
    const downloadPromise = page.waitForEvent("download");
    await page.getByRole("link", { name: en.privacy.me.exportButton }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toMatch(/^shp-campus-my-data-\d{4}-\d{2}-\d{2}\.zip$/);
    const files = unzipSync(new Uint8Array(fs.readFileSync((await download.path())!)));
    const data = JSON.parse(strFromU8(files["data.json"]!)) as { sections: { profile: { email: string; name: string }[] } };
    expect(data.sections.profile[0]).toMatchObject({ email, name: "Khamla Privacy" });
    expect(Object.keys(files)).toContain("csv/profile.csv");

    // Erase: refused without the box ticked, then done; the person is signed out and cannot sign in again.
    await page.getByLabel(en.privacy.me.password).fill("a-strong-password-1");
    await page.getByRole("button", { name: en.privacy.me.eraseButton }).click();
    await expect(page.getByText(en.privacy.me.confirmRequired)).toBeVisible();
    await page.getByLabel(en.privacy.me.confirm).check();
    await page.getByLabel(en.privacy.me.password).fill("a-strong-password-1");
    await page.getByRole("button", { name: en.privacy.me.eraseButton }).click();
    await expect(page).toHaveURL(/\/privacy\?erased=1$/);
    await expect(page.getByText(en.privacy.notice.erased)).toBeVisible();
    await page.goto("/me");
    await expect(page).toHaveURL(/\/login/);
    await page.getByLabel(en.auth.email, { exact: true }).fill(email);
    await page.getByLabel(en.auth.password, { exact: true }).fill("a-strong-password-1");
    await page.getByRole("button", { name: en.auth.loginButton }).click();
    await expect(page.getByText(en.auth.invalidCredentials)).toBeVisible();
  });

  test("an administrator sets the contact address, shown on the help page, and erases an account on request", async ({ page, browser }) => {
    const email = uniqueEmail("on-request");
    const other = await browser.newContext({ javaScriptEnabled: false });
    await register(await other.newPage(), { email, name: "Asked To Be Erased" });
    await other.close();

    await login(page, "admin@example.org");
    await page.goto("/admin/privacy");
    await page.getByLabel(en.privacy.admin.operator).fill("Ministry of Labour and Social Welfare");
    await page.getByLabel(en.privacy.admin.contactEmail).fill("campus-help@example.org");
    await page.getByRole("button", { name: en.privacy.admin.save }).click();
    await expect(page.getByText(en.privacy.admin.saved)).toBeVisible();

    await page.getByLabel(en.privacy.admin.lookup).fill(email);
    await page.getByRole("button", { name: en.privacy.admin.find }).click();
    await expect(page.getByText("Asked To Be Erased")).toBeVisible();
    await page.getByLabel(en.privacy.admin.confirmEmail).fill(email);
    await page.getByRole("button", { name: en.privacy.admin.eraseButton }).click();
    await expect(page.getByText(en.privacy.admin.erased)).toBeVisible();

    await page.goto("/help");
    await expect(page.getByRole("link", { name: "campus-help@example.org" })).toBeVisible();
    await page.goto("/privacy");
    await expect(page.getByText(en.privacy.notice.whoRuns.replace("{{operator}}", "Ministry of Labour and Social Welfare"))).toBeVisible();
  });
});

test("the privacy notice, help and My data pages pass axe (serious and critical)", async ({ page }) => {
  await register(page, { email: uniqueEmail("privacy-axe"), name: "Axe Privacy" });
  for (const url of ["/privacy", "/help", "/me/privacy"]) {
    await page.goto(url);
    const results = await new AxeBuilder({ page }).analyze();
    const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(bad.map((v) => `${url}: ${v.id}`)).toEqual([]);
  }
});
