import { expect, test, type Page } from "@playwright/test";
import { DEMO_COHORT_ID } from "../../db/seed";
import { catalog, DEMO_PASSWORD, lessonUrl } from "./helpers";
import { ACCOUNTS, GET_MATRIX, WHO, type Who } from "./matrix";

// One pass over every page, per kind of visitor and language, at 360 px with JavaScript. Each page is
// loaded once and checked for both:
// - no console error and no uncaught error (React's hydration error #418 among them). Debian's
//   Chromium, like many phones, has no Lao Intl data: a date formatted in the browser turned
//   "7 ທັນວາ 2026" into "December 7, 2026" at hydration;
// - no sideways scroll at 360 px (phones first), in any language, for any kind of visitor.
// The pages: the authorization matrix (the HTML ones each visitor is meant to see), the join page,
// the trainer's workspace, a real certificate's verify page, and every lesson of the Lao PDR course
// (long reference addresses; as a visitor and a learner, whose lesson pages are the ones that differ).
test.describe.configure({ mode: "parallel" });
test.use({ viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true });

const NOT_HTML =
  /\.(pdf|json|jsonl|ics|csv|zip)(\?|$)|^\/healthz|^\/logout|^\/reports\/csv|^\/reports\/xapi|^\/issuer|^\/\.well-known\/|^\/credentials\/status\/|^\/admin\/privacy\/export\//;
const COHORT = `/trainer/cohorts/${DEMO_COHORT_ID}`;
const WORKSPACE = [
  "/trainer",
  COHORT,
  `${COHORT}/participants`,
  `${COHORT}/participants/import`,
  `${COHORT}/schedule`,
  `${COHORT}/attendance`,
  `${COHORT}/gradebook`,
  `${COHORT}/announcements`,
  `${COHORT}/settings`,
];
const lao = catalog.bySlug.get("lao-pdr-shp")!;
const LAO_LESSONS = lao.lessons.map((l) => lessonUrl(lao.slug, l.key));
const EXTRA: Record<Who, string[]> = {
  anonymous: ["/join/NHKVTE26", "/glossary?q=copay", ...LAO_LESSONS],
  learner: ["/join/NHKVTE26", "/checkin", ...LAO_LESSONS],
  trainer: WORKSPACE,
  admin: WORKSPACE,
};

async function logIn(page: Page, who: Who, baseURL: string) {
  if (who === "anonymous") return;
  const res = await page.request.post("/login", {
    form: { email: ACCOUNTS[who], password: DEMO_PASSWORD, redirectTo: "/me" },
    headers: { Origin: baseURL },
    maxRedirects: 0,
  });
  expect(res.status()).toBe(302);
}

// Every page of the matrix in en, lo and vi: the admin reaches every page a learner or trainer can
// open, so learners and trainers are swept in Lao only, and the admin in the two languages whose
// text runs longest and wraps differently (English, the source, is swept for anonymous pages).
// The e2e suite is near its 15-minute budget.
const LANGUAGES_FOR: Record<Who, readonly ("en" | "lo" | "vi")[]> = {
  anonymous: ["en", "lo", "vi"],
  learner: ["lo"],
  trainer: ["lo"],
  admin: ["lo", "vi"],
};

for (const who of WHO) {
  for (const lng of LANGUAGES_FOR[who]) {
    test(`every page as ${who} in ${lng}: no console or hydration error, no sideways scroll at 360 px`, async ({ page, baseURL }) => {
      test.setTimeout(300_000);
      const problems: string[] = [];
      let current = "";
      page.on("pageerror", (e) => problems.push(`${current}: page error: ${e.message.slice(0, 300)}`));
      page.on("console", (m) => {
        if (m.type() !== "error") return;
        // A 403/404/400 page's own status is reported by Chromium as a failed resource: expected.
        if (
          /Failed to load resource: the server responded with a status of (403|404|400)/.test(m.text()) &&
          m.location().url.split("?")[0]!.endsWith(current.split("?")[0]!)
        )
          return;
        problems.push(`${current}: console: ${m.text().slice(0, 300)}`);
      });
      await logIn(page, who, baseURL!);
      const pages = GET_MATRIX.filter(([url, expected]) => !NOT_HTML.test(url) && typeof expected[who] === "number" && expected[who] !== 302).map(
        ([url]) => url,
      );
      if (who === "admin") {
        // A real certificate: the first one an admin can find.
        await page.goto("/admin/certificates?q=");
        const href = await page.locator('a[href^="/verify/"]').first().getAttribute("href");
        if (href) pages.push(href);
      }
      const wide: string[] = [];
      for (const url of [...pages, ...EXTRA[who]]) {
        current = url;
        await page.goto(`${url}${url.includes("?") ? "&" : "?"}lng=${lng}`);
        await expect(page.locator("html"), `${url} as ${who} hydrates`).toHaveAttribute("data-hydrated", /.*/, { timeout: 20_000 });
        await expect(page.locator("html"), `${url} as ${who}`).toHaveAttribute("lang", lng);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > 360) wide.push(`${url}: ${width} px`);
        expect(problems).toEqual([]); // fail at the first page with a console problem
      }
      expect(pages.length).toBeGreaterThan(10);
      expect(wide, `pages wider than 360 px as ${who} in ${lng}`).toEqual([]);
    });
  }
}
