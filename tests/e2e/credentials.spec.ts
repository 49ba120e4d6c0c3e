import { randomBytes, randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { decodeList } from "@digitalbazaar/vc-bitstring-status-list";
import Database from "better-sqlite3";
import { E2E_DB_FILE, en, expectNoSeriousViolations, login } from "./helpers";
import { formatCode } from "../../app/certificates/codes";

// Credentials any verifier accepts (ADR 0021): eddsa-rdfc-2022 by did:web, a Bitstring Status List
// entry, checks on the server, and "verify this file".
const HOLDER = "ສົມສະໄໝ ພົມມະຈັນ";

/** A certificate for the demo learner, written straight into the e2e database (no status entry yet: it is given one on first use). */
function seedCertificate(): string {
  const db = new Database(E2E_DB_FILE);
  db.pragma("busy_timeout = 5000");
  try {
    const user = db.prepare("select id from users where email = 'learner@example.org'").get() as { id: string };
    const code = formatCode(randomBytes(10));
    db.prepare(
      "insert into certificates (code, user_id, course_slug, holder_name, locale, achieved_on, issued_at, achievement_key) values (?, ?, 'shp-foundations', ?, 'lo', ?, ?, ?)",
    ).run(code, user.id, HOLDER, Date.now() - 86_400_000, Date.now() - 3_600_000, `e2e:${randomUUID()}`);
    return code;
  } finally {
    db.close();
  }
}

async function statusBit(request: APIRequestContext, credential: { credentialStatus: { statusListCredential: string; statusListIndex: string } }) {
  const url = new URL(credential.credentialStatus.statusListCredential);
  const res = await request.get(url.pathname);
  expect(res.status()).toBe(200);
  const list = await res.json();
  expect(list.type).toContain("BitstringStatusListCredential");
  expect(list.proof.cryptosuite).toBe("eddsa-rdfc-2022");
  const bits = await decodeList({ encodedList: list.credentialSubject.encodedList });
  expect(bits.length).toBeGreaterThanOrEqual(131_072);
  return bits.getStatus(Number(credential.credentialStatus.statusListIndex));
}

test("an admin revokes a certificate: the verify page's checks and the status list both say so", async ({ browser }) => {
  const code = seedCertificate();
  const visitor = await browser.newContext();
  const anon = await visitor.newPage();

  const credential = await (await anon.request.get(`/certificates/${code}.json`)).json();
  expect(credential.proof).toMatchObject({ cryptosuite: "eddsa-rdfc-2022", verificationMethod: expect.stringMatching(/^did:web:localhost%3A\d+#key-1$/) });
  expect(credential.issuer.id).toMatch(/^did:web:localhost%3A\d+$/);
  expect(credential.credentialStatus).toMatchObject({ type: "BitstringStatusListEntry", statusPurpose: "revocation" });
  const did = await (await anon.request.get("/.well-known/did.json")).json();
  expect(did).toMatchObject({ id: credential.issuer.id, assertionMethod: [credential.proof.verificationMethod] });

  await anon.goto(`/verify/${code}`);
  const checks = anon.locator(".credential-checks");
  await expect(checks.getByRole("heading", { name: en.certificates.checks.title })).toBeVisible();
  for (const name of ["issuer", "signature", "status", "dates"]) await expect(checks.locator(`[data-check="${name}"]`)).toHaveAttribute("data-state", "pass");
  await expect(checks.getByTestId("checks-summary")).toHaveText(en.certificates.checks.allPassed);
  expect(await statusBit(anon.request, credential)).toBe(false);

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await login(admin, "admin@example.org");
  await admin.goto(`/admin/certificates?q=${code}`);
  const row = admin.locator(`tr[data-code="${code}"]`);
  await row.getByLabel(`${en.certificates.admin.reason}: ${code}`).fill("Issued in error during a test");
  await row.getByRole("button", { name: en.certificates.admin.revoke }).click();
  await expect(admin.getByRole("status")).toContainText(code);

  await anon.goto(`/verify/${code}`);
  await expect(anon.locator(".certificate-status")).toContainText(en.certificates.status.revoked);
  await expect(checks.locator('[data-check="status"]')).toHaveAttribute("data-state", "fail");
  await expect(checks.locator('[data-check="status"]')).toContainText(en.certificates.checks.reason.revoked);
  await expect(checks.locator('[data-check="signature"]')).toHaveAttribute("data-state", "pass");
  await expect(checks.getByTestId("checks-summary")).toHaveText(en.certificates.checks.someFailed);
  expect(await statusBit(anon.request, credential)).toBe(true);
  await expectNoSeriousViolations(anon);

  // The same file, checked through "verify this file" (in Lao): the list of checks says it is revoked.
  await anon.goto("/verify/file?lng=lo");
  await anon.locator("#credential-json").fill(JSON.stringify(credential));
  await anon.locator("form.stack button.button").click();
  await expect(anon.locator('.credential-checks [data-check="status"]')).toHaveAttribute("data-state", "fail");
  await expectNoSeriousViolations(anon);
  await visitor.close();
  await adminContext.close();
});

test.describe("verify this file, without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the downloaded credential passes, pasted or uploaded; a tampered one fails", async ({ page }) => {
    const code = seedCertificate();
    const res = await page.request.get(`/certificates/${code}.json`);
    const text = await res.text();
    await page.goto(`/verify/${code}`);
    await page.getByRole("link", { name: en.certificates.file.link }).click();
    await expect(page).toHaveURL(/\/verify\/file$/);

    await page.getByLabel(en.certificates.file.pasteLabel).fill(text);
    await page.getByRole("button", { name: en.certificates.file.button }).click();
    const checks = page.locator(".credential-checks");
    await expect(checks.getByTestId("checks-summary")).toHaveAttribute("data-ok", "yes");
    for (const name of ["issuer", "signature", "status", "dates"]) await expect(checks.locator(`[data-check="${name}"]`)).toHaveAttribute("data-state", "pass");
    await expect(page.locator(".holder-name")).toHaveText(HOLDER);

    await page
      .getByLabel(en.certificates.file.fileLabel)
      .setInputFiles({ name: `certificate-${code}.json`, mimeType: "application/json", buffer: Buffer.from(text) });
    await page.getByRole("button", { name: en.certificates.file.button }).click();
    await expect(checks.getByTestId("checks-summary")).toHaveAttribute("data-ok", "yes");

    const tampered = JSON.parse(text);
    tampered.credentialSubject.identifier[0].identityHash = "Someone Else";
    await page
      .getByLabel(en.certificates.file.fileLabel)
      .setInputFiles({ name: "tampered.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(tampered)) });
    await page.getByRole("button", { name: en.certificates.file.button }).click();
    await expect(checks.getByTestId("checks-summary")).toHaveAttribute("data-ok", "no");
    await expect(checks.locator('[data-check="signature"]')).toHaveAttribute("data-state", "fail");
    await expect(checks.locator('[data-check="signature"]')).toContainText(en.certificates.checks.reason.signatureInvalid);
    await expect(page.getByText("Someone Else")).toHaveCount(0);

    // Not JSON: a translated error, not a 500.
    await page.getByLabel(en.certificates.file.pasteLabel).fill("{ this is not json");
    const answer = page.waitForResponse((r) => r.url().endsWith("/verify/file") && r.request().method() === "POST");
    await page.getByRole("button", { name: en.certificates.file.button }).click();
    expect((await answer).status()).toBe(400);
    await expect(page.getByRole("alert")).toHaveText(en.certificates.file.notJson);
  });
});
