import { expect, test, type Browser } from "@playwright/test";
import { DEMO_COHORT_ID } from "../../db/seed";
import { DEMO_PASSWORD, en, login, register, uniqueEmail } from "./helpers";

// Training evaluation without JavaScript: a participant answers the demo workshop's questionnaire
// (its sessions are over, so it is open), a trainer sees the results suppressed (fewer than 5
// responses), and the CSV is UTF-8 with a BOM.

async function noJsPage(browser: Browser) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  return { context, page: await context.newPage() };
}

test("a participant answers the workshop evaluation without JavaScript; a second answer is refused", async ({ browser }) => {
  test.setTimeout(120_000);
  const { context, page } = await noJsPage(browser);
  await register(page, { email: uniqueEmail("evaluation"), name: "Evaluation Participant" });
  await page.getByLabel(en.cohorts.me.joinCode).fill("NHKVTE26");
  await page.getByRole("button", { name: en.cohorts.join.button }).click();

  // /me lists the open questionnaire; the workshop page too.
  await page.goto("/me");
  const invites = page.getByTestId("evaluation-invites");
  await expect(invites).toContainText(en.evaluation.waiting);
  await page.goto(`/me/workshops/${DEMO_COHORT_ID}`);
  await page.getByTestId("workshop-evaluation").getByRole("link", { name: en.evaluation.answer.evaluation }).click();
  await expect(page.getByRole("heading", { level: 1, name: en.evaluation.kinds.evaluation })).toBeVisible();
  // The form says exactly what is recorded.
  await expect(page.getByText(en.evaluation.recorded.notRecorded)).toBeVisible();
  const url = page.url();

  // Sending it empty: translated errors, nothing stored.
  await page.getByRole("button", { name: en.evaluation.submit }).click();
  await expect(page.getByText(en.errors.fixBelow)).toBeVisible();
  await expect(page.getByText(en.evaluation.errors.required).first()).toBeVisible();

  const scale = (question: string, value: string) =>
    page
      .getByRole("group", { name: new RegExp(`^${question}`) })
      .getByLabel(value, { exact: true })
      .check();
  await scale(en.evaluation.questions.relevance, en.evaluation.scale["5"]);
  await scale(en.evaluation.questions.content, en.evaluation.scale["4"]);
  await scale(en.evaluation.questions.trainers, en.evaluation.scale["5"]);
  await scale(en.evaluation.questions.organisation, en.evaluation.scale["3"]);
  await scale(en.evaluation.questions.pace, en.evaluation.scale["4"]);
  await scale(en.evaluation.questions.overall, en.evaluation.scale["4"]);
  await page
    .getByRole("group", { name: new RegExp(`^${en.evaluation.questions.recommend.replace("?", "\\?")}`) })
    .getByLabel(en.evaluation.options.recommend.yes, { exact: true })
    .check();
  await page.getByLabel(new RegExp(`^${en.evaluation.questions.apply.replace("?", "\\?")}`)).fill("Costing the benefit package");
  await page.getByRole("button", { name: en.evaluation.submit }).click();
  await expect(page.getByRole("status")).toContainText("Thank you");
  await expect(page.getByRole("button", { name: en.evaluation.submit })).toHaveCount(0);

  // The workshop page now says it was answered; /me no longer lists it.
  await page.goto(`/me/workshops/${DEMO_COHORT_ID}`);
  await expect(page.getByTestId("workshop-evaluation")).toContainText("answered on");
  // /me no longer offers the evaluation; the follow-up (due three months after March 2026) is offered.
  await page.goto("/me");
  const title = "NHI claims management — Vientiane";
  await expect(page.getByTestId("evaluation-invites")).not.toContainText(en.evaluation.answerNamed.evaluation.replace("{{title}}", title));
  await expect(page.getByTestId("evaluation-invites")).toContainText(en.evaluation.answerNamed.followup.replace("{{title}}", title));

  // Posting the same form again (a second tab, a replay) is refused.
  const id = url.split("/").pop()!;
  const replay = await page.request.post(`/me/evaluations/${id}`, {
    form: { "q-relevance": "1", "q-content": "1", "q-trainers": "1", "q-organisation": "1", "q-pace": "1", "q-overall": "1", "q-recommend": "2" },
    headers: { Origin: new URL(url).origin },
  });
  expect(replay.status()).toBe(409);
  await context.close();
});

test("a trainer sees the workshop's results suppressed below the threshold, and the CSV starts with a BOM", async ({ browser }) => {
  const { context, page } = await noJsPage(browser);
  await page.goto("/login");
  await page.getByLabel(en.auth.email, { exact: true }).fill("trainer@example.org");
  await page.getByLabel(en.auth.password, { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: en.auth.loginButton }).click();

  // The cohort's evaluation tab: the questionnaire has opened, so its questions are locked.
  await page.goto(`/trainer/cohorts/${DEMO_COHORT_ID}/evaluation`);
  await expect(page.getByRole("heading", { level: 1, name: en.cohorts.tabs.evaluation })).toBeVisible();
  await expect(page.locator("[data-kind=evaluation]")).toContainText(en.evaluation.edit.locked);
  await page.locator("[data-kind=evaluation]").getByRole("link", { name: en.evaluation.edit.results }).click();

  await expect(page.getByRole("heading", { level: 1, name: en.evaluation.results.title })).toBeVisible();
  await expect(page.getByTestId("evaluation-suppressed")).toContainText(en.evaluation.results.suppressed.replace("{{threshold}}", "5"));
  // Nothing but counts: no table of answers, no comments.
  await expect(page.locator("table.report-table")).toHaveCount(0);

  const res = await page.request.get(`/reports/evaluations.csv?kind=evaluation&cohort=${DEMO_COHORT_ID}`);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  const body = await res.body();
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(body.toString("utf8")).toContain(en.evaluation.results.suppressed.replace("{{threshold}}", "5"));

  // The one-page summary prints.
  await page.goto(`/reports/evaluations/summary?kind=evaluation&cohort=${DEMO_COHORT_ID}`);
  await expect(page.getByRole("heading", { level: 1, name: en.evaluation.results.summaryTitle })).toBeVisible();
  await context.close();
});

test("learners may not open evaluation results; bad selections get a translated message", async ({ browser }) => {
  const learner = await browser.newPage();
  await login(learner, "learner@example.org");
  expect((await learner.goto("/reports/evaluations"))!.status()).toBe(403);
  expect((await learner.request.get("/reports/evaluations.csv")).status()).toBe(403);
  await learner.close();
  const admin = await browser.newPage();
  await login(admin, "admin@example.org");
  const res = await admin.goto("/reports/evaluations?kind=robot&course=%3Cscript%3E&cohort=nope");
  expect(res!.status()).toBe(200);
  await expect(admin.getByText(en.evaluation.results.errors.kind)).toBeVisible();
  await expect(admin.getByText(en.reports.errors.cohort)).toBeVisible();
  expect((await admin.goto("/me/evaluations/999999999"))!.status()).toBe(404);
  expect((await admin.goto("/me/evaluations/abc"))!.status()).toBe(404);
  await admin.close();
});
