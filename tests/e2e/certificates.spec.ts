import { expect, test } from "@playwright/test";
import { en, expectNoSeriousViolations, foundations, lessonUrl, login, optionInput, register, seedAllButLastLesson, uniqueEmail } from "./helpers";
import vi from "../../app/locales/vi";

const HOLDER = "ສົມສະໄໝ ພົມມະຈັນ";

test("a learner earns a certificate; anyone verifies it without logging in; an admin re-issues and revokes", async ({ page: learner, browser }) => {
  test.setTimeout(120_000);
  let page = learner;
  const email = uniqueEmail("cert");
  await register(page, { email, name: HOLDER });
  seedAllButLastLesson(email);

  // Before the last lesson: the course page lists what is still missing.
  await page.goto(`/courses/${foundations.slug}`);
  const panel = page.locator("section.certificate-panel");
  await expect(panel.getByRole("heading", { name: en.certificates.panelTitle })).toBeVisible();
  await expect(panel.locator("li").first()).toContainText(`${foundations.lessons.length - 1} of ${foundations.lessons.length}`);
  await expect(panel.locator("li").first()).toContainText(en.certificates.ruleNotMet);
  await expect(panel.locator("li").nth(1)).toContainText(en.certificates.ruleMet);

  // Completing the last lesson issues the certificate in the same request.
  const last = foundations.lessons.at(-1)!;
  await page.goto(lessonUrl(foundations.slug, last.key));
  await page.getByRole("button", { name: en.lesson.markComplete }).click();
  // The completion that issues the certificate leads straight to it, on the course page.
  await expect(page).toHaveURL(new RegExp(`/courses/${foundations.slug}#certificate-h$`));
  await expect(panel.getByText(en.certificates.issued)).toBeVisible();
  await expect(page.getByText("100%").first()).toBeVisible();
  await expectNoSeriousViolations(page);
  await panel.getByRole("link", { name: en.certificates.viewCertificate }).click();
  await expect(page).toHaveURL(/\/verify\/[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/);
  const code = page.url().split("/").pop()!;

  // Retrying the completion never issues a second certificate.
  await page.goto(lessonUrl(foundations.slug, last.key));
  await page.getByRole("button", { name: en.lesson.markIncomplete }).click();
  await page.getByRole("button", { name: en.lesson.markComplete }).click();
  await page.goto("/me/certificates");
  await expect(page.locator(".certificate-card")).toHaveCount(1);
  await expect(page.locator(".certificate-card code")).toHaveText(code);
  await expect(page.getByLabel(en.certificates.mine.shareLabel.replace("{{course}}", foundations.title.en))).toHaveValue(new RegExp(`/verify/${code}$`));
  await expectNoSeriousViolations(page);

  // An anonymous visitor: no login, no redirect, everything an employer needs to see.
  const visitor = await browser.newContext();
  const anon = await visitor.newPage();
  const res = await anon.goto(`/verify/${code}`);
  expect(res?.status()).toBe(200);
  await expect(anon).toHaveURL(new RegExp(`/verify/${code}$`));
  await expect(anon.getByRole("heading", { level: 1, name: en.certificates.kind.completion })).toBeVisible();
  await expect(anon.locator(".holder-name")).toHaveText(HOLDER);
  await expect(anon.getByRole("link", { name: foundations.title.en })).toBeVisible();
  await expect(anon.locator(".certificate-status")).toContainText(en.certificates.status.valid);
  await expect(anon.getByText(foundations.outcomes.en[0]!)).toBeVisible();
  await expectNoSeriousViolations(anon);

  // The PDF and the signed badge are public too.
  const pdf = await anon.request.get(`/certificates/${code}.pdf`);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
  const badge = await anon.request.get(`/certificates/${code}.json`);
  expect(badge.status()).toBe(200);
  const credential = await badge.json();
  expect(credential.type).toEqual(["VerifiableCredential", "OpenBadgeCredential"]);
  expect(credential.credentialSubject.identifier[0].identityHash).toBe(HOLDER);
  expect(credential.proof).toMatchObject({ cryptosuite: "eddsa-rdfc-2022", verificationMethod: expect.stringMatching(/^did:web:.+#key-1$/) });
  // The key is in the issuer's DID document; the pre-ADR-0021 key URL still answers with the same key.
  const did = await (await anon.request.get("/.well-known/did.json")).json();
  expect(did.verificationMethod[0]).toMatchObject({
    id: credential.proof.verificationMethod,
    type: "Multikey",
    publicKeyMultibase: expect.stringMatching(/^z6Mk/),
  });
  const key = await (await anon.request.get("/issuer/keys/1")).json();
  expect(key).toMatchObject({ type: "Multikey", publicKeyMultibase: did.verificationMethod[0].publicKeyMultibase });

  // The lookup form accepts the code however it is typed.
  await anon.goto("/verify");
  await anon.getByLabel(en.certificates.verify.codeLabel).fill(` ${code.toLowerCase().replaceAll("-", " ")} `);
  await anon.getByRole("button", { name: en.certificates.verify.button }).click();
  await expect(anon).toHaveURL(new RegExp(`/verify/${code}$`));

  // An admin corrects the name: the old certificate shows as replaced and links to the new one.
  const adminContext = await browser.newContext();
  page = await adminContext.newPage();
  await login(page, "admin@example.org");
  await page.goto(`/admin/certificates?q=${code}`);
  await expectNoSeriousViolations(page);
  const row = page.locator(`tr[data-code="${code}"]`);
  await row.getByLabel(`${en.certificates.admin.newName}: ${code}`).fill("ສົມສະໄໝ ພົມມະຈັນທອງ");
  await row.getByRole("button", { name: en.certificates.admin.reissue }).click();
  await expect(page.getByRole("status")).toContainText("re-issued");
  const newCode = new URL(page.url()).searchParams.get("code")!;
  expect(newCode).not.toBe(code);
  await anon.goto(`/verify/${code}`);
  await expect(anon.locator(".certificate-status")).toContainText(en.certificates.status.replaced);
  await anon.getByRole("link", { name: en.certificates.verify.replacedLink }).click();
  await expect(anon).toHaveURL(new RegExp(`/verify/${newCode}$`));
  await expect(anon.locator(".holder-name")).toHaveText("ສົມສະໄໝ ພົມມະຈັນທອງ");

  // …and revokes it with a reason, which the public page then shows.
  await page.goto(`/admin/certificates?q=${newCode}`);
  const newRow = page.locator(`tr[data-code="${newCode}"]`);
  await newRow.getByLabel(`${en.certificates.admin.reason}: ${newCode}`).fill("Issued in error during a test");
  await newRow.getByRole("button", { name: en.certificates.admin.revoke }).click();
  await expect(page.getByRole("status")).toContainText(newCode);
  await anon.goto(`/verify/${newCode}`);
  await expect(anon.locator(".certificate-status")).toContainText(en.certificates.status.revoked);
  await expect(anon.locator(".certificate-status")).toContainText("Issued in error during a test");
  expect((await anon.request.get(`/certificates/${newCode}.pdf`)).status()).toBe(410);
  await visitor.close();
  await adminContext.close();
});

test("passing the final assessment (answered through the UI) issues the certificate in the same request", async ({ page }) => {
  const email = uniqueEmail("cert-final");
  await register(page, { email, name: "Nguyễn Thị Hương", locale: "vi", t: vi });
  seedAllButLastLesson(email, { lastLesson: true, final: false });
  await page.goto(`/courses/${foundations.slug}/assessment/final`);
  await page.getByRole("button", { name: vi.quiz.start }).click();
  const questions = page.locator("form.quiz-form li.question");
  await expect(questions.first()).toBeVisible();
  await expect(questions).toHaveCount(foundations.assessment.questions);
  const n = foundations.assessment.questions;
  const bank = [...foundations.bankByRef.values()];
  for (let i = 0; i < n; i++) {
    const q = questions.nth(i);
    const prompt = (await q.locator(".question-prompt").innerText()).trim();
    const question = bank.find((b) => Object.values(b.prompt).some((p) => p?.trim() === prompt))!;
    expect(question, prompt).toBeTruthy();
    if (question.type === "numeric") await q.locator("input[type=text]").fill(String(question.correct));
    else if (question.type === "truefalse") await q.locator(`input[value="${String(question.correct)}"]`).check();
    // Choice values are positions in the attempt's shuffled order: pick the option by its text.
    else
      for (const v of question.type === "multiple" ? question.correct : [question.correct])
        await optionInput(q, question.options.find((o) => o.id === v)!.text.vi ?? question.options.find((o) => o.id === v)!.text.en).check();
  }
  await page.getByRole("button", { name: vi.quiz.submit }).click();
  await expect(page).toHaveURL(/\?attempt=\d+$/);
  await page.goto(`/courses/${foundations.slug}`);
  await expect(page.locator("section.certificate-panel")).toContainText(vi.certificates.issued);
  await page.getByRole("link", { name: vi.certificates.viewCertificate }).click();
  await expect(page.locator(".holder-name")).toHaveText("Nguyễn Thị Hương");
  await expect(page.locator(".certificate-status")).toContainText(vi.certificates.status.valid);
});

test("an unknown or malformed code gives a clear 404 that reveals nothing, and a learner cannot reach the admin list", async ({ page }) => {
  const res = await page.goto("/verify/AAAA-BBBB-CCCC-DDDD");
  expect(res?.status()).toBe(404);
  await expect(page).toHaveURL(/\/verify\/AAAA-BBBB-CCCC-DDDD$/);
  await expect(page.getByRole("heading", { level: 1, name: en.certificates.verify.notFoundTitle })).toBeVisible();
  await expect(page.getByText(en.certificates.verify.notFound)).toBeVisible();
  await expectNoSeriousViolations(page);
  expect((await page.goto("/verify/not-a-code"))?.status()).toBe(404);
  expect((await page.request.get("/certificates/AAAA-BBBB-CCCC-DDDD.pdf")).status()).toBe(404);

  const bad = await page.goto("/verify?code=hello");
  expect(bad?.status()).toBe(400);
  await expect(page.getByText(en.certificates.verify.malformed)).toBeVisible();

  await login(page, "learner@example.org");
  expect((await page.goto("/admin/certificates"))?.status()).toBe(403);
});
