import fs from "node:fs";
import path from "node:path";
import * as fontkit from "fontkit";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import { tolerateNullGposAnchors } from "./fontkit-null-anchors.server";

/**
 * The printable certificate: A4 landscape, in the holder's language and English, with every font
 * embedded (Noto Sans from @fontsource) and a QR code to the public verification page.
 *
 * @fontsource ships each script as a separate subset file, so text is split into runs by the
 * face that has its glyphs (a grapheme cluster never splits), and each run is shaped by fontkit
 * inside pdfkit: Lao and Thai stacked vowels and tone marks, Khmer subscripts and Vietnamese
 * diacritics are positioned by the fonts' own GSUB/GPOS rules. Every line carries its logical
 * text as ActualText, so copying or extracting text gives back exactly what was written.
 *
 * Names are the holder's own input, so the name is printed defensively: bidi controls are removed
 * (printableName), it shrinks (down to 14 pt) and wraps (two lines at most, breaking inside a word
 * when a word alone is too wide), and a character no embedded face has (CJK, emoji, Arabic…) is
 * drawn as a framed box holding its code point, with a note under the name, instead of a silent
 * .notdef box. CJK fonts are not embedded: @fontsource/noto-sans-sc alone is a 74 MB package, and
 * Chinese, Japanese and Korean would each need their own.
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
    // Noto Sans Khmer has NULL GPOS anchors that fontkit 2.0.4 cannot shape (see the module).
    tolerateNullGposAnchors(loaded.get(700)!.find((f) => f.name === "khmer-700")!.buffer);
  }
  return loaded.get(weight)!;
}

// Joiners and variation selectors need no glyph of their own.
const IGNORABLE = /[\u200b-\u200d\u2060\ufe00-\ufe0f]/u;
const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

export type Run = { face: string; text: string };

/** The face of runs no embedded font can draw; see drawMissing. */
export const MISSING = "missing";

// Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), the directional marks,
// and other control characters: in a printed name they only serve to make it read differently.
const NEUTRALISED = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** The holder's name as printed: NFC, without bidi or other control characters, spaces collapsed. */
export function printableName(name: string): string {
  return name.normalize("NFC").replace(NEUTRALISED, "").replace(/\s+/gu, " ").trim();
}

/** Splits text into runs, each drawable with one font face. Exported for tests. */
export function splitRuns(text: string, weight: Weight = 400): Run[] {
  const list = faces(weight);
  const runs: Run[] = [];
  let current: LoadedFace | undefined;
  for (const { segment } of graphemes.segment(text.normalize("NFC"))) {
    const cps = [...segment].filter((c) => !IGNORABLE.test(c)).map((c) => c.codePointAt(0)!);
    const fits = (f: LoadedFace) => cps.every((cp) => f.covers(cp));
    const face = current && fits(current) ? current : (list.find(fits) ?? list.find((f) => cps.length > 0 && f.covers(cps[0]!)));
    const name = face?.name ?? MISSING;
    const last = runs.at(-1);
    if (last && last.face === name) last.text += segment;
    else runs.push({ face: name, text: segment });
    current = face;
  }
  return runs;
}

type Doc = PDFKit.PDFDocument;

const BOX = 0.62; // width of a fallback box, in em
const BOX_GAP = 0.08;

function runWidth(doc: Doc, r: Run, size: number): number {
  if (r.face === MISSING) return [...graphemes.segment(r.text)].length * (BOX + BOX_GAP) * size;
  return doc.font(r.face).fontSize(size).widthOfString(r.text);
}

function lineWidth(doc: Doc, runs: Run[], size: number): number {
  return runs.reduce((sum, r) => sum + runWidth(doc, r, size), 0);
}

/**
 * Characters no embedded face has, drawn as framed boxes holding their code point (like a
 * "last resort" font): visibly a character that could not be printed, never a blank or a
 * misleading glyph. Returns the x after the last box.
 */
function drawMissing(doc: Doc, text: string, x: number, baseline: number, size: number, color: string): number {
  const small = Math.max(size * 0.19, 3);
  for (const { segment } of graphemes.segment(text)) {
    const hex = segment.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
    const w = BOX * size;
    const top = baseline - size * 0.72;
    doc
      .lineWidth(Math.max(size / 30, 0.4))
      .strokeColor(color)
      .rect(x + (BOX_GAP * size) / 2, top, w, size * 0.8)
      .stroke();
    const rows = hex.length > 4 ? [hex.slice(0, hex.length - 3), hex.slice(-3)] : [hex.slice(0, 2), hex.slice(2)];
    rows.forEach((row, i) => {
      doc.font("latin-700").fontSize(small).fillColor(color);
      const rw = doc.widthOfString(row);
      doc.text(row, x + (BOX_GAP * size) / 2 + (w - rw) / 2, top + size * 0.36 + i * small * 1.15, { lineBreak: false, baseline: "alphabetic" });
    });
    x += (BOX + BOX_GAP) * size;
  }
  return x;
}

/** Draws runs left to right from x on a baseline. */
function drawRuns(doc: Doc, runs: Run[], x: number, y: number, size: number, color: string) {
  for (const r of runs) {
    if (r.face === MISSING) {
      x = drawMissing(doc, r.text, x, y, size, color);
      continue;
    }
    doc.font(r.face).fontSize(size).fillColor(color);
    doc.text(r.text, x, y, { lineBreak: false, baseline: "alphabetic" });
    x += doc.widthOfString(r.text);
  }
}

/**
 * Greedy line breaking at word boundaries (dictionary-based for Lao, Thai and Khmer); a word wider
 * than the line on its own is broken between grapheme clusters.
 */
function wrap(doc: Doc, text: string, size: number, weight: Weight, maxWidth: number, locale: string): string[] {
  const fits = (s: string) => lineWidth(doc, splitRuns(s.trim(), weight), size) <= maxWidth;
  const pieces = [...new Intl.Segmenter(locale, { granularity: "word" }).segment(text)].flatMap(({ segment }) =>
    fits(segment) ? [segment] : [...graphemes.segment(segment)].map((g) => g.segment),
  );
  const lines: string[] = [];
  let line = "";
  for (const piece of pieces) {
    const candidate = line + piece;
    if (line.trim() && !fits(candidate)) {
      lines.push(line.trim());
      line = piece.trimStart();
    } else line = candidate;
  }
  if (line.trim()) lines.push(line.trim());
  return lines;
}

type TextStyle = { size: number; weight?: Weight; color?: string; locale: string };

/**
 * Draws text centred on centerX with its first baseline at y; returns the y after the last line.
 * With draw false it only measures (the same wrapping, nothing drawn).
 */
function centred(doc: Doc, text: string, centerX: number, y: number, maxWidth: number, style: TextStyle, draw = true): number {
  const weight = style.weight ?? 400;
  const lineHeight = style.size * 1.45;
  for (const line of wrap(doc, text, style.size, weight, maxWidth, style.locale)) {
    if (!draw) {
      y += lineHeight;
      continue;
    }
    const runs = splitRuns(line, weight);
    doc.markContent("Span", { actual: line, lang: style.locale });
    drawRuns(doc, runs, centerX - lineWidth(doc, runs, style.size) / 2, y, style.size, style.color ?? "#1d2b36");
    doc.endMarkedContent();
    y += lineHeight;
  }
  return y;
}

/** The largest size, from style.size down to minSize, at which text wraps into maxLines or fewer. */
function fitSize(doc: Doc, text: string, maxWidth: number, style: TextStyle, maxLines: number, minSize: number): number {
  for (let size = style.size; size > minSize; size -= 2) if (wrap(doc, text, size, style.weight ?? 400, maxWidth, style.locale).length <= maxLines) return size;
  return minSize;
}

/** Left-aligned single line (no wrapping), baseline at y. */
function leftLine(doc: Doc, text: string, x: number, y: number, style: TextStyle) {
  doc.markContent("Span", { actual: text, lang: style.locale });
  drawRuns(doc, splitRuns(text, style.weight ?? 400), x, y, style.size, style.color ?? "#1d2b36");
  doc.endMarkedContent();
}

function drawQr(doc: Doc, url: string, x: number, y: number, size: number) {
  const qr = QRCode.create(url, { errorCorrectionLevel: "M" });
  const n = qr.modules.size;
  const quiet = 2;
  const cell = size / (n + quiet * 2);
  doc.rect(x, y, size, size).fill("#ffffff");
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) doc.rect(x + (c + quiet) * cell, y + (r + quiet) * cell, cell, cell);
  doc.fill("#000000");
}

/** The largest size, from style.size down to minSize (in half points), at which text fits on one line of maxWidth. */
function fitLine(doc: Doc, text: string, maxWidth: number, style: TextStyle, minSize: number): number {
  const runs = splitRuns(text, style.weight ?? 400);
  for (let size = style.size; size > minSize; size -= 0.5) if (lineWidth(doc, runs, size) <= maxWidth) return size;
  return minSize;
}

type OpenedImage = { width: number; height: number };
const opened = new WeakMap<Doc, Map<Buffer, OpenedImage>>();

/** The image opened once per document (pdfkit embeds it once and reuses it). */
function openImage(doc: Doc, image: PdfImage): OpenedImage | null {
  let cache = opened.get(doc);
  if (!cache) opened.set(doc, (cache = new Map()));
  const hit = cache.get(image.bytes);
  if (hit) return hit;
  try {
    const img = (doc as unknown as { openImage(src: Buffer): OpenedImage }).openImage(image.bytes);
    cache.set(image.bytes, img);
    return img;
  } catch {
    return null;
  }
}

/** The size the image is drawn at, fitted into maxWidth × maxHeight keeping its proportions (never enlarged beyond 2×). */
function imageSize(doc: Doc, image: PdfImage, maxWidth: number, maxHeight: number): { width: number; height: number } | null {
  const img = openImage(doc, image);
  if (!img) return null;
  const scale = Math.min(maxWidth / img.width, maxHeight / img.height, 2);
  return { width: img.width * scale, height: img.height * scale };
}

/** Draws an image fitted into the box at (x, y); returns the size drawn, or null when it cannot be drawn (nothing is drawn then). */
function drawImage(doc: Doc, image: PdfImage, x: number, y: number, maxWidth: number, maxHeight: number): { width: number; height: number } | null {
  const size = imageSize(doc, image, maxWidth, maxHeight);
  const img = openImage(doc, image);
  if (!size || !img) return null;
  try {
    doc.image(img as unknown as Buffer, x, y, { width: size.width, height: size.height });
  } catch {
    return null;
  }
  return size;
}

/** Texts in one language; the route fills them from the translations. */
export type PdfLabels = {
  title: string;
  certifies: string;
  body: string;
  courseTitle: string;
  achievedOn: string;
};

/** An image to print (validated when it was uploaded: app/certificates/organisation.server.ts). */
export type PdfImage = { bytes: Buffer };

export type CertificatePdfInput = {
  code: string;
  holderName: string;
  /** The name in Latin letters, printed under the name ("" for none). */
  holderNameLatin: string;
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
  /** Printed under the name when some of its characters have no embedded font. */
  glyphsMissing: string;
  /** The study hours, in the local language (null when English only) and English; null when unknown. */
  hours: { local: string | null; english: string } | null;
  /** The issuing organisation's logo, printed at the top left. */
  logo: PdfImage | null;
  /** Who signs: a signature line with their name and title, the signature image above it if any. */
  signatory: { name: string; title: string; image: PdfImage | null } | null;
};

export function renderCertificatePdf(input: CertificatePdfInput): Promise<Buffer> {
  const holderName = printableName(input.holderName);
  const doc = new PDFDocument({
    size: "A4",
    layout: "landscape",
    margin: 0,
    lang: input.locale,
    info: { Title: `${input.english.title} — ${holderName}`, Author: input.issuer, Subject: input.english.courseTitle, Keywords: input.code },
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

  doc
    .lineWidth(3)
    .strokeColor(accent)
    .rect(24, 24, W - 48, H - 48)
    .stroke();
  doc
    .lineWidth(0.8)
    .strokeColor(accent)
    .rect(32, 32, W - 64, H - 64)
    .stroke();

  // The issuer at the top left, after its logo when there is one (at most 150 × 44 pt).
  const logoBox = input.logo ? drawImage(doc, input.logo, 52, 40, 150, 44) : null;
  const issuerX = logoBox ? 52 + logoBox.width + 12 : 56;
  const issuerStyle: TextStyle = { size: 11, weight: 700, color: accent, locale: loc };
  // The band above the title is free across the page: the name may use it all, shrinking only if it must.
  issuerStyle.size = fitLine(doc, input.issuer, W - 56 - issuerX, issuerStyle, 7);
  leftLine(doc, input.issuer, issuerX, logoBox ? 40 + logoBox.height / 2 + issuerStyle.size / 3 : 62, issuerStyle);

  // The main column, measured first: when a long name, its Latin spelling or long titles would run
  // into the footer (the QR code's top), every size and gap shrinks together until it fits.
  const column = (draw: boolean, k: number): number => {
    let y = 78;
    const put = (text: string, x: number, at: number, width: number, style: TextStyle) =>
      centred(doc, text, x, at, width, { ...style, size: style.size * k }, draw);
    // Title: the holder's language first, then English.
    if (local) {
      y = put(local.title, cx, y + 22 * k, maxWidth, { size: 26, weight: 700, color: accent, locale: loc });
      y = put(input.english.title, cx, y - 4 * k, maxWidth, { size: 14, color: soft, locale: "en" });
    } else y = put(input.english.title, cx, y + 22 * k, maxWidth, { size: 26, weight: 700, color: accent, locale: "en" });

    y += 14 * k;
    if (local) {
      y = put(local.certifies, cx, y, maxWidth, { size: 13, color: ink, locale: loc });
      y = put(input.english.certifies, cx, y - 4 * k, maxWidth, { size: 10, color: soft, locale: "en" });
    } else y = put(input.english.certifies, cx, y, maxWidth, { size: 13, color: ink, locale: "en" });

    // The name: the region the shaping test looks at. Shrunk to fit two lines at most.
    const nameStyle: TextStyle = { size: 30, weight: 700, color: ink, locale: loc };
    nameStyle.size = fitSize(doc, holderName, maxWidth, { ...nameStyle, size: 30 * k }, 2, 14) / k;
    y = put(holderName, cx, y + 26 * k, maxWidth, nameStyle);
    if (draw)
      doc
        .moveTo(cx - 180, y - nameStyle.size * k * 0.87)
        .lineTo(cx + 180, y - nameStyle.size * k * 0.87)
        .lineWidth(0.6)
        .strokeColor("#9aa9b3")
        .stroke();
    if (splitRuns(holderName, 700).some((r) => r.face === MISSING))
      y = put(input.glyphsMissing, cx, y - 10 * k, maxWidth, { size: 8, color: soft, locale: loc }) + 8 * k;
    // The name in Latin letters, under the rule: one line, shrunk to fit.
    const latin = printableName(input.holderNameLatin);
    if (latin && latin !== holderName) {
      const latinStyle: TextStyle = { size: 14, color: ink, locale: "en" };
      latinStyle.size = fitSize(doc, latin, maxWidth, { ...latinStyle, size: 14 * k }, 1, 8) / k;
      y = put(latin, cx, y - 6 * k, maxWidth, latinStyle) + 2 * k;
    }

    y += 2 * k;
    if (local) {
      y = put(local.body, cx, y, maxWidth, { size: 13, color: ink, locale: loc });
      y = put(input.english.body, cx, y - 4 * k, maxWidth, { size: 10, color: soft, locale: "en" });
    } else y = put(input.english.body, cx, y, maxWidth, { size: 13, color: ink, locale: "en" });

    y += 8 * k;
    if (local && local.courseTitle !== input.english.courseTitle) {
      y = put(local.courseTitle, cx, y + 4 * k, maxWidth, { size: 18, weight: 700, color: ink, locale: loc });
      y = put(input.english.courseTitle, cx, y - 4 * k, maxWidth, { size: 12, color: soft, locale: "en" });
    } else y = put(input.english.courseTitle, cx, y + 4 * k, maxWidth, { size: 18, weight: 700, color: ink, locale: "en" });
    if (input.cohort) y = put(input.cohort, cx, y, maxWidth, { size: 11, color: soft, locale: loc });

    y += 4 * k;
    if (local) {
      y = put(local.achievedOn, cx, y, maxWidth, { size: 11, color: ink, locale: loc });
      y = put(input.english.achievedOn, cx, y - 4 * k, maxWidth, { size: 9, color: soft, locale: "en" });
    } else y = put(input.english.achievedOn, cx, y, maxWidth, { size: 11, color: ink, locale: "en" });

    if (input.hours) {
      const both = input.hours.local ? `${input.hours.local} · ${input.hours.english}` : input.hours.english;
      y = put(both, cx, y, maxWidth, { size: 10, color: ink, locale: input.hours.local ? loc : "en" });
    }

    // What it certifies: the rules met with their figures, the workshop's dates (the hours have their line above).
    if (input.criteria.length > 0) y = put(input.criteria.join(" · "), cx, y + 6 * k, maxWidth, { size: 9, color: soft, locale: local ? loc : "en" });
    return y;
  };
  const bottom = H - 56 - 92 - 12 - 6; // the QR code's top, less a margin
  let k = 1;
  while (k > 0.7 && column(false, k) > bottom) k -= 0.05;
  column(true, k);

  // Footer: who issued it, the code, and where to check it.
  const qrSize = 92;
  const qrX = W - 56 - qrSize;
  const qrY = H - 56 - qrSize - 12;
  drawQr(doc, input.verifyUrl, qrX, qrY, qrSize);
  centred(doc, input.scan, qrX + qrSize / 2, qrY + qrSize + 12, qrSize + 40, { size: 8, color: soft, locale: loc });
  const fy = H - 104;
  // The signature block sits between the footer's text and the QR code; the text shrinks to its column.
  const sigWidth = 210;
  const sigX = qrX - 28 - sigWidth;
  const footerWidth = sigX - 20 - 56;
  const footerLine = (text: string, y: number, style: TextStyle) => leftLine(doc, text, 56, y, { ...style, size: fitLine(doc, text, footerWidth, style, 6) });
  footerLine(input.issuedBy, fy, { size: 10, weight: 700, color: ink, locale: loc });
  footerLine(input.codeLine, fy + 16, { size: 10, color: ink, locale: loc });
  footerLine(`${input.verifyAt} ${input.verifyUrl}`, fy + 32, { size: 9, color: soft, locale: loc });
  doc.link(56, fy + 22, footerWidth, 14, input.verifyUrl);
  if (input.signatory && (input.signatory.name || input.signatory.image)) {
    const sigCx = sigX + sigWidth / 2;
    const lineY = fy + 6;
    if (input.signatory.image) {
      const box = imageSize(doc, input.signatory.image, sigWidth - 20, 48);
      if (box) drawImage(doc, input.signatory.image, sigCx - box.width / 2, lineY - 2 - box.height, box.width, box.height);
    }
    doc
      .moveTo(sigX, lineY)
      .lineTo(sigX + sigWidth, lineY)
      .lineWidth(0.6)
      .strokeColor("#9aa9b3")
      .stroke();
    const signerStyle: TextStyle = { size: 10, weight: 700, color: ink, locale: loc };
    if (input.signatory.name)
      centred(doc, input.signatory.name, sigCx, lineY + 14, sigWidth, { ...signerStyle, size: fitLine(doc, input.signatory.name, sigWidth, signerStyle, 6) });
    const titleStyle: TextStyle = { size: 9, color: soft, locale: loc };
    if (input.signatory.title)
      centred(doc, input.signatory.title, sigCx, lineY + 28, sigWidth, { ...titleStyle, size: fitLine(doc, input.signatory.title, sigWidth, titleStyle, 6) });
  }

  doc.end();
  return done;
}
