/**
 * Issue 17, done-when: a learner who stored a course reads three of its lessons offline, answers a
 * knowledge check and a module quiz offline, goes back online, and the attempts are sent once and
 * graded; logging out empties the device's store (docs/decisions/0018).
 */
import { expect, test } from "@playwright/test";
import { answerAll, en, foundations, register, uniqueEmail } from "./helpers";

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
  await expect(page.locator(".offline-form")).toContainText(/\d[.,]\d MB/);
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

  // Back online: sent when a page loads (and on the `online` event), graded by the server.
  await context.setOffline(false);
  await page.reload();
  await expect(page.locator('[data-queue-status="sent"]')).toHaveCount(2, { timeout: 30_000 });
  // A second page load sends nothing twice.
  await page.reload();
  await expect(page.locator('[data-queue-status="sent"]')).toHaveCount(2);

  await page.goto(`/courses/${course.slug}/${firstModule.slug}/quiz`);
  await expect(page.locator("section", { has: page.getByRole("heading", { name: en.quiz.history }) }).locator("li")).toHaveCount(1);
  await page.goto("/me");
  await expect(page.getByText(course.title.en).first()).toBeVisible();

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
