// Offline courses (issue 17, docs/decisions/0018): stores every course in each language exactly as
// the device script does (app/offline/client.ts: the pages of offlinePages, then the scripts, styles
// and fonts they use) and adds up the bytes kept on the device (decoded, as Cache Storage keeps
// them); and the script the offline feature adds to a page. Budgets: ≤ 3 MB per course in one
// language, ≤ 10 KB compressed per page.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { loadCatalog } from "../app/content/catalog.server";
import { estimateOfflineBytes, offlinePages } from "../app/offline/offline.server";

const LOCALES = ["en", "lo", "vi"] as const;
const mb = (n: number) => `${(n / 1_000_000).toFixed(2)} MB`;

export async function benchOffline(base: string, cookie: string): Promise<string> {
  const catalog = loadCatalog(path.resolve("content"));
  const rows: string[] = [];
  const moduleRows: string[] = [];
  let worst = 0;
  // Each asset and each stylesheet's fonts fetched once (decoded bytes).
  const assetBytes = new Map<string, number>();
  const fontsOf = new Map<string, string[]>();
  const sizeOf = async (a: string) => {
    if (!assetBytes.has(a)) assetBytes.set(a, (await (await fetch(`${base}${a}`)).arrayBuffer()).byteLength);
    return assetBytes.get(a)!;
  };
  const withFonts = async (assets: Set<string>) => {
    for (const css of [...assets].filter((a) => a.endsWith(".css"))) {
      if (!fontsOf.has(css)) {
        const text = await (await fetch(`${base}${css}`)).text();
        fontsOf.set(
          css,
          [...text.matchAll(/url\(\s*["']?([^)"']+\.woff2)/g)].map((m) => new URL(m[1]!, `${base}${css}`).pathname),
        );
      }
      for (const f of fontsOf.get(css)!) assets.add(f);
    }
    return assets;
  };
  /** What the device stores for these pages: their HTML, then the scripts, styles and fonts they use. */
  const measure = async (pages: string[], html: Map<string, { bytes: number; assets: string[] }>) => {
    const assets = new Set(["/offline-client.js", "/favicon.svg"]);
    let pageBytes = 0;
    let stored = 0;
    for (const page of pages) {
      const p = html.get(page);
      if (!p) continue;
      stored++;
      pageBytes += p.bytes;
      for (const a of p.assets) assets.add(a);
    }
    await withFonts(assets);
    let bytes = 0;
    for (const a of assets) bytes += await sizeOf(a);
    return { stored, pageBytes, assetBytes: bytes, files: assets.size, total: pageBytes + bytes };
  };
  for (const course of catalog.courses) {
    for (const lng of LOCALES) {
      const html = new Map<string, { bytes: number; assets: string[] }>();
      for (const page of offlinePages(course)) {
        const url = `${base}${page}${page.includes("?") ? "&" : "?"}lng=${lng}`;
        const res = await fetch(url, { headers: { Cookie: cookie, Accept: "text/html", "X-SHP-Offline": "download" }, redirect: "manual" });
        if (res.status !== 200) continue;
        const text = await res.text();
        html.set(page, { bytes: Buffer.byteLength(text), assets: [...text.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!) });
      }
      const c = await measure(offlinePages(course), html);
      worst = Math.max(worst, c.total);
      rows.push(
        `| ${course.slug} | ${lng} | ${c.stored} | ${mb(c.pageBytes)} | ${mb(c.assetBytes)} (${c.files} files) | **${mb(c.total)}** | ${mb(estimateOfflineBytes(course, lng))} |`,
      );
      for (const m of course.modules) {
        const r = await measure(offlinePages(course, m.slug), html);
        moduleRows.push(
          `| ${course.slug} | ${m.slug} | ${lng} | ${r.stored} | **${mb(r.total)}** | ${mb(estimateOfflineBytes(course, lng, undefined, m.slug))} |`,
        );
      }
    }
  }
  const client = fs.readFileSync(path.resolve("build/client/offline-client.js"));
  const sw = fs.readFileSync(path.resolve("build/client/sw.js"));
  const br = (b: Buffer) => zlib.brotliCompressSync(b).length;
  const gz = (b: Buffer) => zlib.gzipSync(b, { level: 9 }).length;
  const perPage = Math.max(br(client), gz(client));
  return `## Offline courses: bytes stored on the device per course and language
| course | language | pages | pages (HTML) | scripts, styles, fonts | total | estimate shown on the course page |
|---|---|---:|---:|---:|---:|---:|
${rows.join("\n")}

Budget: ≤ 3 MB per course in one language — largest ${mb(worst)}: ${worst <= 3_000_000 ? "MET" : "NOT MET"}.

## Offline modules: bytes stored for one module (its lessons and quiz, the outline, glossary, offline pages, and the shared scripts, styles and fonts)
| course | module | language | pages | total | estimate shown on the course page |
|---|---|---|---:|---:|---:|
${moduleRows.join("\n")}

## Script the offline feature adds
- to every page of a learner who stored a course (Lite mode included): /offline-client.js ${(gz(client) / 1024).toFixed(1)} KB gzip, ${(br(client) / 1024).toFixed(1)} KB brotli; to anyone else's page: 0 KB.
- the service worker, /sw.js (${(sw.length / 1024).toFixed(1)} KB; fetched by the browser once per update, not per page): ${(gz(sw) / 1024).toFixed(1)} KB gzip, ${(br(sw) / 1024).toFixed(1)} KB brotli.

Budget: ≤ 10 KB compressed per page — ${(perPage / 1024).toFixed(1)} KB: ${perPage <= 10 * 1024 ? "MET" : "NOT MET"}.
`;
}

// `npm run bench:offline`: this part alone, on its own scratch server (BENCH_PORT, default 3500).
if (process.argv[1]?.endsWith("bench-offline.ts")) {
  const { ScratchServer } = await import("./scratch-server");
  const os = await import("node:os");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shp-bench-offline-"));
  const server = new ScratchServer(Number(process.env.BENCH_PORT ?? 3500), dir, "lessons-ready");
  await server.start();
  try {
    console.log(await benchOffline(server.base, await server.login("learner@example.org")));
  } finally {
    await server.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
