import { expect, test } from "@playwright/test";
import { en, login, register, uniqueEmail } from "./helpers";

test("GET /healthz answers 200 JSON after a database round trip", async ({ request }) => {
  const res = await request.get("/healthz");
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ status: "ok", db: "ok" });
});

// Two layers: React Router refuses a mismatched Origin itself (400) before any app code runs; our
// middleware refuses a POST with no Origin at all (403).
test("a POST from another origin, or with none, is refused and logs nobody in", async ({ request }) => {
  const noOrigin = await request.post("/login", {
    form: { email: "learner@example.org", password: "shp-demo-2026" },
    headers: { Origin: "" },
    maxRedirects: 0,
  });
  expect(noOrigin.status()).toBe(403);
  expect(noOrigin.headers()["set-cookie"] ?? "").not.toContain("shp_session=");
  const evil = await request.post("/login", {
    form: { email: "learner@example.org", password: "shp-demo-2026" },
    headers: { Origin: "https://evil.example" },
    maxRedirects: 0,
  });
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
  await expect(admin.locator(".alert-success")).toContainText("Demo Trainer");
});

test("anonymous visitors are sent to log in for progress pages and come back afterwards", async ({ page }) => {
  await page.goto("/me");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fme$/);
});

test("pages carry security headers and a nonce-based CSP, and still hydrate (client-side navigation works)", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  const res = await page.goto("/courses");
  const h = res!.headers();
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  const csp = h["content-security-policy"]!;
  expect(csp).toContain("frame-ancestors 'none'");
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  expect(csp).not.toContain("unsafe-inline");
  // Every inline script carries the nonce; a second load gets a different one.
  const html = await (await page.request.get("/courses", { headers: { Accept: "text/html" } })).text();
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1]!);
  expect(inline.length).toBeGreaterThan(0);
  for (const attrs of inline) expect(attrs).toMatch(/nonce="[^"]+"/);
  expect(html).not.toContain(`nonce="${nonce}"`);

  // Hydrated: a link click is handled by the router without a full page load.
  await page.waitForFunction(() => (window as unknown as { __reactRouterRouteModules?: object }).__reactRouterRouteModules !== undefined);
  await page.evaluate(() => ((window as unknown as { __stillHere: boolean }).__stillHere = true));
  await page.getByRole("link", { name: en.nav.glossary }).click();
  await expect(page.getByRole("heading", { level: 1, name: en.glossary.title })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __stillHere?: boolean }).__stillHere)).toBe(true);
  expect(violations).toEqual([]);
});

test("Lite mode: Save-Data: on, or the profile setting, serves pages with no script at all; forms still work", async ({ browser }) => {
  const saver = await browser.newContext({ extraHTTPHeaders: { "Save-Data": "on" } });
  const page = await saver.newPage();
  for (const url of ["/courses/shp-foundations", `/courses/shp-foundations/${(await import("./helpers")).foundations.lessons[0]!.key}`]) {
    await page.goto(url);
    await expect(page.locator("script")).toHaveCount(0);
    await expect(page.getByText(en.app.liteOn)).toBeVisible();
  }
  await saver.close();

  // The profile setting, without Save-Data (a plain form post).
  const context = await browser.newContext();
  const p2 = await context.newPage();
  await register(p2, { email: uniqueEmail("lite"), name: "Lite User" });
  await p2.goto("/me/profile");
  await p2.getByLabel(en.profile.lite).check();
  await p2.getByRole("button", { name: en.profile.save }).click();
  await expect(p2.getByRole("status")).toHaveText(en.profile.saved);
  await expect(p2.locator("script")).toHaveCount(0);
  await p2.goto("/courses");
  await expect(p2.locator("script")).toHaveCount(0);
  await context.close();
});
