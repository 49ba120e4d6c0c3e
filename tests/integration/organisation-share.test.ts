/**
 * The action tier for /admin/organisation (the issuing organisation on certificates: name, logo,
 * signatory) and for the holder's sharing block (/me/certificates, /verify/<code>), against the real
 * SQLite file of this vitest worker.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import i18next from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import resources from "#app/locales";
import { UI_LOCALES } from "#app/content/locales";
import { getDb } from "#app/db.server";
import { issueCertificate, revokeCertificate } from "#app/certificates/certificates.server";
import { getCertificateOrganisation, getOrganisation, MAX_IMAGE_BYTES } from "#app/certificates/organisation.server";
import { certificatePdf, signedCredentialFor } from "#app/certificates/present.server";
import { insertUser } from "#tests/helpers/db";
import { callAction, callLoader } from "#tests/helpers/route";
import * as adminOrganisation from "#app/routes/admin-organisation";
import * as myCertificates from "#app/routes/my-certificates";
import * as verifyCertificate from "#app/routes/verify-certificate";
import * as issuerLogo from "#app/routes/issuer-logo";
import * as issuerRoute from "#app/routes/issuer";
import { checkCredential } from "#app/certificates/verification.server";
import { publicOrigin } from "#app/env.server";

const db = () => getDb();
const en = resources.en.translation;
const fixture = (f: string) => fs.readFileSync(path.resolve("tests/fixtures/organisation", f));
const ORIGIN = "http://localhost:5173";
const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ resources, lng: "en", fallbackLng: "en", interpolation: { escapeValue: false }, initAsync: false });
});

function organisationForm(fields: Record<string, string>, files: Record<string, { bytes: Uint8Array; name: string; type: string }> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const [k, f] of Object.entries(files)) form.append(k, new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
  // A file input left empty still sends an empty part.
  for (const k of ["logo", "signature"]) if (!(k in files)) form.append(k, new File([], "", { type: "application/octet-stream" }));
  return form;
}

const auditCount = () => db().$client.prepare("select count(*) from audit_log where action = 'settings.organisation'").pluck().get() as number;

/** A PNG whose image data is not zlib: pdfkit would throw on it outside any try/catch (an uncaught error). */
function corruptPng(): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(Buffer.concat([Buffer.from(type), data])) >>> 0);
    return Buffer.concat([len, Buffer.from(type), data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(40, 0);
  ihdr.writeUInt32BE(20, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA: the asynchronous path
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", Buffer.from("not zlib at all")),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

describe("/admin/organisation", () => {
  it("an administrator sets the name, logo and signatory with a plain multipart form: stored in one audited write, and the next PDF carries them", async () => {
    const admin = insertUser(db(), { role: "admin" });
    const before = auditCount();
    const res = await callAction(adminOrganisation, {
      user: admin,
      url: "/admin/organisation",
      form: organisationForm(
        { name: "Lao Social Security Training Institute", signatoryName: "Dr Khamphone Sengdara", signatoryTitle: "Director of Training" },
        {
          logo: { bytes: fixture("logo.png"), name: "logo.png", type: "image/png" },
          signature: { bytes: fixture("signature.png"), name: "sig.png", type: "image/png" },
        },
      ),
    });
    expect(res).toMatchObject({ status: 302, location: "/admin/organisation?saved=1" });
    const org = getCertificateOrganisation(db(), ORIGIN);
    expect(org).toMatchObject({ name: "Lao Social Security Training Institute", signatory: { name: "Dr Khamphone Sengdara", title: "Director of Training" } });
    expect(org.logo?.type).toBe("png");
    expect(Buffer.compare(org.logo!.bytes, fixture("logo.png"))).toBe(0);
    expect(Buffer.compare(org.signatory.image!.bytes, fixture("signature.png"))).toBe(0);
    expect(auditCount()).toBe(before + 1);
    const detail = JSON.parse(
      db().$client.prepare("select detail from audit_log where action = 'settings.organisation' order by id desc").pluck().get() as string,
    );
    expect(detail).toMatchObject({ logo: { action: "replace", type: "png" }, signature: { action: "replace" }, signatoryName: "Dr Khamphone Sengdara" });

    // The page shows what is stored.
    const page = await callLoader(adminOrganisation, { user: admin, url: "/admin/organisation?saved=1" });
    expect(page.data).toMatchObject({ name: "Lao Social Security Training Institute", saved: true, logo: expect.stringMatching(/^data:image\/png;base64,/) });

    // The next certificate's PDF names the organisation and signatory and embeds both images.
    const learner = insertUser(db(), { name: "Ana Souza" });
    const { certificate } = issueCertificate(db(), {
      userId: learner.id,
      courseSlug: "shp-foundations",
      holderName: "Ana Souza",
      locale: "en",
      achievedOn: Date.now(),
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shp-org-"));
    const file = path.join(dir, "c.pdf");
    fs.writeFileSync(file, await certificatePdf(db(), certificate, ORIGIN, (lng) => i18n.getFixedT(lng), UI_LOCALES));
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" });
    expect(text).toContain("Issued by Lao Social Security Training Institute");
    expect(text).toContain("Dr Khamphone Sengdara");
    expect(text).toContain("Director of Training");
    const images = execFileSync("pdfimages", ["-list", file], { encoding: "utf8" }).trim().split("\n").slice(2);
    expect(images).toHaveLength(2);

    // Empty file inputs keep the images; the remove box removes one.
    const kept = await callAction(adminOrganisation, {
      user: admin,
      url: "/admin/organisation",
      form: organisationForm({
        name: "Lao Social Security Training Institute",
        signatoryName: "Dr Khamphone Sengdara",
        signatoryTitle: "Director",
        removeSignature: "on",
      }),
    });
    expect(kept.status).toBe(302);
    const after = getCertificateOrganisation(db(), ORIGIN);
    expect(after.logo).not.toBeNull();
    expect(after.signatory).toMatchObject({ title: "Director", image: null });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("a bad logo (not an image, a corrupt PNG, over 200 KB) or a signature that is not an image is refused with a translated message, and nothing changes", async () => {
    const admin = insertUser(db(), { role: "admin" });
    const stored = () => {
      const o = getCertificateOrganisation(db(), ORIGIN);
      return {
        name: o.name,
        signatory: o.signatory.name,
        logo: o.logo?.bytes.toString("base64") ?? null,
        signature: o.signatory.image?.bytes.toString("base64") ?? null,
      };
    };
    const before = stored();
    const audits = auditCount();
    const big = Buffer.concat([fixture("logo.png"), Buffer.alloc(MAX_IMAGE_BYTES)]);
    const cases: [string, Record<string, { bytes: Uint8Array; name: string; type: string }>, string, string][] = [
      ["text renamed .png", { logo: { bytes: Buffer.from("<svg onload=alert(1)>"), name: "logo.png", type: "image/png" } }, "logo", "imageType"],
      ["a GIF", { logo: { bytes: Buffer.from("GIF89a\x01\x00\x01\x00", "latin1"), name: "logo.gif", type: "image/gif" } }, "logo", "imageType"],
      ["a corrupt PNG", { logo: { bytes: corruptPng(), name: "logo.png", type: "image/png" } }, "logo", "imageBroken"],
      ["a truncated JPEG", { logo: { bytes: fixture("logo.jpg").subarray(0, 40), name: "logo.jpg", type: "image/jpeg" } }, "logo", "imageBroken"],
      ["over 200 KB", { logo: { bytes: big, name: "logo.png", type: "image/png" } }, "logo", "imageSize"],
      ["signature not an image", { signature: { bytes: Buffer.from("%PDF-1.7"), name: "sig.png", type: "image/png" } }, "signature", "imageType"],
    ];
    for (const [label, files, field, key] of cases) {
      const res = await callAction(adminOrganisation, {
        user: admin,
        url: "/admin/organisation",
        // A good new name in the same form: it must not be saved either.
        form: organisationForm({ name: "Should Not Be Saved", signatoryName: "Nobody", signatoryTitle: "" }, files),
      });
      expect(res.status, label).toBe(400);
      expect((res.data as { errors: Record<string, { key: string }> }).errors[field], label).toEqual({ key: `organisation.errors.${key}` });
      expect((res.data as { formError: string }).formError, label).toBe(en.errors.fixBelow);
      expect(stored(), label).toEqual(before);
    }
    expect(auditCount()).toBe(audits);
    // Every message exists in every language.
    for (const lng of UI_LOCALES)
      for (const key of ["imageType", "imageBroken", "imageSize", "tooLarge"]) expect(resources[lng].translation.organisation.errors).toHaveProperty(key);
  });

  it("a body over the form's limit gets the translated message with 413, not an error page, and nothing changes", async () => {
    const admin = insertUser(db(), { role: "admin" });
    const before = getCertificateOrganisation(db(), ORIGIN).name;
    const res = await callAction(adminOrganisation, {
      user: admin,
      url: "/admin/organisation",
      form: organisationForm(
        { name: "Too Big Org", signatoryName: "", signatoryTitle: "" },
        { logo: { bytes: Buffer.alloc(3 * MAX_IMAGE_BYTES), name: "l.png", type: "image/png" } },
      ),
    });
    expect(res.status).toBe(413);
    expect((res.data as { formError: string }).formError).toBe(en.organisation.errors.tooLarge);
    expect(getCertificateOrganisation(db(), ORIGIN).name).toBe(before);
  });

  it("the logo is the issuer profile's image in every credential and at /issuer, served at /issuer/logo; removing it takes it out", async () => {
    const admin = insertUser(db(), { role: "admin" });
    const origin = publicOrigin();
    const save = (fields: Record<string, string>, files: Parameters<typeof organisationForm>[1] = {}) =>
      callAction(adminOrganisation, {
        user: admin,
        url: "/admin/organisation",
        form: organisationForm({ name: "Lao Social Security Training Institute", signatoryName: "", signatoryTitle: "", ...fields }, files),
      });
    expect((await save({}, { logo: { bytes: fixture("logo.png"), name: "logo.png", type: "image/png" } })).status).toBe(302);

    const logoUrl = getOrganisation(db(), origin).logoUrl;
    expect(logoUrl).toMatch(new RegExp(`^${origin}/issuer/logo\\?v=\\d+$`));
    const served = issuerLogo.loader();
    expect(served.status).toBe(200);
    expect(served.headers.get("Content-Type")).toBe("image/png");
    expect(Buffer.compare(Buffer.from(await served.arrayBuffer()), fixture("logo.png"))).toBe(0);
    const profile = JSON.parse(await issuerRoute.loader().text());
    expect(profile.image).toEqual({ id: logoUrl, type: "Image", caption: "Lao Social Security Training Institute" });

    const learner = insertUser(db(), { name: "Bounmy Inthavong" });
    const { certificate } = issueCertificate(db(), {
      userId: learner.id,
      courseSlug: "shp-foundations",
      holderName: "Bounmy Inthavong",
      locale: "en",
      achievedOn: Date.now(),
    });
    const credential = (await signedCredentialFor(db(), certificate, origin)) as { issuer: { image?: unknown } };
    expect(credential.issuer.image).toEqual({ id: logoUrl, type: "Image", caption: "Lao Social Security Training Institute" });
    expect((await checkCredential(db(), origin, credential)).ok).toBe(true);

    expect((await save({ removeLogo: "on" })).status).toBe(302);
    expect(getOrganisation(db(), origin).logoUrl).toBeNull();
    expect(issuerLogo.loader().status).toBe(404);
    const without = (await signedCredentialFor(db(), certificate, origin)) as { issuer: { image?: unknown } };
    expect(without.issuer.image).toBeUndefined();
    expect((await checkCredential(db(), origin, without)).ok).toBe(true);
  });

  it("is for administrators only", async () => {
    for (const role of ["learner", "trainer"] as const) {
      const user = insertUser(db(), { role });
      const res = await callAction(adminOrganisation, {
        user,
        url: "/admin/organisation",
        form: organisationForm({ name: "X", signatoryName: "", signatoryTitle: "" }),
      });
      expect(res.status, role).toBe(403);
    }
  });
});

describe("sharing a certificate", () => {
  it("the holder gets the LinkedIn link and the copyable verify link on /me/certificates and on the verify page; nobody else does, and not for a revoked certificate", async () => {
    const holder = insertUser(db(), { name: "Somphone Keola" });
    const other = insertUser(db(), { name: "Someone Else" });
    const { certificate } = issueCertificate(db(), {
      userId: holder.id,
      courseSlug: "shp-foundations",
      holderName: "Somphone Keola",
      locale: "en",
      achievedOn: Date.UTC(2026, 10, 20),
      now: Date.UTC(2026, 10, 21),
    });
    const mine = await callLoader(myCertificates, { user: holder, url: "/me/certificates" });
    const card = (mine.data as { certificates: { code: string; share: { linkedInUrl: string; verifyUrl: string } | null }[] }).certificates.find(
      (c) => c.code === certificate.code,
    )!;
    const linkedIn = new URL(card.share!.linkedInUrl);
    expect(Object.fromEntries(linkedIn.searchParams)).toEqual({
      startTask: "CERTIFICATION_NAME",
      name: "Social health protection: foundations",
      organizationName: getCertificateOrganisation(db(), ORIGIN).name,
      issueYear: "2026",
      issueMonth: "11",
      certUrl: card.share!.verifyUrl,
      certId: certificate.code,
    });
    expect(card.share!.verifyUrl).toMatch(new RegExp(`/verify/${certificate.code}$`));

    const asHolder = await callLoader(verifyCertificate, { user: holder, url: `/verify/${certificate.code}`, params: { code: certificate.code } });
    expect((asHolder.data as { share: unknown }).share).toMatchObject({ linkedInUrl: card.share!.linkedInUrl });
    for (const user of [other, null]) {
      const res = await callLoader(verifyCertificate, { user, url: `/verify/${certificate.code}`, params: { code: certificate.code } });
      expect((res.data as { share: unknown }).share).toBeNull();
    }
    revokeCertificate(db(), insertUser(db(), { role: "admin" }), certificate.code, "Issued in error");
    const revoked = await callLoader(verifyCertificate, { user: holder, url: `/verify/${certificate.code}`, params: { code: certificate.code } });
    expect((revoked.data as { share: unknown }).share).toBeNull();
    const mineAfter = await callLoader(myCertificates, { user: holder, url: "/me/certificates" });
    expect((mineAfter.data as { certificates: { code: string; share: unknown }[] }).certificates.find((c) => c.code === certificate.code)!.share).toBeNull();
  });
});
