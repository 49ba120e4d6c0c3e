import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Locator, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { loadCatalog } from "../../app/content/catalog.server";
import en from "../../app/locales/en";
import lo from "../../app/locales/lo";

export { en, lo };
export const catalog = loadCatalog(path.resolve("content"));
export const foundations = catalog.bySlug.get("shp-foundations")!;
export const DEMO_PASSWORD = "shp-demo-2026";

let counter = 0;
export function uniqueEmail(tag: string) {
  return `${tag}-${Date.now()}-${process.pid}-${counter++}@example.org`;
}

export function lessonUrl(courseSlug: string, key: string) {
  return `/courses/${courseSlug}/${key}`;
}

export async function register(page: Page, opts: { email: string; name: string; locale?: "en" | "lo" | "vi" | "km" | "th"; t?: typeof en }) {
  const t = opts.t ?? en;
  await page.goto(`/register${opts.locale && opts.locale !== "en" ? `?lng=${opts.locale}` : ""}`);
  await page.getByLabel(t.auth.email, { exact: true }).fill(opts.email);
  await page.getByLabel(t.auth.password, { exact: true }).fill("a-strong-password-1");
  await page.getByLabel(t.auth.name, { exact: true }).fill(opts.name);
  await page.getByLabel(t.auth.country, { exact: true }).selectOption("LA");
  await page.getByLabel(t.auth.organisation, { exact: true }).fill("Ministry of Health");
  await page.getByLabel(t.auth.jobTitle, { exact: true }).fill("Officer");
  await page.getByLabel(t.auth.constituentGroup, { exact: true }).selectOption("government");
  await page.getByLabel(t.auth.sex, { exact: true }).selectOption("woman");
  await page.getByLabel(t.auth.preferredLanguage, { exact: true }).selectOption(opts.locale ?? "en");
  await page.getByRole("button", { name: t.auth.registerButton }).click();
  await expect(page).toHaveURL(/\/me$/);
}

export async function login(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel(en.auth.email, { exact: true }).fill(email);
  await page.getByLabel(en.auth.password, { exact: true }).fill(password);
  await page.getByRole("button", { name: en.auth.loginButton }).click();
  // Learners land on /me, trainers on /trainer, admins on /admin/users.
  await expect(page).toHaveURL(/\/(me|trainer|admin\/users)$/);
}

/** Answers every question of the quiz form on the page: first option, "true", or a number. */
export async function answerAll(page: Page, formSelector = "form.quiz-form") {
  const form = page.locator(formSelector).first();
  const questions = form.locator("li.question");
  // count() does not wait: make sure the form has arrived (a no-JS page may still be streaming).
  await form.locator("button[type=submit]").waitFor();
  const n = await questions.count();
  for (let i = 0; i < n; i++) {
    const q = questions.nth(i);
    const choice = q.locator("input[type=radio], input[type=checkbox]").first();
    if (await choice.count()) await choice.check();
    else await q.locator("input[type=text]").fill("100");
  }
  return n;
}

/**
 * The input of the option of a question (li.question) that shows exactly this text. Choice values
 * are positions in the attempt's shuffled order, so tests pick options by what the learner reads.
 */
export function optionInput(question: Locator, text: string) {
  return question
    .locator("label.choice")
    .filter({ has: question.page().getByText(text.trim(), { exact: true }) })
    .locator("input");
}

/** The e2e server's database file (tests/e2e/serve.mjs), for seeding what the UI would take long to build. */
export const E2E_DB_FILE = path.resolve(`.e2e-${process.env.E2E_PORT ?? "3100"}`, "app.db");

/**
 * Seeds a learner's progress straight into the e2e server's database, to keep the test short:
 * every lesson but the last completed, and a passed final assessment. The last lesson is then
 * completed through the UI, which is what issues the certificate.
 */
export function seedAllButLastLesson(email: string, opts: { lastLesson?: boolean; final?: boolean } = {}) {
  const db = new Database(E2E_DB_FILE);
  db.pragma("busy_timeout = 5000");
  try {
    const user = db.prepare("select id from users where email = ?").get(email) as { id: string };
    const now = Date.now();
    db.transaction(() => {
      db.prepare("insert or ignore into enrolments (user_id, course_slug) values (?, ?)").run(user.id, foundations.slug);
      const lesson = db.prepare("insert into lesson_progress (user_id, course_slug, lesson_key, completed_at, last_seen_at) values (?, ?, ?, ?, ?)");
      for (const l of opts.lastLesson ? foundations.lessons : foundations.lessons.slice(0, -1)) lesson.run(user.id, foundations.slug, l.key, now, now);
      if (opts.final !== false)
        db.prepare(
          "insert into quiz_attempts (user_id, course_slug, quiz_key, questions, answers, score, max_score, percent, passed, started_at, submitted_at) values (?, ?, 'final', '[]', '{}', 15, 15, 100, 1, ?, ?)",
        ).run(user.id, foundations.slug, now, now);
    })();
  } finally {
    db.close();
  }
}

/** Axe on the page: no serious or critical violation. */
export async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}
