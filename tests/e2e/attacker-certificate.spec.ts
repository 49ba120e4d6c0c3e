import { expect, test, type APIRequestContext } from "@playwright/test";
import { MODULE_QUIZ_REVEAL_AFTER } from "../../app/learning/freshness";
import { en, foundations, lessonUrl, register, uniqueEmail } from "./helpers";

/*
 * The done-when script of the certificates-integrity issue: a scripted attacker with a fresh account
 * tries every shortcut found when the platform was tried as a new learner would — blank and
 * guessed pre-test, final and module quiz attempts, lessons "completed" by POST without opening
 * them — and must neither get a certificate nor learn a key or an explanation from the result page
 * of a failed attempt that is not the last.
 */

const course = foundations;
const base = `/courses/${course.slug}`;
const bank = course.modules.flatMap((m) => m.bank!.questions);
const module = course.modules[0]!;
const explanations = [...bank, ...module.quiz!.questions].map((q) => q.explanation.en.slice(0, 60));

type Client = { request: APIRequestContext; origin: string };

async function post(c: Client, url: string, form: Record<string, string>) {
  return c.request.post(url, { form, headers: { Origin: c.origin }, maxRedirects: 0 });
}

/** The open attempt on a quiz page: its id and, per question, a guess (the first option shown, or 1). */
function readForm(html: string): { attemptId: string; guesses: Record<string, string> } {
  const attemptId = /name="attemptId" value="(\d+)"/.exec(html)?.[1];
  expect(attemptId, "an open attempt on the page").toBeTruthy();
  const n = html.split('class="question"').length - 1;
  expect(n).toBeGreaterThan(0);
  const guesses: Record<string, string> = {};
  for (let i = 0; i < n; i++) {
    const choice = new RegExp(`type="(?:radio|checkbox)" name="q${i}" value="([^"]*)"`).exec(html);
    guesses[`q${i}`] = choice ? choice[1]! : "1";
  }
  return { attemptId: attemptId!, guesses };
}

/** A result page (HTML and the route's .data) must carry no key and no explanation. */
async function expectNothingLearned(c: Client, url: string) {
  const [path, query] = url.split("?");
  const html = await (await c.request.get(url, { headers: { Accept: "text/html" } })).text();
  const data = await (await c.request.get(`${path}.data?${query}`)).text();
  expect(html).toContain(en.quiz.resultTitle);
  for (const body of [html, data]) {
    expect(body).not.toMatch(/correctAnswer|"explanation"|"tolerance"/);
    for (const s of explanations) expect(body).not.toContain(s);
  }
  expect(html).not.toContain(`${en.quiz.correctAnswer}:`);
  expect(html).not.toContain(`${en.quiz.explanation}:`);
  return { html, data };
}

/** Starts (if needed) and submits an attempt: blank first (refused, nothing graded), then guessed. */
async function blankThenGuess(c: Client, page: string, start: boolean) {
  if (start) expect((await post(c, page, { intent: "start" })).status()).toBe(302);
  const { attemptId, guesses } = readForm(await (await c.request.get(page)).text());
  const blank = await post(c, page, { intent: "submit", attemptId });
  expect(blank.status()).toBe(400);
  expect(await blank.text()).toContain(en.quiz.unanswered.split(".")[0]!);
  // One answer of many is refused just the same.
  const one = await post(c, page, { intent: "submit", attemptId, q0: guesses.q0! });
  expect(one.status()).toBe(400);
  const res = await post(c, page, { intent: "submit", attemptId, ...guesses });
  expect(res.status()).toBe(302);
  const location = res.headers().location!;
  expect(location).toMatch(/\?attempt=\d+$/);
  return location;
}

test("a scripted attacker cannot get a certificate and learns no key or explanation from a failed, non-final attempt", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  await register(page, { email: uniqueEmail("attacker"), name: "Scripted Attacker" });
  const c: Client = { request: page.request, origin: baseURL! };

  // Enrolling leads to the pre-test.
  const enrol = await post(c, base, {});
  expect(enrol.headers().location).toBe(`${base}/assessment/pretest`);

  // Pre-test: blank, then guessed. Its result shows the score only: not even which were wrong.
  const pretestResult = await blankThenGuess(c, `${base}/assessment/pretest`, true);
  const pre = await expectNothingLearned(c, pretestResult);
  expect(pre.html).not.toMatch(/is-correct|is-incorrect/);
  expect(pre.data).not.toMatch(/"correct"/);

  // Every lesson "completed" by a bare POST, never opened: refused, with a translated message.
  for (const lesson of course.lessons) {
    const res = await post(c, lessonUrl(course.slug, lesson.key), { intent: "complete", then: "next" });
    expect(res.status()).toBe(400);
    expect(await res.text()).toContain(en.lesson.notVisited);
  }

  // Module quiz: opening it draws an attempt; blank and guessed submissions; a failed attempt
  // before the reveal count shows which were wrong, never the keys.
  const quizPage = `${base}/${module.slug}/quiz`;
  for (let i = 0; i < MODULE_QUIZ_REVEAL_AFTER - 1; i++) {
    const result = await blankThenGuess(c, quizPage, false);
    const { html } = await expectNothingLearned(c, result);
    if (html.includes(en.quiz.passed)) break;
  }

  // The final, every attempt: blank (refused), then guessed. Failed attempts that are not the last
  // show no key and no explanation.
  const finalPage = `${base}/assessment/final`;
  const max = course.assessment.maxAttempts;
  let failedNotLast = 0;
  for (let i = 0; i < max; i++) {
    const result = await blankThenGuess(c, finalPage, true);
    if (i < max - 1) {
      const { html } = await expectNothingLearned(c, result);
      if (html.includes(en.quiz.notPassed.split(" —")[0]!)) failedNotLast++;
    }
  }
  // Guessing the first option shown passes a 15-question final with a probability below 0.1%.
  expect(failedNotLast).toBeGreaterThan(0);
  // The pre-test closed when the final started.
  expect((await post(c, `${base}/assessment/pretest`, { intent: "start" })).status()).toBe(400);

  // No certificate: not on the course page, not among the learner's certificates.
  const coursePage = await (await c.request.get(base)).text();
  expect(coursePage).not.toContain('<li class="done">');
  expect(coursePage).not.toContain(en.certificates.issued);
  const mine = await (await c.request.get("/me/certificates")).text();
  expect(mine).not.toContain(course.title.en);
});
