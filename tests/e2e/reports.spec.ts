import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { en, lo, login } from "./helpers";

// /reports as an admin and as a trainer: tables, charts, filters as a plain GET form, CSV with BOM,
// xAPI JSON Lines, print layout, translated errors for bad filter values.

test("admin: report tables and charts, filters without JavaScript, print layout", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await login(page, "admin@example.org");
  await page.goto("/reports");
  await expect(page.getByRole("heading", { level: 1, name: en.reports.title })).toBeVisible();
  await expect(page.getByText(en.reports.scopeAll)).toBeVisible();
  for (const section of [
    en.reports.sections.summary,
    en.reports.sections.bySex,
    en.reports.sections.byGroup,
    en.reports.sections.crosstab,
    en.reports.sections.gain,
  ]) {
    await expect(page.getByRole("heading", { level: 2, name: section, exact: true })).toBeVisible();
  }
  // Server-rendered SVG charts, one per disaggregation, present without JavaScript.
  await expect(page.locator("figure.chart svg[role=img]")).toHaveCount(await page.locator("figure.chart").count());
  expect(await page.locator("figure.chart").count()).toBeGreaterThanOrEqual(2);
  // Every table has a CSV link.
  expect(await page.getByRole("link", { name: /CSV/ }).count()).toBeGreaterThanOrEqual(4);

  // The filter form is a plain GET form.
  await page.getByLabel(en.reports.filters.sex, { exact: true }).selectOption("woman");
  await page.getByLabel(en.reports.filters.group, { exact: true }).selectOption("workers");
  await page.getByRole("button", { name: en.reports.filters.apply }).click();
  await expect(page).toHaveURL(/sex=woman/);
  await expect(page).toHaveURL(/group=workers/);
  await expect(page.locator(".report-meta")).toContainText(`${en.auth.sexes.woman}`);
  await expect(page.locator(".report-meta")).toContainText(en.auth.groups.workers);

  // Print: menus, filters and links are left out; the tables stay.
  await page.emulateMedia({ media: "print" });
  await expect(page.locator("form.report-filters")).toBeHidden();
  await expect(page.locator(".site-header")).toBeHidden();
  await expect(page.locator("table.report-table").first()).toBeVisible();
  await context.close();
});

test("report pages have no serious or critical axe violations", async ({ page }) => {
  await login(page, "admin@example.org");
  await page.goto("/reports");
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
});

test("bad filter values get a translated message and an unfiltered report, never a 500", async ({ page }) => {
  await login(page, "admin@example.org");
  const res = await page.goto("/reports?from=2026-02-30&sex=robot&course=%3Cscript%3E&cohort=nope&to=2026-01-01");
  expect(res!.status()).toBe(200);
  await expect(page.getByText(en.reports.errors.date).first()).toBeVisible();
  await expect(page.getByText(en.reports.errors.sex)).toBeVisible();
  await expect(page.getByText(en.reports.errors.course)).toBeVisible();
  await expect(page.getByText(en.reports.errors.cohort)).toBeVisible();
  await page.goto("/reports?lng=lo&sex=robot");
  await expect(page.getByText(lo.reports.errors.sex)).toBeVisible();
});

test("CSV downloads are UTF-8 with BOM, translated, with suppressed cells as published", async ({ page }) => {
  await login(page, "admin@example.org");
  for (const table of ["summary", "by-sex", "by-group", "crosstab", "gain"]) {
    const res = await page.request.get(`/reports/csv/${table}`);
    expect(res.status(), table).toBe(200);
    expect(res.headers()["content-type"]).toBe("text/csv; charset=utf-8");
    expect(res.headers()["content-disposition"]).toMatch(/attachment/);
    const body = await res.body();
    expect([...body.subarray(0, 3)], table).toEqual([0xef, 0xbb, 0xbf]);
  }
  const bySex = (await page.request.get("/reports/csv/by-sex")).text();
  const lines = (await bySex)
    .replace(/^\uFEFF/, "")
    .trim()
    .split("\r\n");
  expect(lines[0]).toContain(en.reports.indicators.enrolled);
  expect(lines.map((l) => l.split(",")[0])).toEqual([en.reports.filters.sex, ...Object.values(en.auth.sexes), en.reports.total]);
  // No count between 1 and 4 is ever published.
  for (const line of lines.slice(1)) for (const cell of line.split(",").slice(1, 5)) expect(["1", "2", "3", "4"]).not.toContain(cell);
  const laoCsv = await (await page.request.get("/reports/csv/by-sex?lng=lo")).text();
  expect(laoCsv).toContain(lo.reports.indicators.enrolled);
  expect((await page.request.get("/reports/csv/participants")).status()).toBe(404);
});

test("xAPI export: JSON Lines of version 1.0.3 statements without emails", async ({ page }) => {
  await login(page, "admin@example.org");
  const res = await page.request.get("/reports/xapi.jsonl");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("application/x-ndjson");
  const text = await res.text();
  const lines = text.split("\n").filter(Boolean);
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    const s = JSON.parse(line);
    expect(s.version).toBe("1.0.3");
    expect(s.actor.account.name).toBeTruthy();
    expect(s.verb.id).toMatch(/^http:\/\/adlnet\.gov\/expapi\/verbs\/(experienced|completed|passed|failed|attended)$/);
  }
  expect(text).not.toContain("@example.org");
});

test("a trainer sees only their cohorts; a learner may not open reports", async ({ browser }) => {
  const trainer = await browser.newPage();
  await login(trainer, "trainer@example.org");
  await trainer.goto("/reports");
  await expect(trainer.getByText(en.reports.scopeTrainer)).toBeVisible();
  const options = await trainer.getByLabel(en.reports.filters.cohort, { exact: true }).locator("option").allTextContents();
  expect(options.length).toBeGreaterThan(1);
  await trainer.close();
  const learner = await browser.newPage();
  await login(learner, "learner@example.org");
  expect((await learner.goto("/reports"))!.status()).toBe(403);
  expect((await learner.request.get("/reports/csv/summary")).status()).toBe(403);
  expect((await learner.request.get("/reports/xapi.jsonl")).status()).toBe(403);
  await learner.close();
});
