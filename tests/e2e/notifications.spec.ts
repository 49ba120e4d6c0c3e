import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { en, login, register, uniqueEmail } from "./helpers";

// Everything here works as plain HTML forms.
test.use({ javaScriptEnabled: false });

const n = en.notifications;
const outbox = path.resolve(`.e2e-${process.env.E2E_PORT ?? "3100"}`, "outbox");

/** The .eml files in the server's outbox that are addressed to `email`. */
function mailsTo(email: string): string[] {
  if (!fs.existsSync(outbox)) return [];
  return fs
    .readdirSync(outbox)
    .filter((f) => f.endsWith(".eml"))
    .map((f) => fs.readFileSync(path.join(outbox, f), "utf8"))
    .filter((m) => m.includes(`To: ${email}`));
}

test("an announcement reaches a participant in the header, on /me/notifications and by e-mail with a working one-click unsubscribe", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  // A new participant joins the demo workshop with its code.
  const email = uniqueEmail("notify");
  await register(page, { email, name: "Notified Person" });
  await page.goto("/join/NHKVTE26");
  await page.getByRole("button", { name: en.cohorts.join.button, exact: true }).click();
  await expect(page).not.toHaveURL(/\/join\//);

  // The trainer posts an announcement.
  const trainer = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await login(trainer, "trainer@example.org");
  const title = `Room change ${Date.now()}`;
  for (const t of [title, `${title} (again)`]) {
    await trainer.goto("/trainer/cohorts/demo-nhi-claims-vientiane/announcements");
    await trainer.getByLabel(en.cohorts.announcements.titleField).fill(t);
    await trainer.getByLabel(en.cohorts.announcements.body).fill("We meet in room 204.");
    await trainer.getByRole("button", { name: en.cohorts.announcements.post }).click();
    await expect(trainer.getByText(en.cohorts.announcements.posted)).toBeVisible();
  }

  // The participant's list shows both announcements unread. The demo workshop has ended, so its
  // evaluation request may also arrive (from the job runner): count what the list shows.
  await page.goto("/me/notifications");
  await expect(page.getByRole("heading", { level: 1, name: n.title })).toBeVisible();
  await expect(page.locator("li.notification.unread").filter({ hasText: title })).toHaveCount(2);
  const unread = await page.locator("li.notification.unread").count();
  // The header shows that count, server-rendered.
  await page.goto("/courses");
  const bell = page.locator("a.header-notifications");
  await expect(bell).toHaveAttribute("aria-label", n.header_other.replace("{{shown}}", String(unread)));
  await expect(bell.locator(".count")).toHaveText(String(unread));
  await bell.click();
  await expect(page.getByRole("heading", { level: 1, name: n.title })).toBeVisible();
  const item = page.locator("li.notification.unread").filter({ hasText: `${title} (again)` });
  // Opening one marks it read and leads to the workshop page.
  await item.getByRole("button", { name: n.open }).click();
  await expect(page).toHaveURL(/\/me\/workshops\/demo-nhi-claims-vientiane$/);
  await expect(page.locator("a.header-notifications .count")).toHaveText(String(unread - 1));
  // Mark all as read.
  await page.goto("/me/notifications");
  await page.getByRole("button", { name: n.markAllRead }).click();
  await expect(page.getByText(n.allRead)).toBeVisible();
  await expect(page.locator("li.notification.unread")).toHaveCount(0);
  await expect(page.locator("a.header-notifications")).toHaveAttribute("aria-label", n.header_zero);

  // The e-mails: written to the outbox by the job runner, with List-Unsubscribe headers (RFC 8058).
  const announcementMails = () => mailsTo(email).filter((m) => m.replace(/=\r?\n/g, "").includes("We meet in room 204."));
  await expect.poll(() => announcementMails().length, { timeout: 30_000 }).toBe(2);
  const mail = announcementMails()[0]!;
  expect(mail).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
  const unsubscribeUrl = mail.match(/List-Unsubscribe:\s+<([^>\s]+)>/)![1]!;
  const unsubscribePath = new URL(unsubscribeUrl).pathname;

  // A mail provider's one-click POST carries no Origin and no cookie, and works.
  const oneClick = await page.request.fetch(unsubscribePath, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: "" },
    data: "List-Unsubscribe=One-Click",
  });
  expect(oneClick.status()).toBe(200);

  // The preferences page shows announcements off; turning them on again is a plain form.
  await page.goto("/me/notifications/settings");
  const announcements = page.getByLabel(n.kinds.announcement.name);
  await expect(announcements).not.toBeChecked();
  await expect(page.getByLabel(n.kinds["certificate-issued"].name)).toBeChecked();
  await announcements.check();
  await page.getByRole("button", { name: n.prefs.save }).click();
  await expect(page.getByText(n.prefs.saved)).toBeVisible();
  await expect(page.getByLabel(n.kinds.announcement.name)).toBeChecked();

  // The link itself: a confirmation page (GET changes nothing), then the button.
  const visitor = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await visitor.goto(unsubscribePath);
  await expect(visitor.getByText(n.unsubscribe.confirm.replace("{{kind}}", n.kinds.announcement.name))).toBeVisible();
  await page.reload();
  await expect(page.getByLabel(n.kinds.announcement.name)).toBeChecked();
  await visitor.getByRole("button", { name: n.unsubscribe.button }).click();
  await expect(visitor.getByText(n.unsubscribe.done.replace("{{kind}}", n.kinds.announcement.name))).toBeVisible();
  await page.reload();
  await expect(page.getByLabel(n.kinds.announcement.name)).not.toBeChecked();
});
