import { test } from "@playwright/test";
import { expectNoSeriousViolations, foundations, lessonUrl, login } from "./helpers";

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
