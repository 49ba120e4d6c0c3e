import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as fontkit from "fontkit";
import i18next from "i18next";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import resources from "#app/locales";
import { UI_LOCALES } from "#app/content/locales";
import { createTestDb, insertUser } from "#tests/helpers/db";
import { createRequire } from "node:module";
import { issueCertificate } from "./certificates.server";
import { tolerateNullGposAnchors } from "./fontkit-null-anchors.server";
import { printableName, splitRuns } from "./pdf.server";
import { checkImage, saveOrganisation } from "./organisation.server";
import { certificatePdf } from "./present.server";
import { findCourse } from "#app/content/content.server";

/** The study hours shp-foundations states (course.yaml, checked against its content by content:check). */
const HOURS = String(findCourse("shp-foundations")!.hours);

// Needs poppler-utils (pdftotext, pdftoppm, pdffonts); .ci/run installs it.
const LAO_NAME = "ສົມສະໄໝ ພົມມະຈັນ";
const KHMER_NAME = "សុខ ចាន់ដារ៉ា ស្រីពេជ្រ";
const VI_NAME = "Nguyễn Thị Hương";
const THAI_NAME = "สมหญิง ศรีสุวรรณ";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shp-pdf-"));
const i18n = i18next.createInstance();

beforeAll(async () => {
  await i18n.init({ resources, lng: "en", fallbackLng: "en", interpolation: { escapeValue: false }, initAsync: false });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function renderFor(name: string, locale: string, file: string) {
  const db = createTestDb();
  const user = insertUser(db, { name, locale });
  const { certificate } = issueCertificate(db, {
    userId: user.id,
    courseSlug: "shp-foundations",
    holderName: name,
    locale,
    achievedOn: Date.UTC(2026, 10, 20),
    now: Date.UTC(2026, 10, 21),
  });
  const pdf = await certificatePdf(db, certificate, "https://campus.example.org", (lng) => i18n.getFixedT(lng), UI_LOCALES);
  const out = path.join(dir, file);
  fs.writeFileSync(out, pdf);
  return { out, certificate };
}

// The CommonJS fontkit that pdfkit shapes with.
const pdfkitFontkit = createRequire(import.meta.url)("fontkit") as typeof fontkit;

const text = (pdf: string) => execFileSync("pdftotext", ["-enc", "UTF-8", pdf, "-"], { encoding: "utf8" });

/** The name region (A4 landscape at 72 dpi: 1 px = 1 pt) as 8-bit grey pixels via pdftoppm's PGM output. */
function nameRegion(pdf: string) {
  const base = path.join(dir, `${path.basename(pdf)}-name`);
  execFileSync("pdftoppm", ["-gray", "-r", "72", "-x", "120", "-y", "180", "-W", "600", "-H", "60", "-singlefile", pdf, base]);
  const buf = fs.readFileSync(`${base}.pgm`);
  // Header: "P5\n<w> <h>\n<max>\n" then w*h bytes.
  const header = buf.toString("latin1", 0, 40).split(/\s+/);
  const [w, h] = [Number(header[1]), Number(header[2])];
  const pixels = buf.subarray(buf.length - w * h);
  return { w, h, pixels, dark: pixels.filter((p) => p < 128).length };
}

describe("certificate PDF", () => {
  it("Lao holder: bilingual, the name and Lao texts round-trip exactly, fonts embedded, name region inked", async () => {
    const { out, certificate } = await renderFor(LAO_NAME, "lo", "lao.pdf");
    const extracted = text(out);
    expect(extracted).toContain(LAO_NAME);
    expect(extracted).toContain(resources.lo.translation.certificates.kind.completion); // ໃບຢັ້ງຢືນການຮຽນຈົບ: a tone mark stacked on a vowel
    expect(extracted).toContain("ການປົກປ້ອງສຸຂະພາບທາງສັງຄົມ: ພື້ນຖານ");
    expect(extracted).toContain("Certificate of completion");
    expect(extracted).toContain("Social health protection: foundations");
    expect(extracted).toContain(certificate.code);
    expect(extracted).toContain(`https://campus.example.org/verify/${certificate.code}`);
    const fonts = execFileSync("pdffonts", [out], { encoding: "utf8" }).trim().split("\n").slice(2);
    expect(fonts.length).toBeGreaterThan(2);
    for (const line of fonts) expect(line, line).toMatch(/\byes\s+yes\s+yes\b/); // embedded, subset, ToUnicode
    const region = nameRegion(out);
    expect(region.dark).toBeGreaterThan(1500);
  });

  it("Khmer holder: bilingual Khmer and English, the Khmer texts round-trip exactly, name shaped; images differ per name", async () => {
    const { out, certificate } = await renderFor(KHMER_NAME, "km", "khmer.pdf");
    const extracted = text(out);
    const km = resources.km.translation.certificates;
    expect(extracted).toContain(KHMER_NAME);
    expect(extracted).toContain(km.kind.completion); // វិញ្ញាបនបត្របញ្ចប់វគ្គសិក្សា: coeng clusters
    expect(extracted).toContain(km.pdf.certifies);
    expect(extracted).toContain(km.pdf.completed);
    expect(extracted).toContain(km.pdf.scan);
    expect(extracted).toContain(km.pdf.code.replace("{{code}}", certificate.code));
    expect(extracted).toContain("Certificate of completion");
    expect(extracted).toContain("Social health protection: foundations");
    const fonts = execFileSync("pdffonts", [out], { encoding: "utf8" });
    expect(fonts).toMatch(/NotoSansKhmer-Bold/);
    const khmer = nameRegion(out);
    expect(khmer.dark).toBeGreaterThan(1500);
    const lao = nameRegion((await renderFor(LAO_NAME, "en", "lao-en.pdf")).out);
    expect(Buffer.compare(Buffer.from(khmer.pixels), Buffer.from(lao.pixels))).not.toBe(0);
  });

  it("a Khmer name with NIKAHIT (ំ) prints, on an English certificate too (fontkit threw on it: a 500)", async () => {
    const name = "ហេង សំណាង";
    const { out } = await renderFor(name, "en", "khmer-nikahit.pdf");
    expect(text(out)).toContain(name);
    expect(nameRegion(out).dark).toBeGreaterThan(800);
  });

  it("Thai holder: bilingual Thai and English, the Thai texts and the name round-trip exactly", async () => {
    const { out, certificate } = await renderFor(THAI_NAME, "th", "thai.pdf");
    const extracted = text(out);
    const th = resources.th.translation.certificates;
    expect(extracted).toContain(THAI_NAME);
    expect(extracted).toContain(th.kind.completion); // ประกาศนียบัตรการสำเร็จหลักสูตร: tone marks above vowels
    expect(extracted).toContain(th.pdf.certifies);
    expect(extracted).toContain(th.pdf.scan);
    expect(extracted).toContain(th.pdf.code.replace("{{code}}", certificate.code));
    expect(extracted).toContain("Certificate of completion");
    expect(execFileSync("pdffonts", [out], { encoding: "utf8" })).toMatch(/NotoSansThai-Bold/);
    expect(nameRegion(out).dark).toBeGreaterThan(1500);
  });

  it("Vietnamese holder: diacritics round-trip across the Latin and Vietnamese font subsets", async () => {
    const { out } = await renderFor(VI_NAME, "vi", "vi.pdf");
    const extracted = text(out);
    expect(extracted).toContain(VI_NAME);
    expect(extracted).toContain("Chứng chỉ hoàn thành khóa học");
    expect(splitRuns(VI_NAME, 700).map((r) => r.face)).toEqual([
      "latin-700",
      "vietnamese-700",
      "latin-700",
      "vietnamese-700",
      "latin-700",
      "vietnamese-700",
      "latin-700",
    ]);
  });
});

describe("shaping with the embedded fonts", () => {
  const face = (file: string) => fontkit.openSync(path.resolve("node_modules/@fontsource", file)) as fontkit.Font;

  it("Lao: vowel and tone marks are positioned as zero-width marks over their base, not set side by side", () => {
    const font = face("noto-sans-lao/files/noto-sans-lao-lao-700-normal.woff");
    const run = font.layout("ຢັ້ງ"); // base + vowel sign above + tone mark stacked above it + final
    const widths = run.positions.map((p) => p.xAdvance);
    expect(run.glyphs.map((g) => g.codePoints[0])).toEqual([0x0ea2, 0x0eb1, 0x0ec9, 0x0e87]);
    expect(widths[1]).toBe(0);
    expect(widths[2]).toBe(0);
    // Stacked, the tone mark takes its raised form and sits wholly above the vowel it stacks on;
    // alone it would sit where the vowel is.
    const bottom = (i: number) => run.glyphs[i]!.bbox.minY + run.positions[i]!.yOffset;
    const top = (i: number) => run.glyphs[i]!.bbox.maxY + run.positions[i]!.yOffset;
    expect(bottom(2)).toBeGreaterThan(top(1));
    const alone = font.layout("ຢ້");
    expect(alone.glyphs[1]!.bbox.minY + alone.positions[1]!.yOffset).toBeLessThan(top(1));
    expect(splitRuns(LAO_NAME).map((r) => r.face)).toEqual(["lao-400"]);
  });

  it("Khmer: the subscript ro (coeng + RO) is reordered before its base, as Khmer is written", () => {
    const font = face("noto-sans-khmer/files/noto-sans-khmer-khmer-700-normal.woff");
    const run = font.layout("ស្រី");
    // Logical order is ស ្ រ ី; the visual order starts with the pre-base ro glyph.
    expect(run.glyphs[0]!.codePoints).not.toContain(0x179f);
    expect(run.glyphs.some((g) => g.codePoints.includes(0x179f))).toBe(true);
  });

  it("Khmer: NIKAHIT and MUUSIKATOAN (null GPOS anchors in Noto Sans Khmer) shape without fontkit throwing, as zero-width marks", () => {
    // fontkit 2.0.4 threw on these (foliojs/fontkit#367): a Khmer certificate with សំ or យ៉ា in it was a 500.
    for (const w of [400, 700]) {
      const buffer = fs.readFileSync(path.resolve(`node_modules/@fontsource/noto-sans-khmer/files/noto-sans-khmer-khmer-${w}-normal.woff`));
      tolerateNullGposAnchors(buffer);
      const font = pdfkitFontkit.create(buffer) as fontkit.Font;
      for (const word of ["សំណួរ", "ខ្ញុំ", "យ៉ាងហោចណាស់", "ម៉ោង", "ទំព័រ"]) expect(font.layout(word).glyphs.length, word).toBeGreaterThan(1);
      const run = font.layout("សំ");
      expect(run.glyphs.map((g) => g.codePoints[0])).toEqual([0x179f, 0x17c6]);
      expect(run.positions[1]!.xAdvance).toBe(0);
    }
  });

  it("Thai: tone marks above vowels are zero-width marks", () => {
    const font = face("noto-sans-thai/files/noto-sans-thai-thai-400-normal.woff");
    const run = font.layout("น้ำ");
    expect(run.positions.filter((p) => p.xAdvance === 0).length).toBeGreaterThanOrEqual(1);
    expect(splitRuns("สมชาย ใจดี").map((r) => r.face)).toEqual(["thai-400"]);
  });
});

/** Whole page as 8-bit grey pixels at 72 dpi (1 px = 1 pt). */
function page(pdf: string) {
  const base = path.join(dir, `${path.basename(pdf)}-page`);
  execFileSync("pdftoppm", ["-gray", "-r", "72", "-singlefile", pdf, base]);
  const buf = fs.readFileSync(`${base}.pgm`);
  const header = buf.toString("latin1", 0, 40).split(/\s+/);
  const [w, h] = [Number(header[1]), Number(header[2])];
  const pixels = buf.subarray(buf.length - w * h);
  /** Dark pixels in a rectangle. */
  const ink = (x0: number, y0: number, x1: number, y1: number) => {
    let n = 0;
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (pixels[y * w + x]! < 160) n++;
    return n;
  };
  return { w, h, ink };
}

describe("certificate PDF with names that broke it", () => {
  it("a long unbroken name is shrunk and wrapped inside the frame, and still extracts whole", async () => {
    const name = `Wolfeschlegelsteinhausenbergerdorff${"x".repeat(60)}Kittisak-Phommachanh-Nguyen`;
    const { out } = await renderFor(name, "en", "long.pdf");
    const p = page(out);
    // Between the inner frame (32 pt) and the text column (80 pt) on both sides, from the title down to the QR code: no ink.
    expect(p.ink(36, 100, 76, 430)).toBe(0);
    expect(p.ink(p.w - 76, 100, p.w - 36, 430)).toBe(0);
    expect(text(out).replace(/\s+/g, "")).toContain(name);
  });

  it("bidi controls (RLO, LRI…) are stripped from the printed name, so it reads as stored", async () => {
    const name = "Ali \u202Efdp.exe\u202C Khan\u2066x\u2069";
    expect(printableName(name)).toBe("Ali fdp.exe Khanx");
    const { out } = await renderFor(name, "en", "bidi.pdf");
    const extracted = text(out);
    expect(extracted).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/u);
    expect(extracted).toContain("Ali fdp.exe Khanx");
  });

  it("CJK and emoji (no embedded font has them) are drawn as a marked fallback with a note, never as .notdef", async () => {
    expect(splitRuns("王小明 😀").map((r) => r.face)).toEqual(["missing", "latin-400", "missing"]);
    const { out } = await renderFor("王小明 😀", "en", "cjk.pdf");
    const extracted = text(out);
    expect(extracted).toContain("王小明 😀"); // the name itself, for copying and search
    expect(extracted).toContain(resources.en.translation.certificates.pdf.glyphsMissing);
    expect(page(out).ink(120, 180, 720, 240)).toBeGreaterThan(200);
    // A name every face covers gets no note.
    expect(text((await renderFor("Ana Souza", "en", "plain.pdf")).out)).not.toContain(resources.en.translation.certificates.pdf.glyphsMissing);
  });
});

describe("certificate PDF: the issuing organisation, signatory, hours and the name in Latin letters", () => {
  const fixture = (f: string) => fs.readFileSync(path.resolve("tests/fixtures/organisation", f));
  /** Images drawn on the page, from `pdfimages -list` (type and size of each). */
  const images = (pdf: string) =>
    execFileSync("pdfimages", ["-list", pdf], { encoding: "utf8" })
      .trim()
      .split("\n")
      .slice(2)
      .map((l) => l.trim().split(/\s+/))
      .filter((cols) => cols[2] === "image")
      .map((cols) => ({ width: Number(cols[3]), height: Number(cols[4]), encoding: cols[8] }));

  async function renderWithOrganisation(opts: { name: string; nameLatin: string; locale: string; file: string; logo: string; org?: string; title?: string }) {
    const db = createTestDb();
    const admin = insertUser(db, { role: "admin" });
    const logo = await checkImage(fixture(opts.logo));
    const signature = await checkImage(fixture("signature.png"));
    if (!logo.ok || !signature.ok) throw new Error("fixtures must be valid images");
    saveOrganisation(db, admin, {
      name: opts.org ?? "Lao Social Security Training Institute",
      signatoryName: "Dr Khamphone Sengdara",
      signatoryTitle: opts.title ?? "Director of Training",
      logo: { action: "replace", image: logo.image },
      signature: { action: "replace", image: signature.image },
    });
    const user = insertUser(db, { name: opts.name, nameLatin: opts.nameLatin, locale: opts.locale });
    const certificate = issueIfEligibleFor(db, user.id, opts.locale);
    const pdf = await certificatePdf(db, certificate, "https://campus.example.org", (lng) => i18n.getFixedT(lng), UI_LOCALES);
    const out = path.join(dir, opts.file);
    fs.writeFileSync(out, pdf);
    return { out, certificate };
  }

  /** A certificate issued the way the platform issues it (the holder's Latin name is snapshotted from their profile). */
  function issueIfEligibleFor(db: ReturnType<typeof createTestDb>, userId: string, locale: string) {
    const user = db.$client.prepare("select name, name_latin from users where id = ?").get(userId) as { name: string; name_latin: string };
    return issueCertificate(db, {
      userId,
      courseSlug: "shp-foundations",
      holderName: user.name,
      holderNameLatin: user.name_latin,
      locale,
      achievedOn: Date.UTC(2026, 10, 20),
      now: Date.UTC(2026, 10, 21),
    }).certificate;
  }

  it("Lao holder: the organisation, its logo, the signatory's name, title and signature, the hours in Lao and English, and the Latin name under the name", async () => {
    const { out, certificate } = await renderWithOrganisation({
      name: LAO_NAME,
      nameLatin: "Somsamai Phommachanh",
      locale: "lo",
      file: "org-lo.pdf",
      logo: "logo.png",
    });
    expect(certificate.holderNameLatin).toBe("Somsamai Phommachanh");
    const extracted = text(out);
    expect(extracted).toContain(LAO_NAME);
    expect(extracted).toContain("Somsamai Phommachanh");
    expect(extracted).toContain("Lao Social Security Training Institute");
    expect(extracted).toContain(resources.lo.translation.certificates.pdf.issuedBy.replace("{{issuer}}", "Lao Social Security Training Institute"));
    expect(extracted).toContain("Dr Khamphone Sengdara");
    expect(extracted).toContain("Director of Training");
    // The hours shp-foundations states, in both languages.
    expect(extracted).toContain(`${HOURS} hours of study`);
    expect(extracted).toContain(resources.lo.translation.certificates.pdf.hours_other.replace("{{hours}}", HOURS));
    // The logo and the signature are embedded images, each at its own size.
    const list = images(out);
    expect(list).toEqual(expect.arrayContaining([expect.objectContaining({ width: 240, height: 96 }), expect.objectContaining({ width: 320, height: 96 })]));
    expect(list).toHaveLength(2);
  });

  it("Khmer and English holders: a JPEG logo prints as a JPEG; English has the hours once", async () => {
    const km = await renderWithOrganisation({ name: KHMER_NAME, nameLatin: "Sok Chandara", locale: "km", file: "org-km.pdf", logo: "logo.jpg" });
    expect(text(km.out)).toContain(resources.km.translation.certificates.pdf.hours_other.replace("{{hours}}", HOURS));
    expect(text(km.out)).toContain("Sok Chandara");
    expect(images(km.out).map((i) => i.encoding)).toEqual(expect.arrayContaining(["jpeg", "image"]));
    const en = await renderWithOrganisation({ name: "Ana Souza", nameLatin: "", locale: "en", file: "org-en.pdf", logo: "logo.png" });
    const extracted = text(en.out);
    expect(extracted.match(new RegExp(`${HOURS} hours of study`, "g"))).toHaveLength(1);
    expect(extracted).toContain("Issued by Lao Social Security Training Institute");
  });

  it("a 60-character name, its 60-character Latin spelling and a long signatory title stay inside the frame and extract whole", async () => {
    const name = "ສົມສະໄໝ ພົມມະຈັນ ວົງສະຫວັນ ແສງອາລຸນ ສີສຸວັນ ພູມມະວົງ ຈັນທະລາ";
    const latin = "Somsamai Phommachanh Vongsavanh Sengaloun Sisouvanh Phoummav";
    expect([...name].length).toBeGreaterThanOrEqual(60);
    expect(latin).toHaveLength(60);
    const { out } = await renderWithOrganisation({
      name,
      nameLatin: latin,
      locale: "lo",
      file: "org-long.pdf",
      logo: "logo.png",
      org: "Lao Social Security Training Institute of the Ministry of Labour and Social Welfare",
      title: "Director General, Department of Social Security and Health Insurance Training",
    });
    const p = page(out);
    // No ink between the frames on either side, from the top band to the bottom.
    expect(p.ink(36, 100, 50, p.h - 40)).toBe(0);
    expect(p.ink(p.w - 50, 100, p.w - 36, p.h - 40)).toBe(0);
    // Nothing below the inner frame.
    expect(p.ink(36, p.h - 30, p.w - 36, p.h - 26)).toBe(0);
    const flat = text(out).replace(/\s+/g, "");
    expect(flat).toContain(name.replace(/\s+/g, ""));
    expect(flat).toContain(latin.replace(/\s+/g, ""));
    expect(flat).toContain("DirectorGeneral,DepartmentofSocialSecurityandHealthInsuranceTraining");
    expect(execFileSync("pdfinfo", [out], { encoding: "utf8" })).toMatch(/Pages:\s+1\b/);
  });
});
