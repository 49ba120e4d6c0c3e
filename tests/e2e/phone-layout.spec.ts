import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { en, foundations, lessonUrl, lo } from "./helpers";

// Phone layout details. The sweep of every page at 360 px (no sideways scroll) runs in the same
// pass as the console/hydration check: tests/e2e/page-sweep.spec.ts.
test.use({ viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true });

test("the header is one compact row on a phone and its menu opens without JavaScript", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 780 }, baseURL });
  const page = await context.newPage();
  await page.goto("/courses?lng=lo");
  const header = page.locator("header.site-header");
  expect((await header.boundingBox())!.height).toBeLessThanOrEqual(64);
  await expect(page.getByRole("link", { name: lo.nav.glossary })).toBeHidden();
  await page.locator(".site-menu > summary").click();
  await page.getByRole("link", { name: lo.nav.glossary }).click();
  await expect(page).toHaveURL(/\/glossary/);
  await context.close();
});

test("on a phone the course outline is near the top of a lesson, folded, and opens", async ({ page }) => {
  const lesson = foundations.lessons[1]!;
  await page.goto(lessonUrl(foundations.slug, lesson.key));
  const summary = page.locator(".lesson-sidebar summary");
  expect((await summary.boundingBox())!.y).toBeLessThan(200);
  const first = page.locator(".lesson-sidebar ol a").first();
  await expect(first).toBeHidden();
  await summary.click();
  await expect(first).toBeVisible();
});

test("a glossary term shows its definition in place, without JavaScript, and the lesson stays", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 780 }, baseURL });
  const page = await context.newPage();
  // A lesson that uses at least one glossary term.
  const withTerm = foundations.lessons.find((l) => /<Term /.test(fs.readFileSync(l.versions.en.file, "utf8")))!;
  const url = lessonUrl(foundations.slug, withTerm.key);
  await page.goto(url);
  const term = page.locator("button.term-button").first();
  await term.click();
  const pop = page.locator(".term-pop:popover-open");
  await expect(pop).toBeVisible();
  await expect(pop.getByRole("link", { name: en.content.openInGlossary })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe(url);
  await context.close();
});

test("glossary search finds co-payment from copay", async ({ page }) => {
  await page.goto("/glossary?q=copay");
  await expect(page.locator("#co-payment")).toBeVisible();
});
