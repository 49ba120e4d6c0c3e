import { expect, test } from "@playwright/test";
import type { Question } from "../../app/content/schema";
import { en, foundations, lessonUrl, login, optionInput, register, uniqueEmail } from "./helpers";

/** Strings that must never reach the browser before an attempt is submitted. */
function secretsOf(questions: { type: string; explanation: { en: string }; correct: unknown }[]) {
  return questions.map((q) => q.explanation.en.slice(0, 60));
}

test("answer keys and explanations never reach the browser before submission (HTML and route data)", async ({ page }) => {
  await login(page, "learner@example.org");
  const lesson = foundations.lessons[0]!;
  const module = foundations.modules[0]!;
  const url = lessonUrl(foundations.slug, lesson.key);

  const checks: { url: string; secrets: string[] }[] = [
    { url, secrets: secretsOf(lesson.check!.questions) },
    { url: `/courses/${foundations.slug}/${module.slug}/quiz`, secrets: secretsOf(module.quiz!.questions) },
  ];
  for (const c of checks) {
    const html = await (await page.request.get(c.url, { headers: { Accept: "text/html" } })).text();
    // Route data as fetched by client-side navigation (single fetch).
    const data = await (await page.request.get(`${c.url}.data`)).text();
    expect(html).toContain('name="q0"');
    for (const body of [html, data]) {
      expect(body).not.toMatch(/"correct"|"tolerance"|"explanation"|correctAnswer/);
      for (const s of c.secrets) expect(body).not.toContain(s);
    }
  }

  // The drawn final assessment: start an attempt, then inspect the page and its data.
  await page.goto(`/courses/${foundations.slug}/assessment/final`);
  await page.getByRole("button", { name: /start|try again|continue/i }).click();
  await expect(page.locator("form.quiz-form")).toBeVisible();
  const finalUrl = `/courses/${foundations.slug}/assessment/final`;
  const bank = foundations.modules.flatMap((m) => m.bank!.questions);
  const finalHtml = await (await page.request.get(finalUrl, { headers: { Accept: "text/html" } })).text();
  const finalData = await (await page.request.get(`${finalUrl}.data`)).text();
  expect(finalHtml).toContain('name="q0"');
  expect(finalData).toContain("prompt");
  for (const body of [finalHtml, finalData]) {
    expect(body).not.toMatch(/"correct"|"explanation"|correctAnswer/);
    for (const s of secretsOf(bank)) expect(body).not.toContain(s);
  }
});

test("a lesson's body is sent once on a document load, and as data on client navigation", async ({ page }) => {
  const lesson = foundations.lessons[0]!;
  const url = lessonUrl(foundations.slug, lesson.key);
  const html = await (await page.request.get(url, { headers: { Accept: "text/html", "Sec-Fetch-Dest": "document" } })).text();
  // The Summary box appears once: the body is in the HTML and not repeated in the hydration data.
  expect(html.split("box-summary").length - 1).toBe(1);
  const data = await (await page.request.get(`${url}.data`)).text();
  expect(data).toContain("box-summary");
});

test("the result page of a failed attempt that is not the last carries no key or explanation (HTML and route data)", async ({ page }) => {
  await register(page, { email: uniqueEmail("keys-result"), name: "Result Reader" });
  const module = foundations.modules[0]!;
  const quizUrl = `/courses/${foundations.slug}/${module.slug}/quiz`;
  const finalUrl = `/courses/${foundations.slug}/assessment/final`;
  const bank = foundations.modules.flatMap((m) => m.bank!.questions);

  // Every question answered wrongly on purpose (found by its prompt), so the attempt fails.
  async function answerWrongly(questions: Question[]) {
    const items = page.locator("form.quiz-form li.question");
    await items.first().waitFor();
    const n = await items.count();
    for (let i = 0; i < n; i++) {
      const q = items.nth(i);
      const prompt = (await q.locator(".question-prompt").innerText()).trim();
      const question = questions.find((b) => b.prompt.en.trim() === prompt)!;
      expect(question, prompt).toBeTruthy();
      if (question.type === "numeric") await q.locator("input[type=text]").fill(String(question.correct + question.tolerance + 1000));
      else if (question.type === "truefalse") await q.locator(`input[value="${String(!question.correct)}"]`).check();
      else
        await optionInput(
          q,
          question.options.find((o) => !(question.type === "single" ? [question.correct] : question.correct).includes(o.id))!.text.en,
        ).check();
    }
    await page.getByRole("button", { name: en.quiz.submit }).click();
    await expect(page).toHaveURL(/\?attempt=\d+$/);
    await expect(page.getByText(en.quiz.notPassed.split(" —")[0]!)).toBeVisible();
  }

  async function expectNoKeys(url: string, secrets: string[]) {
    const [path, query] = url.split("?");
    const html = await (await page.request.get(url, { headers: { Accept: "text/html" } })).text();
    const data = await (await page.request.get(`${path}.data?${query}`)).text();
    expect(html).toContain(en.quiz.incorrect);
    for (const body of [html, data]) {
      expect(body).not.toMatch(/correctAnswer|"explanation"|"tolerance"/);
      for (const s of secrets) expect(body).not.toContain(s);
    }
  }

  await page.goto(quizUrl);
  await answerWrongly(module.quiz!.questions);
  await expectNoKeys(new URL(page.url()).pathname + new URL(page.url()).search, secretsOf(module.quiz!.questions));

  await page.goto(finalUrl);
  await page.getByRole("button", { name: en.quiz.start }).click();
  await answerWrongly(bank);
  await expectNoKeys(new URL(page.url()).pathname + new URL(page.url()).search, secretsOf(bank));
});
