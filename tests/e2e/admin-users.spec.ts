import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, en, login, register, uniqueEmail } from "./helpers";

test("admin users list: 50 a page with figures, filters kept after an action (the role change acts on the right person), CSV of the filtered list", async ({
  page,
}) => {
  await login(page, "admin@example.org");
  await expect(page).toHaveURL(/\/admin\/users$/); // admins land on their workspace
  // Paging is checked on the demo's synthetic accounts: other tests register people in parallel,
  // which moved the unfiltered total between page 1 and page 2.
  await page.goto("/admin/users?q=demo.shp-campus.invalid");
  const figures = page.locator(".list-figures");
  const first = (await figures.textContent())!;
  const total = Number(first.match(/of ([\d,]+)/)![1]!.replace(/,/g, ""));
  expect(total).toBeGreaterThan(50); // the demo's synthetic learners and accounts
  expect(first).toContain(`1–50 of ${total}`);
  await expect(page.locator("tbody tr")).toHaveCount(50);
  await page.getByRole("link", { name: en.admin.nextPage }).click();
  await expect(figures).toContainText(`51–${Math.min(100, total)} of ${total}`);
  await expect(page.locator("tbody tr")).toHaveCount(Math.min(100, total) - 50);
  await expect(page).toHaveURL(/page=2/);

  // Filter by role: only trainers, then change a role: the same filtered view comes back.
  await page.goto("/admin/users?q=example.org&role=trainer");
  await expect(page.locator("tbody tr[data-user='trainer@example.org']")).toHaveCount(1);
  const rows = await page.locator("tbody tr").count();
  await page.getByLabel("Role: Demo Trainer").selectOption("trainer");
  await page.getByRole("button", { name: new RegExp(`^${en.admin.changeRole}\\s*: Demo Trainer$`) }).click();
  await expect(page).toHaveURL(/q=example.org&role=trainer/);
  await expect(page.getByLabel(en.admin.search)).toHaveValue("example.org");
  await expect(page.locator("tbody tr")).toHaveCount(rows);
  await expect(page.getByRole("status").first()).toContainText("Demo Trainer");

  // CSV of the filtered list.
  const csv = await page.request.get("/admin/users.csv?role=trainer");
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const text = await csv.text();
  expect(text).toContain("trainer@example.org");
  expect(text).not.toContain("learner@example.org");
});

test("an admin deactivates an account: its session ends, sign-in is refused with a clear message, reactivation restores it", async ({ browser }) => {
  test.setTimeout(120_000);
  const email = uniqueEmail("deact");
  const learnerCtx = await browser.newContext({ javaScriptEnabled: false });
  const learner = await learnerCtx.newPage();
  await register(learner, { email, name: "Deactivated Person" });

  const adminCtx = await browser.newContext({ javaScriptEnabled: false });
  const admin = await adminCtx.newPage();
  await login(admin, "admin@example.org");
  await admin.goto(`/admin/users?q=${encodeURIComponent(email)}`);
  await admin.getByRole("button", { name: new RegExp(`^${en.admin.deactivate}\\s*: Deactivated Person$`) }).click();
  await expect(admin.getByText(en.admin.deactivated.replace("{{name}}", "Deactivated Person"))).toBeVisible();
  await expect(admin).toHaveURL(new RegExp(`q=${encodeURIComponent(email).replace(/\./g, "\\.")}`));

  // The open session is gone.
  await learner.goto("/me");
  await expect(learner).toHaveURL(/\/login\?redirectTo=%2Fme$/);
  await learner.getByLabel(en.auth.email, { exact: true }).fill(email);
  await learner.getByLabel(en.auth.password, { exact: true }).fill("a-strong-password-1");
  await learner.getByRole("button", { name: en.auth.loginButton }).click();
  await expect(learner.getByText(en.auth.deactivated)).toBeVisible();
  // A wrong password still gets the usual answer (nothing revealed to someone without it).
  await learner.getByLabel(en.auth.password, { exact: true }).fill("not-the-password");
  await learner.getByRole("button", { name: en.auth.loginButton }).click();
  await expect(learner.getByText(en.auth.invalidCredentials)).toBeVisible();

  await admin.getByRole("button", { name: new RegExp(`^${en.admin.reactivate}\\s*: Deactivated Person$`) }).click();
  await expect(admin.getByText(en.admin.reactivated.replace("{{name}}", "Deactivated Person"))).toBeVisible();
  await learner.getByLabel(en.auth.password, { exact: true }).fill("a-strong-password-1");
  await learner.getByRole("button", { name: en.auth.loginButton }).click();
  await expect(learner).toHaveURL(/\/me$/);
  await learnerCtx.close();
  await adminCtx.close();
  expect(DEMO_PASSWORD).toBeTruthy();
});
