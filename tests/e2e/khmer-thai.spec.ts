import { expect, test, type Browser, type Page } from "@playwright/test";
import { foundations, lessonUrl, register, seedAllButLastLesson, uniqueEmail } from "./helpers";
import km from "../../app/locales/km";
import th from "../../app/locales/th";

// The Khmer and Thai UI on a phone: a learner registers in the language, earns a certificate, and
// the home page, catalogue, a lesson, /me, /login and the certificate's verify page render in it
// with JavaScript: no console error, html[lang] set, the script's font loaded (Debian's Chromium
// has no system Thai or Khmer font: without the web font they would be boxes), no sideways scroll
// at 360 px. The certificate PDF is served (fontkit used to throw on Khmer ំ).
const LANGUAGES = [
  { lng: "km", t: km, name: "ហេង សំណាង", font: "Noto Sans Khmer", sample: "ខ្មែរ" },
  { lng: "th", t: th, name: "สมหญิง ศรีสุวรรณ", font: "Noto Sans Thai", sample: "ไทย" },
] as const;

test.use({ viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true });

function watch(page: Page, problems: string[]) {
  page.on("pageerror", (e) => problems.push(`${page.url()}: page error: ${e.message.slice(0, 300)}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`${page.url()}: console: ${m.text().slice(0, 300)}`);
  });
}

async function check(page: Page, url: string, lng: string, font: string, sample: string, problems: string[]) {
  await page.goto(url);
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  await expect(page.locator("html"), url).toHaveAttribute("lang", lng);
  const { width, fontLoaded } = await page.evaluate(
    async ([family, text]) => {
      await document.fonts.ready;
      await document.fonts.load(`16px "${family}"`, text);
      // (document.fonts.check is true when no face matches at all: look for the loaded face itself.)
      const fontLoaded = [...document.fonts].some((f) => f.family.replace(/"/g, "") === family && f.status === "loaded");
      return { width: document.documentElement.scrollWidth, fontLoaded };
    },
    [font, sample] as const,
  );
  expect(width, `${url} is wider than 360 px`).toBeLessThanOrEqual(360);
  expect(fontLoaded, `${font} on ${url}`).toBe(true);
  expect(problems).toEqual([]);
}

async function anonymous(browser: Browser) {
  const context = await browser.newContext({ viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true });
  return { context, page: await context.newPage() };
}

for (const { lng, t, name, font, sample } of LANGUAGES) {
  test(`${lng}: register in the language, earn a certificate; pages render in it on a phone`, async ({ page, browser }) => {
    test.setTimeout(120_000);
    const problems: string[] = [];
    watch(page, problems);
    const email = uniqueEmail(`ui-${lng}`);
    await register(page, { email, name, locale: lng, t });
    await expect(page.locator("html")).toHaveAttribute("lang", lng); // the profile's language, no ?lng=
    await expect(page.getByRole("heading", { level: 1, name: t.me.title })).toBeVisible();
    seedAllButLastLesson(email);

    const last = foundations.lessons.at(-1)!;
    await check(page, lessonUrl(foundations.slug, last.key), lng, font, sample, problems);
    await page.getByRole("button", { name: t.lesson.markComplete }).click();
    // The completion that issues the certificate leads straight to it, on the course page.
    await expect(page).toHaveURL(new RegExp(`/courses/${foundations.slug}#certificate-h$`));
    await expect(page.locator("section.certificate-panel").getByText(t.certificates.issued)).toBeVisible();
    for (const url of ["/", "/courses", "/me"]) await check(page, url, lng, font, sample, problems);
    await page.goto(`/courses/${foundations.slug}`);
    await page.locator("section.certificate-panel").getByRole("link", { name: t.certificates.viewCertificate }).click();
    await expect(page).toHaveURL(/\/verify\/[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/);
    const code = page.url().split("/").pop()!;
    const pdf = await page.request.get(`/certificates/${code}.pdf`);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");

    // A visitor in the language: the verify page and the login page.
    const visitor = await anonymous(browser);
    watch(visitor.page, problems);
    await check(visitor.page, `/verify/${code}?lng=${lng}`, lng, font, sample, problems);
    await expect(visitor.page.getByRole("heading", { level: 1, name: t.certificates.kind.completion })).toBeVisible();
    await expect(visitor.page.locator(".holder-name")).toHaveText(name);
    await expect(visitor.page.locator(".certificate-status")).toContainText(t.certificates.status.valid);
    await check(visitor.page, `/login?lng=${lng}`, lng, font, sample, problems);
    await expect(visitor.page.getByRole("heading", { level: 1, name: t.auth.loginTitle })).toBeVisible();
    await visitor.context.close();
  });
}
