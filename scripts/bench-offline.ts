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
  let worst = 0;
  for (const course of catalog.courses) {
    for (const lng of LOCALES) {
      let pages = 0;
      let pageBytes = 0;
      const assets = new Set(["/offline-client.js", "/favicon.svg"]);
      for (const page of offlinePages(course)) {
        const url = `${base}${page}${page.includes("?") ? "&" : "?"}lng=${lng}`;
        const res = await fetch(url, { headers: { Cookie: cookie, Accept: "text/html", "X-SHP-Offline": "download" }, redirect: "manual" });
        if (res.status !== 200) continue;
        const html = await res.text();
        pages++;
        pageBytes += Buffer.byteLength(html);
        for (const m of html.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)) assets.add(m[1]!);
      }
      for (const css of [...assets].filter((a) => a.endsWith(".css"))) {
        const text = await (await fetch(`${base}${css}`)).text();
        for (const m of text.matchAll(/url\(\s*["']?([^)"']+\.woff2)/g)) assets.add(new URL(m[1]!, `${base}${css}`).pathname);
      }
      let assetBytes = 0;
      for (const a of assets) assetBytes += (await (await fetch(`${base}${a}`)).arrayBuffer()).byteLength;
      const total = pageBytes + assetBytes;
      worst = Math.max(worst, total);
      rows.push(
        `| ${course.slug} | ${lng} | ${pages} | ${mb(pageBytes)} | ${mb(assetBytes)} (${assets.size} files) | **${mb(total)}** | ${mb(estimateOfflineBytes(course, lng))} |`,
      );
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

## Script the offline feature adds
- to every page of a learner who stored a course (Lite mode included): /offline-client.js ${(gz(client) / 1024).toFixed(1)} KB gzip, ${(br(client) / 1024).toFixed(1)} KB brotli; to anyone else's page: 0 KB.
- the service worker, /sw.js (fetched by the browser once per update, not per page): ${(gz(sw) / 1024).toFixed(1)} KB gzip, ${(br(sw) / 1024).toFixed(1)} KB brotli.

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
