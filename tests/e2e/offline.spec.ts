/**
 * Issue 17, done-when: a learner who stored a course reads three of its lessons offline, answers a
 * knowledge check and a module quiz offline, goes back online, and the attempts are sent once and
 * graded; logging out empties the device's store (docs/decisions/0018).
 */
import { expect, test } from "@playwright/test";
import { formatInstant } from "../../app/i18n/datetime";
import { answerAll, en, foundations, lo, register, uniqueEmail } from "./helpers";

test.use({ serviceWorkers: "allow" });
// Many page loads on a shared machine; no assertion here is timed.
test.setTimeout(240_000);

const course = foundations;
const firstModule = course.modules[0]!;
const [l1, l2, l3] = firstModule.lessons;
const checked = course.lessons.find((l) => l.check)!;
const href = (l: { moduleSlug: string; slug: string }) => `/courses/${course.slug}/${l.moduleSlug}/${l.slug}`;

test("a stored course is read and practised offline; answers are sent once when back online; logout empties the store", async ({ page, context }) => {
  await register(page, { email: uniqueEmail("offline"), name: "Vanh Keomany" });
  await page.goto(`/courses/${course.slug}`);
  const store = page.getByRole("button", { name: en.offline.makeAvailable });
  // The size comes first, before anything is stored.
  await expect(page.locator(".offline-form:not([data-offline-module-form])")).toContainText(/\d+(?:[.,]\d)? MB/);
  await store.click();
  await expect(page).toHaveURL(new RegExp(`/me/offline\\?download=${course.slug}$`));
  await expect(page.locator("[data-offline-ready]")).toBeVisible({ timeout: 45_000 });
  await expect(page.locator(`[data-offline-course="${course.slug}"]`)).toBeVisible();

  await context.setOffline(true);

  // Three lessons, the first by address, the next two by the lesson's own "next" link.
  await page.goto(href(l1!));
  await expect(page.getByRole("heading", { level: 1, name: l1!.versions.en.title })).toBeVisible();
  await page
    .getByRole("link", { name: new RegExp(l2!.versions.en.title) })
    .last()
    .click();
  await expect(page.getByRole("heading", { level: 1, name: l2!.versions.en.title })).toBeVisible();
  await page.goto(href(l3!));
  await expect(page.getByRole("heading", { level: 1, name: l3!.versions.en.title })).toBeVisible();

  // A page that is not stored: the offline page, with links to what is.
  await page.goto("/me/certificates");
  await expect(page.getByText(en.offline.notStored)).toBeVisible();
  await expect(page.locator(`[data-offline-course="${course.slug}"] a`)).toBeVisible();

  // A knowledge check answered offline: kept on the device, "waiting to send".
  await page.goto(href(checked));
  await answerAll(page, "#check form.quiz-form");
  await page.locator("#check").getByRole("button", { name: en.quiz.submit }).click();
  await expect(page.locator("[data-offline-queued]")).toBeVisible();

  // The first module quiz, answered offline.
  await page.goto(`/courses/${course.slug}/${firstModule.slug}/quiz`);
  await answerAll(page);
  await page.getByRole("button", { name: en.quiz.submit }).click();
  await expect(page.locator("[data-offline-queued]")).toBeVisible();
  await expect(page.locator('[data-queue-status="waiting"]')).toHaveCount(2);

  // Back online, without a reload: the `online` event sends the answers, graded by the server.
  // A page opened from the store under Playwright's emulation believes it is online (its first
  // sending fails and is retried later); a change of state while it is open tells it it is offline,
  // so that the `online` event is what starts the sending here.
  await context.setOffline(false);
  await context.setOffline(true);
  await expect.poll(() => page.evaluate(() => navigator.onLine)).toBe(false);
  await context.setOffline(false);
  await expect(page.locator('[data-queue-status="sent"]')).toHaveCount(2, { timeout: 30_000 });
  // A second page load sends nothing twice.
  await page.reload();
  await expect(page.locator('[data-queue-status="sent"]')).toHaveCount(2);

  await page.goto(`/courses/${course.slug}/${firstModule.slug}/quiz`);
  await expect(page.locator("section", { has: page.getByRole("heading", { name: en.quiz.history }) }).locator("li")).toHaveCount(1);
  const history = page.locator("section", { has: page.getByRole("heading", { name: en.quiz.history }) }).locator("li");
  const percent = (await history.first().innerText()).match(/(\d+)\s*%/)![1];
  // On /me, among the recent results: the module quiz, once, graded, with its score.
  await page.goto("/me");
  const quizTitle = en.quiz.title.module.replace("{{module}}", firstModule.title.en);
  const result = page.locator(".recent-results li", { hasText: quizTitle });
  await expect(result).toHaveCount(1);
  await expect(result).toContainText(new RegExp(`${percent}% · (passed|not passed) · `));

  // Logging out empties the store: no cached page, no queued answer. The logout response's
  // Clear-Site-Data header is taken off here, as browsers that ignore it would: the page's own
  // clearing must do the whole job (with the header, Chromium cleared most runs, but not all).
  await context.route(/\/logout(\.data)?(\?.*)?$/, async (route) => {
    const response = await route.fetch({ maxRedirects: 0 });
    const headers = { ...response.headers() };
    delete headers["clear-site-data"];
    await route.fulfill({ response, headers });
  });
  await page.getByRole("button", { name: en.nav.logout }).click();
  await expect(page).toHaveURL(/\/$/);
  // The worker is gone too: later pages, and their assets, are not stored again.
  await page.goto(`/courses/${course.slug}`);
  await page.goto("/glossary");
  const left = await page.evaluate(async () => ({
    caches: await caches.keys(),
    dbs: (await indexedDB.databases()).map((d) => d.name),
    workers: (await navigator.serviceWorker.getRegistrations()).length,
  }));
  expect(left).toEqual({ caches: [], dbs: [], workers: 0 });
});

test("a session that ends without logout: the next person on the device finds nothing of the previous learner's, and nothing of theirs is sent", async ({
  page,
  context,
  browser,
}) => {
  const moduleOfCheck = course.modules.find((m) => m.slug === checked.moduleSlug)!;
  await register(page, { email: uniqueEmail("owner-a"), name: "Somphone Douangdy" });
  await page.goto(`/courses/${course.slug}`);
  await page.locator(`[data-offline-module-form="${moduleOfCheck.slug}"]`).getByRole("button").click();
  await expect(page.locator("[data-offline-ready]")).toBeVisible({ timeout: 45_000 });
  await expect(page.locator(`[data-offline-module="${course.slug}/${moduleOfCheck.slug}"]`)).toBeVisible();

  // A knowledge check answered offline by the first learner, waiting to send.
  await context.setOffline(true);
  await page.goto(href(checked));
  await answerAll(page, "#check form.quiz-form");
  await page.locator("#check").getByRole("button", { name: en.quiz.submit }).click();
  await expect(page.locator('[data-queue-status="waiting"]')).toHaveCount(1);

  // Their session ends without a logout; someone else signs in on this browser.
  const other = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const otherPage = await other.newPage();
  await register(otherPage, { email: uniqueEmail("owner-b"), name: "Dalavanh Sayavong" });
  const cookies = await other.cookies();
  await other.close();
  await context.clearCookies();
  await context.addCookies(cookies);

  // The connection returns on the open page: the queued answer is refused by the server for this
  // person, and the device empties itself.
  await context.setOffline(false);
  await expect(page.locator("[data-queue-status]")).toHaveCount(0, { timeout: 30_000 });
  await page.goto("/me");
  await expect(page.getByText("Dalavanh Sayavong")).toBeVisible();
  await expect(page.locator(".recent-results")).toHaveCount(0);
  const left = await page.evaluate(async () => {
    const pages = (await caches.has("shp-offline-pages")) ? (await (await caches.open("shp-offline-pages")).keys()).map((r) => r.url) : [];
    return { pages };
  });
  expect(left).toEqual({ pages: [] });
});

test("Lite mode stays script-free until the learner chooses offline; a Lao learner stores a module and reads it offline in Lao", async ({ page, context }) => {
  await register(page, { email: uniqueEmail("offline-lo"), name: "Bounthavy Phommasack", locale: "lo", t: lo });
  await page.goto("/me/profile");
  await page.getByLabel(lo.profile.lite).check();
  await page.getByRole("button", { name: lo.profile.save }).click();
  await expect(page.getByText(lo.profile.saved)).toBeVisible();

  // Lite mode: no script at all, until the learner chooses to keep something offline.
  await page.goto(`/courses/${course.slug}`);
  await expect(page.locator("html")).toHaveAttribute("lang", "lo");
  await expect(page.locator("script")).toHaveCount(0);
  const moduleForm = page.locator(`[data-offline-module-form="${firstModule.slug}"]`);
  await expect(moduleForm).toContainText(/\d+(?:[.,]\d)? MB/);
  await moduleForm
    .getByRole("button", { name: lo.offline.makeModuleAvailableNamed.replace("{{module}}", firstModule.title.lo ?? firstModule.title.en) })
    .click();
  await expect(page.locator("[data-offline-ready]")).toBeVisible({ timeout: 45_000 });
  // Chosen: the device script, and nothing else.
  await page.goto(`/courses/${course.slug}`);
  expect(await page.locator("script").evaluateAll((els) => els.map((e) => e.getAttribute("src")))).toEqual(["/offline-client.js"]);

  await context.setOffline(true);
  await page.goto(href(l1!));
  await expect(page.locator("html")).toHaveAttribute("lang", "lo");
  await expect(page.getByRole("heading", { level: 1, name: l1!.versions.lo!.title })).toBeVisible();
  // The stored list, offline: Lao labels, and the date formatted on the server in Lao.
  await page.goto("/me/offline");
  await expect(page.getByRole("heading", { level: 1, name: lo.offline.title })).toBeVisible();
  const line = page.locator(`[data-offline-module="${course.slug}/${firstModule.slug}"] .muted`);
  await expect(line).toContainText(`ລາວ · `);
  await expect(line).toContainText(formatInstant(Date.now(), "date", "lo", "Asia/Vientiane"));
  await context.setOffline(false);
});
