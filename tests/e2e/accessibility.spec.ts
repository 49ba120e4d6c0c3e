import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { foundations, lessonUrl, login } from "./helpers";

async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}

test("catalog, course, lesson and quiz pages have no serious or critical axe violations", async ({ page }) => {
  await page.goto("/courses");
  await expectNoSeriousViolations(page);
  await page.goto(`/courses/${foundations.slug}`);
  await expectNoSeriousViolations(page);
  await login(page, "learner@example.org");
  await page.goto(lessonUrl(foundations.slug, foundations.lessons[0]!.key));
  await expectNoSeriousViolations(page);
  await page.goto(`${lessonUrl(foundations.slug, foundations.lessons[0]!.key)}?lng=lo`);
  await expectNoSeriousViolations(page);
  await page.goto(`/courses/${foundations.slug}/${foundations.modules[0]!.slug}/quiz?lng=en`);
  await expectNoSeriousViolations(page);
  await page.goto("/register");
  await expectNoSeriousViolations(page);
});
