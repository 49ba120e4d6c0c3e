import { expect, test, type Locator, type Page } from "@playwright/test";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { en, foundations, lessonUrl, lo, login, optionInput, register, uniqueEmail } from "./helpers";

// Issue 13: with JavaScript, a page whose language changes (after registering, joining, or the header
// switch) is wholly in the new language once hydrated; quiz forms warn about unanswered questions and
// a failed knowledge check can be taken again. Issue 14: set-password links' QR codes decode.

/** The page has hydrated and shows no English interface string where a Lao one belongs. */
async function expectWhollyLao(page: Page, visible: string[]) {
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  await expect(page.locator("html")).toHaveAttribute("lang", "lo");
  // The header is the same on every page: its links are Lao (the browser's i18next, not the server's HTML).
  const nav = page.getByRole("navigation", { name: lo.nav.primary });
  await expect(nav.getByRole("link", { name: lo.nav.courses })).toBeAttached();
  for (const text of visible) await expect(page.getByText(text, { exact: true }).first()).toBeVisible();
  const body = await page.locator("body").innerText();
  for (const english of [en.nav.courses, en.nav.glossary, en.app.changeLanguage, en.nav.logout]) expect(body).not.toContain(english);
}

test("registering with Lao as the preferred language: /me, and a course page reached from it, are wholly Lao", async ({ page }) => {
  // The registration page is English; the preference chosen in the form decides the next pages.
  await page.goto("/register?lng=en");
  await page.getByLabel(en.auth.email, { exact: true }).fill(uniqueEmail("flip-lo"));
  await page.getByLabel(en.auth.password, { exact: true }).fill("a-strong-password-1");
  await page.getByLabel(en.auth.name, { exact: true }).fill("ສົມໃຈ ທົດສອບ");
  await page.getByLabel(en.auth.country, { exact: true }).selectOption("LA");
  await page.getByLabel(en.auth.constituentGroup, { exact: true }).selectOption("government");
  await page.getByLabel(en.auth.sex, { exact: true }).selectOption("woman");
  await page.getByLabel(en.auth.preferredLanguage, { exact: true }).selectOption("lo");
  await page.getByRole("button", { name: en.auth.registerButton }).click();
  await expect(page).toHaveURL(/\/me$/);
  await expectWhollyLao(page, [lo.me.title]);
  await page.getByRole("navigation", { name: lo.nav.primary }).getByRole("link", { name: lo.nav.courses }).click();
  await page.getByRole("link", { name: foundations.title.lo! }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: foundations.title.lo! })).toBeVisible();
  await expectWhollyLao(page, [lo.course.enrol]);
});

test("'Create account and join' with Lao preferred leads to a wholly Lao course page", async ({ page }) => {
  await page.goto("/join/NHKVTE26?lng=en");
  const form = page.locator("form:has(input[name=password])");
  await form.getByLabel(en.auth.email, { exact: true }).fill(uniqueEmail("flip-join"));
  await form.getByLabel(en.auth.password, { exact: true }).fill("a-strong-password-1");
  await form.getByLabel(en.auth.name, { exact: true }).fill("ບຸນມີ ທົດສອບ");
  const country = form.getByLabel(en.auth.country, { exact: true });
  if (await country.count()) await country.selectOption("LA");
  for (const [label, value] of [
    [en.auth.constituentGroup, "government"],
    [en.auth.sex, "man"],
  ] as const) {
    const field = form.getByLabel(label, { exact: true });
    if (await field.count()) await field.selectOption(value);
  }
  await form.getByLabel(en.auth.preferredLanguage, { exact: true }).selectOption("lo");
  await form.getByRole("button", { name: en.cohorts.join.registerButton }).click();
  await expect(page).toHaveURL(/\/courses\/[a-z0-9-]+\?joined=1$/);
  await expectWhollyLao(page, [lo.cohorts.join.joined]);
});

test("the header's language switch saves the preference: the next login, from a fresh browser, is in Lao", async ({ page, browser }) => {
  const email = uniqueEmail("switch");
  await register(page, { email, name: "Switch Test" });
  await page.locator("#lng-select").selectOption("lo");
  await page.getByRole("button", { name: en.app.changeLanguage }).click();
  await expectWhollyLao(page, [lo.me.title]);
  // A new browser: no language cookie; the account's preference decides.
  const fresh = await browser.newContext();
  const p2 = await fresh.newPage();
  await p2.goto("/login");
  await p2.getByLabel(en.auth.email, { exact: true }).fill(email);
  await p2.getByLabel(en.auth.password, { exact: true }).fill("a-strong-password-1");
  await p2.getByRole("button", { name: en.auth.loginButton }).click();
  await expect(p2).toHaveURL(/\/me$/);
  await expectWhollyLao(p2, [lo.me.title]);
  await fresh.close();
});

test("a quiz with unanswered questions is held back with their numbers (JavaScript); a failed check offers Try again", async ({ page }) => {
  await register(page, { email: uniqueEmail("warn"), name: "Warn Test" });
  const first = foundations.lessons[0]!;
  await page.goto(lessonUrl(foundations.slug, first.key));
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  const form = page.locator("form.quiz-form").first();
  const questions = form.locator("li.question");
  const n = await questions.count();
  // Answer only the first question, wrongly or not: the others are reported before anything is sent.
  await questions.first().locator("input").first().check();
  await form.getByRole("button", { name: en.quiz.submit }).click();
  const missing = Array.from({ length: n - 1 }, (_, i) => i + 2).join(", ");
  await expect(form.getByRole("alert")).toHaveText(en.quiz.unansweredWarning.replace("{{numbers}}", missing));
  expect(new URL(page.url()).search).toBe("");
  await expect(questions.nth(1)).toHaveClass(/is-unanswered/);
  await expect(questions.nth(1).locator("input").first()).toBeFocused();

  // Every question answered wrongly (options are picked by their text): the failed check offers Try again.
  const check = first.check!;
  await expect(questions).toHaveCount(check.refs.length);
  for (let i = 0; i < n; i++) {
    const q = questions.nth(i);
    const def = check.byRef.get(check.refs[i]!)!;
    if (def.type === "single" || def.type === "multiple") {
      const wrong = def.options.find((o) => (def.type === "single" ? o.id !== def.correct : !def.correct.includes(o.id)))!;
      if (def.type === "multiple") for (const box of await q.locator("input:checked").all()) await box.uncheck();
      await optionInput(q, wrong.text.en).check();
    } else if (def.type === "truefalse") await q.locator(`input[value="${String(!def.correct)}"]`).check();
    else await q.locator("input[type=text]").fill(String(def.correct + def.tolerance + 1000));
  }
  await form.getByRole("button", { name: en.quiz.submit }).click();
  await expect(page).toHaveURL(/\?check=\d+#check$/);
  await expect(page.getByText(en.quiz.notPassed.split(" — ")[0]!, { exact: false })).toBeVisible();
  await page.getByRole("link", { name: en.quiz.startAgain }).click();
  await expect(page.locator("form.quiz-form")).toBeVisible();
  expect(new URL(page.url()).search).toBe("");
});

/** Screenshots the QR image as rendered and decodes it. */
async function decodeQr(img: Locator): Promise<string | null> {
  await img.scrollIntoViewIfNeeded();
  const png = PNG.sync.read(await img.screenshot());
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

test("the set-password links printed after an import carry QR codes that decode to the same links", async ({ browser }) => {
  // A sharper screenshot: the printed QR is small (112 px).
  const context = await browser.newContext({ deviceScaleFactor: 3 });
  const page = await context.newPage();
  await login(page, "trainer@example.org");
  await page.goto("/trainer/cohorts/demo-nhi-claims-vientiane/participants/import");
  const emails = [uniqueEmail("qr-a"), uniqueEmail("qr-b")];
  const csv = `name,email,organisation,constituent group,sex,country\nQR One,${emails[0]},,,,\nQR Two,${emails[1]},,,,\n`;
  await page.getByLabel(en.cohorts.import.file).setInputFiles({ name: "qr.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: en.cohorts.import.preview }).click();
  await page.getByRole("button", { name: "Import 2 participants" }).click();
  const rows = page.locator(".links-sheet tbody tr");
  await expect(rows).toHaveCount(2);
  for (let i = 0; i < 2; i++) {
    const url = (await rows.nth(i).locator("code").textContent())!.trim();
    expect(url).toMatch(/\/set-password\/[a-z2-7]{32}$/);
    expect(await decodeQr(rows.nth(i).locator("img.qr"))).toBe(url);
  }
  await context.close();
});
