import { expect, test, type Page } from "@playwright/test";
import { GET_MATRIX } from "./matrix";
import { DEMO_PASSWORD } from "./helpers";

// Every HTML page of the authorization matrix — plus the cohort workspace, the join page and a real
// certificate's verify page — in English, Lao and Vietnamese, as an anonymous visitor, a learner and
// an admin, with JavaScript: no page may log a console error or throw (React's hydration error #418
// among them). Debian's Chromium, like many phones, has no Lao Intl data: a date formatted in the
// browser turned "7 ທັນວາ 2026" into "December 7, 2026" at hydration.
test.describe.configure({ mode: "parallel" });

type Who = "anonymous" | "learner" | "admin";
const ACCOUNTS = { learner: "learner@example.org", admin: "admin@example.org" } as const;
const NOT_HTML = /\.(pdf|json|jsonl|ics|csv)(\?|$)|^\/healthz|^\/logout|^\/reports\/csv|^\/issuer/;
const COHORT = "/trainer/cohorts/demo-nhi-claims-vientiane";
const EXTRA: Record<Who, string[]> = {
  anonymous: ["/join/NHKVTE26"],
  learner: ["/join/NHKVTE26", "/checkin"],
  admin: [
    "/trainer",
    `${COHORT}`,
    `${COHORT}/participants`,
    `${COHORT}/schedule`,
    `${COHORT}/attendance`,
    `${COHORT}/gradebook`,
    `${COHORT}/announcements`,
    `${COHORT}/settings`,
  ],
};

async function logIn(page: Page, who: Who) {
  if (who === "anonymous") return;
  await page.goto("/login");
  await page.locator("form:has(input[name=password]) input[name=email]").fill(ACCOUNTS[who]);
  await page.locator("form:has(input[name=password]) input[name=password]").fill(DEMO_PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.locator("form:has(input[name=password]) button[type=submit]").click()]);
}

for (const lng of ["en", "lo", "vi"] as const) {
  test(`no hydration or console error on any page, in ${lng}`, async ({ browser }) => {
    test.setTimeout(300_000);
    const problems: string[] = [];
    for (const who of ["anonymous", "learner", "admin"] as Who[]) {
      const context = await browser.newContext();
      const page = await context.newPage();
      let current = "";
      page.on("pageerror", (e) => problems.push(`${who} ${current}: page error: ${e.message.slice(0, 300)}`));
      page.on("console", (m) => {
        if (m.type() !== "error") return;
        // A 403/404 page's own status is reported by Chromium as a failed resource: expected.
        if (
          /Failed to load resource: the server responded with a status of (403|404|400)/.test(m.text()) &&
          m.location().url.split("?")[0]!.endsWith(current.split("?")[0]!)
        )
          return;
        problems.push(`${who} ${current}: console: ${m.text().slice(0, 300)}`);
      });
      await logIn(page, who);
      // Each page once: public pages as a visitor, member pages as the learner, staff pages as the admin.
      const pages = GET_MATRIX.filter(([url, expected]) => {
        if (NOT_HTML.test(url) || typeof expected[who] !== "number" || expected[who] === 302) return false;
        if (who === "anonymous") return true;
        if (who === "learner") return expected.anonymous === "login" && expected.admin !== 200 ? expected.learner === 200 : expected.anonymous === "login";
        return expected.learner !== 200 || url === "/me";
      }).map(([url]) => url);
      // A real certificate: the first one an admin can find.
      if (who === "admin") {
        await page.goto("/admin/certificates?q=");
        const href = await page.locator('a[href^="/verify/"]').first().getAttribute("href");
        if (href) pages.push(href);
      }
      for (const url of [...pages, ...EXTRA[who]]) {
        current = url;
        const sep = url.includes("?") ? "&" : "?";
        await page.goto(`${url}${sep}lng=${lng}`);
        await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
        await expect(page.locator("html"), `${url} as ${who}`).toHaveAttribute("lang", lng);
        expect(problems).toEqual([]); // fail at the first page with a problem
      }
      await context.close();
    }
    expect(problems).toEqual([]);
  });
}
