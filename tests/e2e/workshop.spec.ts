import fs from "node:fs";
import { expect, test, type Browser } from "@playwright/test";
import ICAL from "ical.js";
import { DEMO_COHORT_ID } from "../../db/seed";
import { DEMO_PASSWORD, en, lo, register, uniqueEmail } from "./helpers";

// A participant's workshop page, without JavaScript: schedule, my attendance, the workshop's rules,
// the calendar file parsed back, and who may open it.
const W = `/me/workshops/${DEMO_COHORT_ID}`;

async function noJsPage(browser: Browser, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport });
  return { context, page: await context.newPage() };
}

test("a participant's workshop page works without JavaScript: schedule, attendance, rules, calendar; outsiders get 403", async ({ browser, baseURL }) => {
  test.setTimeout(150_000);
  // A new participant (Lao interface) joins the demo workshop with its code.
  const { context, page } = await noJsPage(browser);
  const email = uniqueEmail("workshop");
  await register(page, { email, name: "ສົມພອນ ພົມມະວົງ", locale: "lo", t: lo });
  await page.getByLabel(lo.cohorts.me.joinCode).fill("NHKVTE26");
  await page.getByRole("button", { name: lo.cohorts.join.button }).click();
  await page.goto("/me");
  await page.getByRole("link", { name: "NHI claims management — Vientiane", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${W}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("NHI claims management — Vientiane");
  // Trainers and how to reach them.
  await expect(page.getByRole("link", { name: lo.workshop.contact.replace("{{name}}", "Demo Trainer") })).toHaveAttribute("href", "mailto:trainer@example.org");
  // The schedule: both sessions, with place; nothing recorded yet (both have started: March 2026).
  const sessions = page.locator(".session-card");
  await expect(sessions).toHaveCount(2);
  await expect(sessions.nth(0)).toContainText("Day 1: claims processing");
  await expect(sessions.nth(0)).toContainText("NHIB training room, Vientiane");
  await expect(sessions.nth(0)).toContainText(lo.workshop.notRecorded);
  // The workshop's rules, not the self-paced ones: attendance 50% still needed.
  await expect(page.locator("[data-rule=minAttendance]")).toContainText(lo.workshop.stillNeeded);
  await expect(page.locator("[data-rule=minAttendance]")).toContainText("0");

  // The trainer marks this participant present on day 1 (also without JavaScript).
  const trainer = await noJsPage(browser);
  await trainer.page.goto("/login");
  await trainer.page.getByLabel(en.auth.email, { exact: true }).fill("trainer@example.org");
  await trainer.page.getByLabel(en.auth.password, { exact: true }).fill(DEMO_PASSWORD);
  await trainer.page.getByRole("button", { name: en.auth.loginButton }).click();
  await trainer.page.goto(`/trainer/cohorts/${DEMO_COHORT_ID}/attendance/${DEMO_COHORT_ID}-day-1`);
  await trainer.page.getByRole("group", { name: "ສົມພອນ ພົມມະວົງ" }).getByLabel(en.cohorts.attendance.statuses.present).check();
  await trainer.page.getByRole("button", { name: en.cohorts.attendance.save, exact: true }).click();
  await expect(trainer.page.getByText(en.cohorts.attendance.saved_one.replace("{{count}}", "1"))).toBeVisible();
  // The trainer may open the participants' page too.
  expect((await trainer.page.goto(W))!.status()).toBe(200);
  await trainer.context.close();

  await page.reload();
  await expect(sessions.nth(0).locator(".session-mine")).toContainText(lo.cohorts.attendance.statuses.present);
  await expect(sessions.nth(1).locator(".session-mine")).toContainText(lo.workshop.notRecorded);
  // 1 of 2 sessions attended meets a 50% rule.
  await expect(page.locator("[data-rule=minAttendance]")).toContainText(lo.workshop.met);

  // On a 360 px phone, in Lao: no horizontal scroll.
  await page.setViewportSize({ width: 360, height: 800 });
  await page.reload();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  fs.mkdirSync("test-results", { recursive: true });
  await page.screenshot({ path: "test-results/workshop-360-lo.png", fullPage: true });

  // The whole schedule as .ics, parsed back: both sessions with place, UTC times, stable UIDs.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: lo.workshop.addAll }).click()]);
  const ics = fs.readFileSync((await download.path())!, "utf8");
  const events = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
  expect(events.map((e) => e.summary)).toEqual(["Day 1: claims processing", "Day 2: audit and fraud control"]);
  expect(events[0]!.startDate.toJSDate().toISOString()).toBe("2026-03-04T01:30:00.000Z");
  expect(events[0]!.location).toContain("NHIB training room, Vientiane");
  expect(events[0]!.uid).toBe(`session-${DEMO_COHORT_ID}-day-1@shp-campus`);
  // One session alone.
  const one = await page.request.get(`${W}/calendar.ics?session=${DEMO_COHORT_ID}-day-2`);
  expect(one.headers()["content-type"]).toContain("text/calendar");
  const only = new ICAL.Component(ICAL.parse(await one.text())).getAllSubcomponents("vevent");
  expect(only.map((v) => new ICAL.Event(v).summary)).toEqual(["Day 2: audit and fraud control"]);
  await context.close();

  // Someone who is not in the workshop: 403 for the page and the calendar.
  const outsider = await noJsPage(browser);
  await register(outsider.page, { email: uniqueEmail("outsider"), name: "Outsider" });
  expect((await outsider.page.goto(W))!.status()).toBe(403);
  expect((await outsider.page.request.get(`${W}/calendar.ics`)).status()).toBe(403);
  await outsider.context.close();
  expect(baseURL).toBeTruthy();
});
