// Fonts as a browser downloads them: real Chromium (Playwright) loads a page and every font
// response is recorded, so unicode-range, the page's language and Lite mode all count exactly as
// they do for a learner. `npm run bench` prints these figures; `npm run bench:fonts` prints only them.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser } from "@playwright/test";
import { ScratchServer } from "./scratch-server";

export type FontLoad = { label: string; url: string; files: { name: string; bytes: number }[]; bytes: number; budget: number };

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/** The pages measured; Thai and Khmer default to the English lesson with the UI in that language. */
export const FONT_PAGES = (lesson: string, laoLesson: string, thaiLesson = withLanguage(lesson, "th"), khmerLesson = withLanguage(lesson, "km")) => [
  { label: "English lesson", url: lesson, lite: false, budget: 40 * 1024 },
  { label: "Lao lesson", url: laoLesson, lite: false, budget: 80 * 1024 },
  { label: "Thai lesson", url: thaiLesson, lite: false, budget: 80 * 1024 },
  { label: "Khmer lesson", url: khmerLesson, lite: false, budget: 80 * 1024 },
  { label: "English lesson, Lite mode", url: lesson, lite: true, budget: 15 * 1024 },
  { label: "Lao lesson, Lite mode", url: laoLesson, lite: true, budget: 15 * 1024 },
  { label: "Thai lesson, Lite mode", url: thaiLesson, lite: true, budget: 15 * 1024 },
  { label: "Khmer lesson, Lite mode", url: khmerLesson, lite: true, budget: 15 * 1024 },
];

function withLanguage(url: string, lng: string) {
  return `${url}${url.includes("?") ? "&" : "?"}lng=${lng}`;
}

/** Loads each page in a fresh browser context (an empty cache: a first visit) and sums its font responses. */
export async function measureFonts(base: string, cookie: string, pages: ReturnType<typeof FONT_PAGES>): Promise<FontLoad[]> {
  const browser: Browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  const out: FontLoad[] = [];
  try {
    for (const p of pages) {
      const context = await browser.newContext({
        viewport: { width: 360, height: 780 },
        extraHTTPHeaders: p.lite ? { "Save-Data": "on" } : {},
      });
      const [name, value] = cookie.split("=") as [string, string];
      await context.addCookies([{ name, value, url: base }]);
      const page = await context.newPage();
      const files: { name: string; bytes: number }[] = [];
      const pending: Promise<void>[] = [];
      page.on("response", (res) => {
        if (res.request().resourceType() !== "font") return;
        pending.push(
          res.body().then(
            (b) => void files.push({ name: path.basename(new URL(res.url()).pathname), bytes: Number(res.headers()["content-length"] ?? b.length) }),
            () => undefined,
          ),
        );
      });
      await page.goto(`${base}${p.url}`, { waitUntil: "load" });
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      await page.waitForLoadState("networkidle");
      await Promise.all(pending);
      await context.close();
      out.push({ label: p.label, url: p.url, files, bytes: files.reduce((s, f) => s + f.bytes, 0), budget: p.budget });
    }
  } finally {
    await browser.close();
  }
  return out;
}

export function fontTable(rows: FontLoad[]) {
  const lines = [
    "## Fonts a first visit downloads (Chromium, 360 px, empty cache)",
    "| page | fonts | files | budget | |",
    "|---|---:|---|---:|---|",
    ...rows.map(
      (r) =>
        `| ${r.label} | ${kb(r.bytes)} | ${r.files.map((f) => `${f.name.replace(/-normal-[^.]+/, "")} ${kb(f.bytes)}`).join(", ") || "none"} | ≤ ${kb(r.budget)} | ${r.bytes <= r.budget ? "MET" : "NOT MET"} |`,
    ),
  ];
  return lines.join("\n") + "\n";
}

// Standalone: npm run bench:fonts
if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.BENCH_PORT ?? 3500);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shp-bench-fonts-"));
  const server = new ScratchServer(port, dir, "listening");
  await server.start();
  try {
    const cookie = await server.login("learner@example.org");
    const lesson = process.env.BENCH_FONT_LESSON ?? "/courses/shp-foundations/why-social-health-protection/out-of-pocket-and-catastrophic-spending";
    const lao = process.env.BENCH_FONT_LAO_LESSON ?? `${lesson}?lng=lo`;
    console.log(fontTable(await measureFonts(server.base, cookie, FONT_PAGES(lesson, lao))));
  } finally {
    await server.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
