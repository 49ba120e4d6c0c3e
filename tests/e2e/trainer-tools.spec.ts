import { expect, test, type Locator, type Page } from "@playwright/test";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { DEMO_COHORT_ID } from "../../db/seed";
import { en, foundations, lo, login, register, uniqueEmail } from "./helpers";

const C = `/trainer/cohorts/${DEMO_COHORT_ID}`;
const c = en.cohorts;

/** A fresh cohort of the trainer's (so these tests never change the demo workshop others read). */
async function newCohort(page: Page, opts: { locale?: "en" | "lo" | "vi" } = {}) {
  await page.goto("/trainer/cohorts/new");
  await page.getByLabel(c.form.course, { exact: true }).selectOption(foundations.slug);
  await page.getByLabel(c.form.title, { exact: true }).fill(`Trainer tools ${Date.now()}-${Math.random().toString(36).slice(2, 7)}`);
  await page.getByLabel(c.form.startsOn, { exact: true }).fill("2026-03-03");
  await page.getByLabel(c.form.endsOn, { exact: true }).fill("2026-03-05");
  if (opts.locale) await page.getByLabel(c.form.locale, { exact: true }).selectOption(opts.locale);
  await page.getByRole("button", { name: c.form.create }).click();
  await expect(page).toHaveURL(/\/trainer\/cohorts\/[0-9a-f-]{36}$/);
  return { url: new URL(page.url()).pathname, joinCode: (await page.locator("strong.code").textContent())!.trim() };
}

/** Screenshots the QR image as rendered and decodes it. */
async function decodeQr(img: Locator): Promise<string | null> {
  await img.scrollIntoViewIfNeeded();
  const png = PNG.sync.read(await img.screenshot());
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

test("QR codes on the overview, the 'project this' view and a session decode to the join and check-in links", async ({ page, baseURL }) => {
  await login(page, "trainer@example.org");
  await expect(page).toHaveURL(/\/trainer$/); // trainers land on their cohorts
  await page.goto(C);
  const joinUrl = `${baseURL}/join/NHKVTE26`;
  expect(await decodeQr(page.getByTestId("join-qr"))).toBe(joinUrl);
  await page.getByRole("link", { name: en.qr.project }).click();
  await expect(page.getByText("NHKVTE26", { exact: true })).toBeVisible();
  expect(await decodeQr(page.getByTestId("join-qr-large"))).toBe(joinUrl);

  await page.goto(`${C}/schedule/${DEMO_COHORT_ID}-day-1`);
  const code = (await page.getByTestId("checkin-code").textContent())!.trim();
  const checkin = await decodeQr(page.getByTestId("checkin-qr"));
  expect(checkin).toBe(`${baseURL}/checkin?code=${code}`);
  // The link opens the check-in form with the code filled in.
  await page.goto(checkin!);
  await expect(page.getByLabel(en.cohorts.checkin.code)).toHaveValue(code);
});

test("the schedule form starts empty again after adding a session (with JavaScript)", async ({ page }) => {
  await login(page, "trainer@example.org");
  const cohort = await newCohort(page);
  await page.goto(`${cohort.url}/schedule`);
  const title = page.getByLabel(en.cohorts.schedule.sessionTitle, { exact: true });
  await title.fill("Extra session");
  await page.getByLabel(en.cohorts.schedule.startsAt).fill("2026-03-05T13:00");
  await page.getByLabel(en.cohorts.schedule.endsAt).fill("2026-03-05T15:00");
  await page.getByRole("button", { name: en.cohorts.schedule.add }).click();
  await expect(page.getByText(en.cohorts.schedule.added)).toBeVisible();
  await expect(page.getByRole("link", { name: "Extra session" })).toBeVisible();
  await expect(title).toHaveValue("");
});

test("'mark everyone present' works without JavaScript and keeps marks already recorded", async ({ browser }) => {
  test.setTimeout(150_000);
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await login(page, "trainer@example.org");
  const cohort = await newCohort(page);
  await page.goto(`${cohort.url}/schedule`);
  await page.getByLabel(c.schedule.sessionTitle, { exact: true }).fill("Day 1");
  await page.getByLabel(c.schedule.startsAt).fill("2026-03-03T09:00");
  await page.getByLabel(c.schedule.endsAt).fill("2026-03-03T12:00");
  await page.getByRole("button", { name: c.schedule.add }).click();
  // Three participants join with the code.
  for (const who of ["Alpha", "Bravo", "Charlie"]) {
    const p = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await register(p, { email: uniqueEmail(`markall-${who}`), name: `Participant ${who}` });
    await p.getByLabel(c.me.joinCode).fill(cohort.joinCode);
    await p.getByRole("button", { name: c.join.button }).click();
    await p.context().close();
  }
  await page.goto(`${cohort.url}/attendance`);
  await page.getByRole("link", { name: c.attendance.register }).first().click();
  // By keyboard: focusing a radio scrolls it clear of the sticky save bar (scroll-padding), then Space checks it.
  const excused = page.getByRole("group", { name: "Participant Bravo" }).getByLabel(c.attendance.statuses.excused);
  await excused.focus();
  await page.keyboard.press("Space");
  await expect(excused).toBeChecked();
  await page.getByRole("button", { name: c.attendance.save, exact: true }).click();
  await page.getByRole("button", { name: c.attendance.markAllPresent }).click();
  await expect(page.getByText(c.attendance.saved_other.replace("{{count}}", "2"))).toBeVisible();
  await expect(page.getByRole("group", { name: "Participant Bravo" }).getByLabel(c.attendance.statuses.excused)).toBeChecked();
  await expect(page.getByRole("group", { name: "Participant Alpha" }).getByLabel(c.attendance.statuses.present)).toBeChecked();
  await expect(page.getByRole("group", { name: "Participant Charlie" }).getByLabel(c.attendance.statuses.present)).toBeChecked();
  // On a 360 px phone the save bar sits after the last row, never on it.
  await page.setViewportSize({ width: 360, height: 700 });
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  const last = await page.locator(".register-list fieldset").last().boundingBox();
  const bar = await page.locator(".sticky-save-bar").boundingBox();
  expect(last!.y + last!.height).toBeLessThanOrEqual(bar!.y + 1);
  await page.screenshot({ path: "test-results/register-360.png" });
  await context.close();
});

test("a visitor opening a Lao workshop's join link sees it in Lao, with Lao preselected as preferred language", async ({ page, browser }) => {
  await login(page, "trainer@example.org");
  const cohort = await newCohort(page, { locale: "lo" });
  const visitor = await (await browser.newContext({ javaScriptEnabled: false, locale: "en-US" })).newPage();
  await visitor.goto(`/join/${cohort.joinCode}`);
  await expect(visitor).toHaveURL(new RegExp(`/join/${cohort.joinCode}\\?lng=lo$`));
  await expect(visitor.locator("html")).toHaveAttribute("lang", "lo");
  await expect(visitor.getByLabel(lo.auth.preferredLanguage, { exact: true })).toHaveValue("lo");
  // An English workshop's link stays in the visitor's language.
  await visitor.goto("/join/NHKVTE26");
  await expect(visitor).toHaveURL(/\/join\/NHKVTE26$/);
  await visitor.context().close();
});

test("the sign-in sheet of a Lao workshop is in Lao, with a sex column and blank rows for walk-ins, whatever the trainer's language", async ({ page }) => {
  await login(page, "trainer@example.org");
  const cohort = await newCohort(page, { locale: "lo" });
  await page.goto(`${cohort.url}/schedule`);
  await page.getByLabel(c.schedule.sessionTitle, { exact: true }).fill("ມື້ທີ 1");
  await page.getByLabel(c.schedule.startsAt).fill("2026-03-03T09:00");
  await page.getByLabel(c.schedule.endsAt).fill("2026-03-03T12:00");
  await page.getByRole("button", { name: c.schedule.add }).click();
  await page.goto(`${cohort.url}/attendance`);
  await page.getByRole("link", { name: c.attendance.sheet }).first().click();
  const sheet = page.locator(".sheet-body[lang=lo]");
  await expect(sheet.getByRole("heading", { level: 1 })).toHaveText(lo.cohorts.attendance.sheetTitle);
  await expect(sheet.getByRole("columnheader", { name: lo.auth.sex })).toBeVisible();
  await expect(sheet.locator("tr.walk-in")).toHaveCount(8);
  await expect(page.getByRole("button", { name: c.attendance.print })).toBeVisible();
});

test("the gradebook fits 1280 px: no page-wide horizontal scroll, the table scrolls in its own box; the status filter has a visible label", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await login(page, "trainer@example.org");
  await page.goto(`${C}/gradebook`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const label = page.locator("label[for=gb-meets]");
  await expect(label).toBeVisible();
  await expect(label).toHaveText(c.gradebook.meets);
  await page.screenshot({ path: "test-results/gradebook-1280.png" });
});
