import { expect, test } from "@playwright/test";
import { foundations, lessonUrl, login } from "./helpers";

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
