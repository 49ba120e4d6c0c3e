import fs from "node:fs";
import path from "node:path";
import * as fontkit from "fontkit";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";

/**
 * The printable certificate: A4 landscape, in the holder's language and English, with every font
 * embedded (Noto Sans from @fontsource) and a QR code to the public verification page.
 *
 * @fontsource ships each script as a separate subset file, so text is split into runs by the
 * face that has its glyphs (a grapheme cluster never splits), and each run is shaped by fontkit
 * inside pdfkit: Lao and Thai stacked vowels and tone marks, Khmer subscripts and Vietnamese
 * diacritics are positioned by the fonts' own GSUB/GPOS rules. Every line carries its logical
 * text as ActualText, so copying or extracting text gives back exactly what was written.
 */

type Weight = 400 | 700;
type Face = { id: string; file: (w: Weight) => string };

const FONT_ROOT = path.join(process.cwd(), "node_modules", "@fontsource");
// Order matters: the first face with the glyphs wins when a run has to change face.
const FACES: Face[] = [
  { id: "latin", file: (w) => `noto-sans/files/noto-sans-latin-${w}-normal.woff` },
  { id: "vietnamese", file: (w) => `noto-sans/files/noto-sans-vietnamese-${w}-normal.woff` },
  { id: "latin-ext", file: (w) => `noto-sans/files/noto-sans-latin-ext-${w}-normal.woff` },
  { id: "lao", file: (w) => `noto-sans-lao/files/noto-sans-lao-lao-${w}-normal.woff` },
  { id: "thai", file: (w) => `noto-sans-thai/files/noto-sans-thai-thai-${w}-normal.woff` },
  { id: "khmer", file: (w) => `noto-sans-khmer/files/noto-sans-khmer-khmer-${w}-normal.woff` },
];

type LoadedFace = { name: string; buffer: Buffer; covers: (cp: number) => boolean };
let loaded: Map<Weight, LoadedFace[]> | undefined;

function faces(weight: Weight): LoadedFace[] {
  if (!loaded) {
    loaded = new Map();
    for (const w of [400, 700] as const) {
      loaded.set(
        w,
        FACES.map((f) => {
          const buffer = fs.readFileSync(path.join(FONT_ROOT, f.file(w)));
          const font = fontkit.create(buffer) as fontkit.Font;
          return { name: `${f.id}-${w}`, buffer, covers: (cp: number) => font.hasGlyphForCodePoint(cp) };
        }),
      );
    }
  }
  return loaded.get(weight)!;
}

// Joiners and variation selectors need no glyph of their own.
const IGNORABLE = /[\u200b-\u200d\u2060\ufe00-\ufe0f]/u;
const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

export type Run = { face: string; text: string };

/** Splits text into runs, each drawable with one font face. Exported for tests. */
export function splitRuns(text: string, weight: Weight = 400): Run[] {
  const list = faces(weight);
  const runs: Run[] = [];
  let current: LoadedFace | undefined;
  for (const { segment } of graphemes.segment(text.normalize("NFC"))) {
    const cps = [...segment].filter((c) => !IGNORABLE.test(c)).map((c) => c.codePointAt(0)!);
    const fits = (f: LoadedFace) => cps.every((cp) => f.covers(cp));
    const face = current && fits(current) ? current : (list.find(fits) ?? list.find((f) => cps.length > 0 && f.covers(cps[0]!)) ?? current ?? list[0]!);
    const last = runs.at(-1);
    if (last && last.face === face.name) last.text += segment;
    else runs.push({ face: face.name, text: segment });
    current = face;
  }
  return runs;
}

type Doc = PDFKit.PDFDocument;

function lineWidth(doc: Doc, runs: Run[], size: number): number {
  return runs.reduce((sum, r) => sum + doc.font(r.face).fontSize(size).widthOfString(r.text), 0);
}

/** Greedy line breaking at word boundaries (dictionary-based for Lao, Thai and Khmer). */
function wrap(doc: Doc, text: string, size: number, weight: Weight, maxWidth: number, locale: string): string[] {
  const words = [...new Intl.Segmenter(locale, { granularity: "word" }).segment(text)].map((s) => s.segment);
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    const candidate = line + word;
    if (line.trim() && lineWidth(doc, splitRuns(candidate.trim(), weight), size) > maxWidth) {
      lines.push(line.trim());
      line = word.trimStart();
    } else line = candidate;
  }
  if (line.trim()) lines.push(line.trim());
  return lines;
}

type TextStyle = { size: number; weight?: Weight; color?: string; locale: string };

/** Draws text centred on centerX with its first baseline at y; returns the y after the last line. */
function centred(doc: Doc, text: string, centerX: number, y: number, maxWidth: number, style: TextStyle): number {
  const weight = style.weight ?? 400;
  const lineHeight = style.size * 1.45;
  for (const line of wrap(doc, text, style.size, weight, maxWidth, style.locale)) {
    const runs = splitRuns(line, weight);
    let x = centerX - lineWidth(doc, runs, style.size) / 2;
    doc.markContent("Span", { actual: line, lang: style.locale });
    for (const r of runs) {
      doc.font(r.face).fontSize(style.size).fillColor(style.color ?? "#1d2b36");
      doc.text(r.text, x, y, { lineBreak: false, baseline: "alphabetic" });
      x += doc.widthOfString(r.text);
    }
    doc.endMarkedContent();
    y += lineHeight;
  }
  return y;
}

/** Left-aligned single line (no wrapping), baseline at y. */
function leftLine(doc: Doc, text: string, x: number, y: number, style: TextStyle) {
  const runs = splitRuns(text, style.weight ?? 400);
  doc.markContent("Span", { actual: text, lang: style.locale });
  for (const r of runs) {
    doc.font(r.face).fontSize(style.size).fillColor(style.color ?? "#1d2b36");
    doc.text(r.text, x, y, { lineBreak: false, baseline: "alphabetic" });
    x += doc.widthOfString(r.text);
  }
  doc.endMarkedContent();
}

function drawQr(doc: Doc, url: string, x: number, y: number, size: number) {
  const qr = QRCode.create(url, { errorCorrectionLevel: "M" });
  const n = qr.modules.size;
  const quiet = 2;
  const cell = size / (n + quiet * 2);
  doc.rect(x, y, size, size).fill("#ffffff");
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) doc.rect(x + (c + quiet) * cell, y + (r + quiet) * cell, cell, cell);
  doc.fill("#000000");
}

/** Texts in one language; the route fills them from the translations. */
export type PdfLabels = {
  title: string;
  certifies: string;
  body: string;
  courseTitle: string;
  achievedOn: string;
};

export type CertificatePdfInput = {
  code: string;
  holderName: string;
  /** The holder's language; when it is English (or has no translation) the certificate is English only. */
  locale: string;
  local: PdfLabels | null;
  english: PdfLabels;
  cohort: string | null;
  /** What the certificate certifies, one line each (rules met, workshop and dates, hours), in the local language or English. */
  criteria: string[];
  issuer: string;
  issuedBy: string;
  codeLine: string;
  verifyAt: string;
  scan: string;
  verifyUrl: string;
};

export function renderCertificatePdf(input: CertificatePdfInput): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    layout: "landscape",
    margin: 0,
    lang: input.locale,
    info: { Title: `${input.english.title} — ${input.holderName}`, Author: input.issuer, Subject: input.english.courseTitle, Keywords: input.code },
    autoFirstPage: true,
  });
  for (const w of [400, 700] as const) for (const f of faces(w)) doc.registerFont(f.name, f.buffer);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const W = doc.page.width;
  const H = doc.page.height;
  const cx = W / 2;
  const maxWidth = W - 160;
  const ink = "#1d2b36";
  const soft = "#55656f";
  const accent = "#0b5e8a";
  const loc = input.locale;
  const local = input.local;

  doc.lineWidth(3).strokeColor(accent).rect(24, 24, W - 48, H - 48).stroke();
  doc.lineWidth(0.8).strokeColor(accent).rect(32, 32, W - 64, H - 64).stroke();

  let y = 78;
  leftLine(doc, input.issuer, 56, 62, { size: 11, weight: 700, color: accent, locale: "en" });

  // Title: the holder's language first, then English.
  if (local) {
    y = centred(doc, local.title, cx, y + 22, maxWidth, { size: 26, weight: 700, color: accent, locale: loc });
    y = centred(doc, input.english.title, cx, y - 4, maxWidth, { size: 14, color: soft, locale: "en" });
  } else y = centred(doc, input.english.title, cx, y + 22, maxWidth, { size: 26, weight: 700, color: accent, locale: "en" });

  y += 14;
  if (local) {
    y = centred(doc, local.certifies, cx, y, maxWidth, { size: 13, color: ink, locale: loc });
    y = centred(doc, input.english.certifies, cx, y - 4, maxWidth, { size: 10, color: soft, locale: "en" });
  } else y = centred(doc, input.english.certifies, cx, y, maxWidth, { size: 13, color: ink, locale: "en" });

  // The name: the region the shaping test looks at.
  y = centred(doc, input.holderName, cx, y + 26, maxWidth, { size: 30, weight: 700, color: ink, locale: loc });
  doc.moveTo(cx - 180, y - 26).lineTo(cx + 180, y - 26).lineWidth(0.6).strokeColor("#9aa9b3").stroke();

  y += 2;
  if (local) {
    y = centred(doc, local.body, cx, y, maxWidth, { size: 13, color: ink, locale: loc });
    y = centred(doc, input.english.body, cx, y - 4, maxWidth, { size: 10, color: soft, locale: "en" });
  } else y = centred(doc, input.english.body, cx, y, maxWidth, { size: 13, color: ink, locale: "en" });

  y += 8;
  if (local && local.courseTitle !== input.english.courseTitle) {
    y = centred(doc, local.courseTitle, cx, y + 4, maxWidth, { size: 18, weight: 700, color: ink, locale: loc });
    y = centred(doc, input.english.courseTitle, cx, y - 4, maxWidth, { size: 12, color: soft, locale: "en" });
  } else y = centred(doc, input.english.courseTitle, cx, y + 4, maxWidth, { size: 18, weight: 700, color: ink, locale: "en" });
  if (input.cohort) y = centred(doc, input.cohort, cx, y, maxWidth, { size: 11, color: soft, locale: loc });

  y += 4;
  if (local) {
    y = centred(doc, local.achievedOn, cx, y, maxWidth, { size: 11, color: ink, locale: loc });
    y = centred(doc, input.english.achievedOn, cx, y - 4, maxWidth, { size: 9, color: soft, locale: "en" });
  } else y = centred(doc, input.english.achievedOn, cx, y, maxWidth, { size: 11, color: ink, locale: "en" });

  // What it certifies: the rules met with their figures, the workshop's dates, the hours.
  if (input.criteria.length > 0) centred(doc, input.criteria.join(" · "), cx, y + 6, maxWidth, { size: 9, color: soft, locale: local ? loc : "en" });

  // Footer: who issued it, the code, and where to check it.
  const qrSize = 92;
  const qrX = W - 56 - qrSize;
  const qrY = H - 56 - qrSize - 12;
  drawQr(doc, input.verifyUrl, qrX, qrY, qrSize);
  centred(doc, input.scan, qrX + qrSize / 2, qrY + qrSize + 12, qrSize + 40, { size: 8, color: soft, locale: loc });
  const fy = H - 104;
  leftLine(doc, input.issuedBy, 56, fy, { size: 10, weight: 700, color: ink, locale: loc });
  leftLine(doc, input.codeLine, 56, fy + 16, { size: 10, color: ink, locale: loc });
  leftLine(doc, `${input.verifyAt} ${input.verifyUrl}`, 56, fy + 32, { size: 9, color: soft, locale: loc });
  doc.link(56, fy + 22, 420, 14, input.verifyUrl);

  doc.end();
  return done;
}
