import { expect, test } from "@playwright/test";
import { questionsPerAttempt } from "../../app/learning/freshness";
import { answerAll, en, foundations, lessonUrl, lo, register, uniqueEmail } from "./helpers";

const first = foundations.lessons[0]!;
const second = foundations.lessons[1]!;
const firstModule = foundations.modules[0]!;

test("a new learner registers, reads a lesson, answers the knowledge check, completes it, takes the module quiz and sees progress (English)", async ({
  page,
}) => {
  await register(page, { email: uniqueEmail("en"), name: "Somchai Test" });
  await expect(page.getByRole("heading", { level: 1, name: en.me.title })).toBeVisible();

  await page.getByRole("navigation", { name: en.nav.primary }).getByRole("link", { name: en.nav.courses }).click();
  await page.getByRole("link", { name: foundations.title.en }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: foundations.title.en })).toBeVisible();
  await page.getByRole("button", { name: en.course.enrol }).click();

  // Enrolling leads to the pre-test first; this learner skips it (recorded) and goes to lesson 1.
  await expect(page).toHaveURL(new RegExp(`/courses/${foundations.slug}/assessment/pretest$`));
  await page.getByRole("button", { name: en.quiz.skip }).click();

  // The first lesson: title, objectives, body, references.
  await expect(page).toHaveURL(new RegExp(`${lessonUrl(foundations.slug, first.key)}$`));
  await expect(page.getByRole("heading", { level: 1, name: first.versions.en.title })).toBeVisible();
  await expect(page.getByRole("heading", { name: en.lesson.objectives })).toBeVisible();
  await expect(page.getByText(first.versions.en.objectives[0]!)).toBeVisible();
  await expect(page.getByRole("heading", { name: en.lesson.references })).toBeVisible();

  // Knowledge check, graded on the server, with feedback and explanations afterwards.
  const check = first.check!;
  expect(await answerAll(page)).toBe(check.questions.length);
  await page.getByRole("button", { name: en.quiz.submit }).click();
  await expect(page).toHaveURL(/\?check=\d+#check$/);
  await expect(page.locator(".result-score")).toContainText(`of ${check.questions.length} correct`);
  await expect(page.getByText(check.questions[0]!.explanation.en)).toBeVisible();

  await page.getByRole("button", { name: en.lesson.markComplete }).click();
  await expect(page).toHaveURL(new RegExp(`${lessonUrl(foundations.slug, second.key)}$`));

  // Module quiz.
  await page.goto(`/courses/${foundations.slug}/${firstModule.slug}/quiz`);
  // A draw of questionsPerAttempt questions from the module's quiz file.
  expect(await answerAll(page)).toBe(questionsPerAttempt(firstModule.quiz!));
  await page.getByRole("button", { name: en.quiz.submit }).click();
  await expect(page).toHaveURL(/quiz\?attempt=\d+$/);
  await expect(page.getByRole("heading", { name: en.quiz.resultTitle })).toBeVisible();

  // Progress on the course page and the dashboard; "continue" points at the lesson opened last.
  await page.goto(`/courses/${foundations.slug}`);
  await expect(page.getByText(/\d+% complete/).first()).toBeVisible();
  await expect(page.locator(".lesson-list li.done").first()).toContainText(first.versions.en.title);
  await page.goto("/me");
  await expect(page.getByRole("progressbar").first()).toBeVisible();
  await page.getByRole("link", { name: en.me.continue }).click();
  await expect(page).toHaveURL(new RegExp(`${lessonUrl(foundations.slug, second.key)}$`));
});

test("a learner who chooses Lao gets the interface and the lesson in Lao", async ({ page }) => {
  await register(page, { email: uniqueEmail("lo"), name: "ສົມໃຈ ທົດສອບ", locale: "lo", t: lo });
  await expect(page.locator("html")).toHaveAttribute("lang", "lo");
  await expect(page.getByRole("heading", { level: 1, name: lo.me.title })).toBeVisible();

  await page.goto(`/courses/${foundations.slug}`);
  await expect(page.getByRole("heading", { level: 1, name: foundations.title.lo! })).toBeVisible();
  await page.getByRole("button", { name: lo.course.enrol }).click();
  await page.getByRole("button", { name: lo.quiz.skip }).click();
  await expect(page.getByRole("heading", { level: 1, name: first.versions.lo!.title })).toBeVisible();
  await expect(page.getByText(lo.lesson.draftTranslation)).toBeVisible();
  // Lao fonts are loaded only on Lao pages.
  await expect(page.locator('link[rel=stylesheet][href*="fonts-lo"]')).toHaveCount(1);

  await answerAll(page);
  await page.getByRole("button", { name: lo.quiz.submit }).click();
  await expect(page.locator(".result-score")).toBeVisible();
  await expect(page.getByText(first.check!.questions[0]!.explanation.lo!)).toBeVisible();
  await page.getByRole("button", { name: lo.lesson.markComplete }).click();
  await expect(page.getByRole("heading", { level: 1, name: second.versions.lo!.title })).toBeVisible();

  await page.goto("/me");
  await expect(page.getByRole("progressbar")).toHaveAttribute("value", /^[1-9]/);
});

test("a lesson without a Lao version is shown in English with a notice in Lao", async ({ page }) => {
  const c102 = (await import("./helpers")).catalog.bySlug.get("ilo-c102")!;
  const lesson = c102.lessons[0]!;
  await page.goto(`${lessonUrl(c102.slug, lesson.key)}?lng=lo`);
  await expect(page.locator("html")).toHaveAttribute("lang", "lo");
  await expect(page.getByRole("heading", { level: 1, name: lesson.versions.en.title })).toBeVisible();
  await expect(page.locator(".notice").first()).toContainText(lo.lesson.fallbackNotice.split("{{")[0]!.trim());
  await expect(page.locator("article.lesson")).toHaveAttribute("lang", "en");
});
