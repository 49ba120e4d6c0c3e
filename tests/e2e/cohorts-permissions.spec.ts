import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { DEMO_PASSWORD, uniqueEmail } from "./helpers";

// Walks EVERY trainer-workspace route (each loader with GET, each action with POST) as a learner,
// as a trainer who does not run the cohort, as the cohort's own trainer and as an admin, and checks
// the status codes. Actions are sent empty or invalid so that even allowed ones change nothing.

const COHORT = "demo-nhi-claims-vientiane";
const SESSION = `${COHORT}-day-1`;
const base = `/trainer/cohorts/${COHORT}`;

async function apiContext(baseURL: string) {
  return playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL }, maxRedirects: 0 });
}

async function logIn(ctx: APIRequestContext, email: string, password = DEMO_PASSWORD) {
  const res = await ctx.post("/login", { form: { email, password } });
  expect(res.status(), `login ${email}`).toBe(302);
}

function userIdFromAdminPage(html: string): string {
  const m = html.match(/name="userId" value="([^"]+)"/);
  if (!m) throw new Error("no user on the admin page");
  return m[1]!;
}

test("every trainer route answers 403/404 where forbidden and works for the cohort's trainers and admins", async ({ baseURL }) => {
  test.setTimeout(90_000);
  const origin = baseURL!;
  const anonymous = await apiContext(origin);
  const learner = await apiContext(origin);
  const lead = await apiContext(origin);
  const admin = await apiContext(origin);
  const otherTrainer = await apiContext(origin);
  await logIn(learner, "learner@example.org");
  await logIn(lead, "trainer@example.org");
  await logIn(admin, "admin@example.org");

  // Another trainer: a fresh account promoted by the admin.
  const otherEmail = uniqueEmail("other-trainer");
  const reg = await otherTrainer.post("/register", {
    form: {
      email: otherEmail,
      password: "another-password-1",
      name: "Other Trainer",
      country: "VN",
      organisation: "",
      jobTitle: "",
      constituentGroup: "government",
      sex: "man",
      locale: "en",
    },
  });
  expect(reg.status()).toBe(302);
  const otherId = userIdFromAdminPage(await (await admin.get(`/admin/users?q=${encodeURIComponent(otherEmail)}`)).text());
  expect((await admin.post("/admin/users", { form: { userId: otherId, role: "trainer" } })).status()).toBe(302);
  await logIn(otherTrainer, otherEmail, "another-password-1");
  const learnerId = userIdFromAdminPage(await (await admin.get("/admin/users?q=learner%40example.org")).text());

  const cohortGets = [
    base,
    `${base}/participants`,
    `${base}/participants/import`,
    `${base}/schedule`,
    `${base}/schedule/${SESSION}`,
    `${base}/attendance`,
    `${base}/attendance/${SESSION}`,
    `${base}/attendance/${SESSION}/sheet`,
    `${base}/gradebook`,
    `${base}/gradebook/${learnerId}`,
    `${base}/gradebook.csv`,
    `${base}/announcements`,
    `${base}/settings`,
  ];
  // Each action with a body that is refused or changes nothing, and the status an allowed user gets.
  const cohortPosts: { path: string; form: Record<string, string>; allowed: number }[] = [
    { path: `${base}/participants`, form: { intent: "remove" }, allowed: 400 },
    { path: `${base}/participants/import`, form: { intent: "nothing" }, allowed: 400 },
    { path: `${base}/schedule`, form: { intent: "session", title: "" }, allowed: 400 },
    { path: `${base}/schedule/${SESSION}`, form: { intent: "session", title: "" }, allowed: 400 },
    { path: `${base}/attendance/${SESSION}`, form: {}, allowed: 302 },
    { path: `${base}/announcements`, form: { intent: "post", title: "" }, allowed: 400 },
    { path: `${base}/settings`, form: { intent: "save", title: "" }, allowed: 400 },
  ];

  const check = async (who: string, ctx: APIRequestContext, method: "GET" | "POST", path: string, expected: number, form?: Record<string, string>) => {
    const res = method === "GET" ? await ctx.get(path) : await ctx.post(path, { form: form ?? {} });
    expect(res.status(), `${who} ${method} ${path}`).toBe(expected);
    if (expected === 302 && who === "anonymous") expect(res.headers().location).toMatch(/^\/login\?redirectTo=/);
  };

  // The workspace home and the new-cohort page: trainers and admins only.
  for (const [who, ctx, status] of [
    ["anonymous", anonymous, 302],
    ["learner", learner, 403],
    ["other trainer", otherTrainer, 200],
    ["lead", lead, 200],
    ["admin", admin, 200],
  ] as const) {
    await check(who, ctx, "GET", "/trainer", status);
    await check(who, ctx, "GET", "/trainer/cohorts/new", status);
    await check(who, ctx, "POST", "/trainer/cohorts/new", status === 200 ? 400 : status, { title: "" });
  }

  for (const path of cohortGets) {
    await check("anonymous", anonymous, "GET", path, 302);
    await check("learner", learner, "GET", path, 403);
    await check("other trainer", otherTrainer, "GET", path, 403);
    await check("lead", lead, "GET", path, 200);
    await check("admin", admin, "GET", path, 200);
    // An unknown cohort: 404 for trainers and admins, 403 for learners.
    const unknown = path.replace(COHORT, "no-such-cohort");
    await check("learner", learner, "GET", unknown, 403);
    await check("other trainer", otherTrainer, "GET", unknown, 404);
    await check("admin", admin, "GET", unknown, 404);
  }
  for (const { path, form, allowed } of cohortPosts) {
    await check("anonymous", anonymous, "POST", path, 302, form);
    await check("learner", learner, "POST", path, 403, form);
    await check("other trainer", otherTrainer, "POST", path, 403, form);
    await check("lead", lead, "POST", path, allowed, form);
    await check("admin", admin, "POST", path, allowed, form);
    await check("other trainer", otherTrainer, "POST", path.replace(COHORT, "no-such-cohort"), 404, form);
  }
  // Sessions and participants of the cohort only: a made-up session id is a 404 even for the lead.
  await check("lead", lead, "GET", `${base}/schedule/not-a-session`, 404);
  await check("lead", lead, "GET", `${base}/attendance/not-a-session/sheet`, 404);
  await check("lead", lead, "GET", `${base}/gradebook/not-a-member`, 404);

  for (const ctx of [anonymous, learner, lead, admin, otherTrainer]) await ctx.dispose();
});
