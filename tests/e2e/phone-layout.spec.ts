import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { GET_MATRIX } from "./matrix";
import { catalog, DEMO_PASSWORD, en, foundations, lessonUrl, lo } from "./helpers";

// Phones first: at 360 px no page may scroll sideways, in any language, for any kind of visitor.
// The pages are those of the authorization matrix, plus every lesson of the Lao PDR course (long
// reference addresses) and the trainer's workspace.
type Who = "anonymous" | "learner" | "trainer" | "admin";
const ACCOUNTS: Record<Exclude<Who, "anonymous">, string> = { learner: "learner@example.org", trainer: "trainer@example.org", admin: "admin@example.org" };
const LOCALES = ["en", "lo", "vi"] as const;
const lao = catalog.bySlug.get("lao-pdr-shp")!;
const EXTRA = [...lao.lessons.map((l) => lessonUrl(lao.slug, l.key)), "/trainer", "/glossary?q=copay"];

test.use({ viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true });
// (Importing GET_MATRIX also registers the authorization matrix test in this file: it runs once more here.)

async function asUser(page: Page, who: Who, baseURL: string) {
  if (who === "anonymous") return;
  const res = await page.request.post("/login", {
    form: { email: ACCOUNTS[who], password: DEMO_PASSWORD, redirectTo: "/me" },
    headers: { Origin: baseURL },
    maxRedirects: 0,
  });
  expect(res.status()).toBe(302);
}

for (const who of ["anonymous", "learner", "trainer", "admin"] as Who[]) {
  test(`no page scrolls sideways at 360 px, as ${who}, in English, Lao and Vietnamese`, async ({ browser, baseURL }) => {
    test.setTimeout(300_000);
    // Layout is rendered on the server; without JavaScript the sweep loads each page faster.
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true, baseURL });
    const page = await context.newPage();
    await asUser(page, who, baseURL!);
    const urls = [...GET_MATRIX.map(([url]) => url), ...EXTRA];
    const wide: string[] = [];
    let checked = 0;
    for (const url of urls) {
      // Only HTML pages: CSV, JSON, PDF and redirects are not laid out.
      const head = await page.request.get(url, { headers: { Accept: "text/html" }, maxRedirects: 0 });
      if (!(head.headers()["content-type"] ?? "").startsWith("text/html") || (head.status() >= 300 && head.status() < 400)) continue;
      for (const lng of LOCALES) {
        const full = `${url}${url.includes("?") ? "&" : "?"}lng=${lng}`;
        await page.goto(full, { waitUntil: "load" });
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        checked++;
        if (width > 360) wide.push(`${full}: ${width} px`);
      }
    }
    await context.close();
    expect(checked).toBeGreaterThan(20);
    expect(wide, `pages wider than 360 px as ${who}`).toEqual([]);
  });
}

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
