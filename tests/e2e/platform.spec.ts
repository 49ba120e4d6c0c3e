import { expect, test } from "@playwright/test";
import { en, login } from "./helpers";

test("GET /healthz answers 200 JSON after a database round trip", async ({ request }) => {
  const res = await request.get("/healthz");
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ status: "ok", db: "ok" });
});

// Two layers: React Router refuses a mismatched Origin itself (400) before any app code runs; our
// middleware refuses a POST with no Origin at all (403).
test("a POST from another origin, or with none, is refused and logs nobody in", async ({ request }) => {
  const noOrigin = await request.post("/login", { form: { email: "learner@example.org", password: "shp-demo-2026" }, headers: { Origin: "" }, maxRedirects: 0 });
  expect(noOrigin.status()).toBe(403);
  expect(noOrigin.headers()["set-cookie"] ?? "").not.toContain("shp_session=");
  const evil = await request.post("/login", { form: { email: "learner@example.org", password: "shp-demo-2026" }, headers: { Origin: "https://evil.example" }, maxRedirects: 0 });
  expect([400, 403]).toContain(evil.status());
  expect(evil.headers()["set-cookie"] ?? "").not.toContain("shp_session=");
});

test("bad registration input gets translated field errors and a 400, not a 500", async ({ page }) => {
  await page.goto("/register?lng=lo");
  const res = page.waitForResponse((r) => r.request().method() === "POST");
  await page.locator("form.stack button[type=submit]").click();
  expect((await res).status()).toBe(400);
  await expect(page.locator(".error-text").first()).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "lo");
});

test("wrong password: one message, no hint whether the account exists", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel(en.auth.email, { exact: true }).fill("nobody@example.org");
  await page.getByLabel(en.auth.password, { exact: true }).fill("wrong-password");
  await page.getByRole("button", { name: en.auth.loginButton }).click();
  await expect(page.getByRole("alert")).toHaveText(en.auth.invalidCredentials);
});

test("roles: a learner gets 403 at /admin/users; an admin can change a role", async ({ browser }) => {
  const learner = await browser.newPage();
  await login(learner, "learner@example.org");
  const res = await learner.goto("/admin/users");
  expect(res?.status()).toBe(403);
  const admin = await browser.newPage();
  await login(admin, "admin@example.org");
  await admin.goto("/admin/users?q=trainer%40example.org");
  await admin.getByLabel(/Role: Demo Trainer/).selectOption("trainer");
  await admin.getByRole("button", { name: en.admin.changeRole }).click();
  await expect(admin.getByRole("status")).toContainText("Demo Trainer");
});

test("anonymous visitors are sent to log in for progress pages and come back afterwards", async ({ page }) => {
  await page.goto("/me");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fme$/);
});
