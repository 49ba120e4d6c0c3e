import { expect, test } from "@playwright/test";
import { answerAll, en, foundations, lessonUrl, uniqueEmail } from "./helpers";

test.use({ javaScriptEnabled: false });

test("the learner journey works as plain HTML forms with JavaScript disabled", async ({ page }) => {
  // The journey now starts with the pre-test (a refused partial submission, then a whole one).
  test.setTimeout(120_000);
  // No script tags at all would also be fine; what matters is that nothing needs them.
  const email = uniqueEmail("nojs");
  await page.goto("/register");
  await page.getByLabel(en.auth.email, { exact: true }).fill(email);
  await page.getByLabel(en.auth.password, { exact: true }).fill("a-strong-password-1");
  await page.getByLabel(en.auth.name, { exact: true }).fill("No Script");
  await page.getByLabel(en.auth.country, { exact: true }).selectOption("KH");
  await page.getByLabel(en.auth.constituentGroup, { exact: true }).selectOption("workers");
  await page.getByLabel(en.auth.sex, { exact: true }).selectOption("man");
  await page.getByLabel(en.auth.preferredLanguage, { exact: true }).selectOption("en");
  await page.getByRole("button", { name: en.auth.registerButton }).click();
  await expect(page).toHaveURL(/\/me$/);

  await page.goto(`/courses/${foundations.slug}`);
  await page.getByRole("button", { name: en.course.enrol }).click();

  // Enrolling leads to the pre-test, before any lesson. A partial submission is refused with the
  // answers kept (the form is re-rendered by the server with them checked); then it is submitted whole.
  await expect(page).toHaveURL(new RegExp(`/courses/${foundations.slug}/assessment/pretest$`));
  await page.getByRole("button", { name: en.quiz.start }).click();
  const questions = page.locator("form.quiz-form li.question");
  await questions.first().waitFor();
  // The first choice question of the draw (the draw may start with a numeric one).
  const choiceQuestion = page.locator("form.quiz-form li.question:has(input[type=radio], input[type=checkbox])").first();
  const firstChoice = choiceQuestion.locator("input[type=radio], input[type=checkbox]").first();
  const firstValue = await firstChoice.getAttribute("value");
  await firstChoice.check();
  await page.getByRole("button", { name: en.quiz.submit }).click();
  await expect(page.locator("[role=alert], .alert").filter({ hasText: en.quiz.unanswered.split(".")[0]! })).toBeVisible();
  await expect(choiceQuestion.locator(`input[value="${firstValue}"]`)).toBeChecked();
  expect(await answerAll(page)).toBe(foundations.assessment.questions);
  await page.getByRole("button", { name: en.quiz.submit }).click();
  await expect(page.getByRole("heading", { name: en.quiz.resultTitle })).toBeVisible();
  // Score only: no verdicts, keys or explanations until the final is passed or used up.
  await expect(page.locator("ol.feedback")).toHaveCount(0);
  await expect(page.getByText(en.quiz.reveal.pretest)).toBeVisible();

  const first = foundations.lessons[0]!;
  await page.goto(lessonUrl(foundations.slug, first.key));
  await answerAll(page);
  await page.getByRole("button", { name: en.quiz.submit }).click();
  await expect(page.locator(".result-score")).toBeVisible();
  await page.getByRole("button", { name: en.lesson.markComplete }).click();
  await expect(page.getByRole("heading", { level: 1, name: foundations.lessons[1]!.versions.en.title })).toBeVisible();

  const module = foundations.modules[0]!;
  await page.goto(`/courses/${foundations.slug}/${module.slug}/quiz`);
  await answerAll(page);
  await page.getByRole("button", { name: en.quiz.submit }).click();
  await expect(page.getByRole("heading", { name: en.quiz.resultTitle })).toBeVisible();

  await page.goto(`/courses/${foundations.slug}`);
  await expect(page.getByRole("progressbar")).toHaveAttribute("value", /^[1-9]/);

  // The language switch is a plain POST form inside the header's menu, which folds into a <details>
  // on a phone: open it as a person would (no JavaScript), then switch.
  await page.setViewportSize({ width: 360, height: 800 });
  await page.locator("details.site-menu > summary").click();
  await page.getByLabel(en.app.language).selectOption("lo");
  await page.getByRole("button", { name: en.app.changeLanguage }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "lo");
});
