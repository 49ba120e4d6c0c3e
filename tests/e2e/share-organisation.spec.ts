import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { en, foundations, lessonUrl, login, register, seedAllButLastLesson, uniqueEmail } from "./helpers";

const HOLDER = "ສົມສະໄໝ ພົມມະຈັນ";
const LATIN = "Somsamai Phommachanh";
const PASSWORD = "a-strong-password-1";
const fixture = (f: string) => path.resolve("tests/fixtures/organisation", f);

test("sharing, the organisation on the PDF: the holder copies the link, adds it to LinkedIn, downloads the credential; without JS the link is a read-only field; an admin sets name, logo and signatory without JS and the next PDF carries them", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(150_000);
  const email = uniqueEmail("share");

  // ── The holder, with JavaScript: the name in Latin letters on the profile, then the certificate.
  const context = await browser.newContext({ baseURL });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  const page = await context.newPage();
  await register(page, { email, name: HOLDER });
  await page.goto("/me/profile");
  await page.getByLabel(en.auth.nameLatin).fill("Somsamai 😀");
  await page.getByRole("button", { name: en.profile.save }).click();
  await expect(page.getByText(en.validation.latinLetters)).toBeVisible();
  await page.getByLabel(en.auth.nameLatin).fill(LATIN);
  await page.getByRole("button", { name: en.profile.save }).click();
  await expect(page.getByText(en.profile.saved)).toBeVisible();
  seedAllButLastLesson(email);
  await page.goto(lessonUrl(foundations.slug, foundations.lessons.at(-1)!.key));
  await page.getByRole("button", { name: en.lesson.markComplete }).click();
  await expect(page).toHaveURL(new RegExp(`/courses/${foundations.slug}#certificate-h$`));

  await page.goto("/me/certificates");
  const card = page.locator(".certificate-card").first();
  const code = (await card.locator("code").textContent())!.trim();
  const verifyUrl = `${new URL(baseURL!).origin}/verify/${code}`;
  const link = card.getByLabel(en.certificates.mine.shareLabel.replace("{{course}}", foundations.title.en));
  await expect(link).toHaveValue(new RegExp(`/verify/${code}$`));
  const shared = await link.inputValue();
  // Copy: the clipboard holds the link, and the live region says so.
  await card.getByRole("button", { name: en.certificates.share.copy }).click();
  await expect(card.getByRole("status")).toHaveText(en.certificates.share.copied);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shared);
  // LinkedIn: the add-certification form with the course, issuer, date, code and verify link.
  const linkedIn = new URL((await card.getByRole("link", { name: en.certificates.share.linkedin }).getAttribute("href"))!);
  expect(linkedIn.origin + linkedIn.pathname).toBe("https://www.linkedin.com/profile/add");
  const now = new Date();
  expect(Object.fromEntries(linkedIn.searchParams)).toEqual({
    startTask: "CERTIFICATION_NAME",
    name: foundations.title.en,
    organizationName: expect.any(String),
    issueYear: String(now.getUTCFullYear()),
    issueMonth: String(now.getUTCMonth() + 1),
    certUrl: shared,
    certId: code,
  });
  expect(shared.endsWith(new URL(verifyUrl).pathname)).toBe(true);
  // The credential: a clear label, a line saying what it is for, and a JSON file.
  const credential = card.getByRole("link", { name: en.certificates.downloadBadge });
  await expect(credential).toBeVisible();
  await expect(card.getByText(en.certificates.share.credentialHelp.split("{{issuer}}")[0]!.trim())).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent("download"), credential.click()]);
  expect(download.suggestedFilename()).toBe(`certificate-${code}.json`);
  const json = JSON.parse(fs.readFileSync((await download.path())!, "utf8")) as { type: string[] };
  expect(json.type).toContain("VerifiableCredential");

  // The verify page: the holder, signed in, gets the sharing block; an anonymous visitor does not.
  await page.goto(`/verify/${code}`);
  await expect(page.getByRole("heading", { name: en.certificates.share.heading })).toBeVisible();
  await expect(page.getByRole("link", { name: en.certificates.share.linkedin })).toHaveAttribute("href", linkedIn.href);
  const anonymous = await browser.newContext({ baseURL });
  const visitor = await anonymous.newPage();
  await visitor.goto(`/verify/${code}`);
  await expect(visitor.getByRole("heading", { name: en.certificates.share.heading })).toHaveCount(0);
  await expect(visitor.getByRole("link", { name: en.certificates.share.linkedin })).toHaveCount(0);
  await anonymous.close();
  await context.close();

  // ── The holder without JavaScript: the link is a selectable read-only field, no Copy button.
  const noJs = await browser.newContext({ baseURL, javaScriptEnabled: false });
  const plain = await noJs.newPage();
  await login(plain, email, PASSWORD);
  await plain.goto("/me/certificates");
  const field = plain.getByLabel(en.certificates.mine.shareLabel.replace("{{course}}", foundations.title.en));
  await expect(field).toHaveValue(shared);
  await expect(field).toHaveAttribute("readonly", "");
  await expect(plain.getByRole("button", { name: en.certificates.share.copy })).toHaveCount(0);
  await expect(plain.getByRole("link", { name: en.certificates.share.linkedin })).toBeVisible();
  await noJs.close();

  // ── An administrator, without JavaScript: name, logo, signatory.
  const adminContext = await browser.newContext({ baseURL, javaScriptEnabled: false });
  const admin = await adminContext.newPage();
  await login(admin, "admin@example.org");
  await admin.goto("/admin/organisation");
  // A file that is not an image is refused, with the message next to the field.
  await admin.getByLabel(en.organisation.name).fill("Lao Social Security Training Institute");
  await admin.getByLabel(en.organisation.logo, { exact: true }).setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: Buffer.from("not an image") });
  await admin.getByRole("button", { name: en.organisation.save }).click();
  await expect(admin.getByText(en.organisation.errors.imageType)).toBeVisible();
  await admin.getByLabel(en.organisation.name).fill("Lao Social Security Training Institute");
  await admin.getByLabel(en.organisation.logo, { exact: true }).setInputFiles(fixture("logo.png"));
  await admin.getByLabel(en.organisation.signatoryName).fill("Dr Khamphone Sengdara");
  await admin.getByLabel(en.organisation.signatoryTitle).fill("Director of Training");
  await admin.getByLabel(en.organisation.signature).setInputFiles(fixture("signature.png"));
  await admin.getByRole("button", { name: en.organisation.save }).click();
  await expect(admin.getByText(en.organisation.saved)).toBeVisible();
  await expect(admin.getByRole("img", { name: en.organisation.currentLogo })).toBeVisible();
  await expect(admin.getByRole("img", { name: en.organisation.currentSignature })).toBeVisible();

  try {
    // The next PDF carries them (and the holder's Latin name, snapshotted at issuance).
    const pdf = await admin.request.get(`/certificates/${code}.pdf`);
    expect(pdf.status()).toBe(200);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shp-share-e2e-"));
    const file = path.join(dir, "c.pdf");
    fs.writeFileSync(file, await pdf.body());
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" });
    expect(text).toContain("Lao Social Security Training Institute");
    expect(text).toContain("Dr Khamphone Sengdara");
    expect(text).toContain("Director of Training");
    expect(text).toContain(LATIN);
    expect(text).toContain(`${foundations.hours} hours of study`);
    expect(execFileSync("pdfimages", ["-list", file], { encoding: "utf8" }).trim().split("\n").slice(2)).toHaveLength(2);
    fs.rmSync(dir, { recursive: true, force: true });
  } finally {
    // The e2e server is shared: put the organisation back as it was (the platform's own name, no images).
    await admin.goto("/admin/organisation");
    await admin.getByLabel(en.organisation.name).fill("");
    await admin.getByLabel(en.organisation.signatoryName).fill("");
    await admin.getByLabel(en.organisation.signatoryTitle).fill("");
    await admin.getByLabel(en.organisation.removeLogo).check();
    await admin.getByLabel(en.organisation.removeSignature).check();
    await admin.getByRole("button", { name: en.organisation.save }).click();
    await expect(admin.getByText(en.organisation.noLogo)).toBeVisible();
    await adminContext.close();
  }
});
