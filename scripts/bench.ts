// npm run bench — performance figures for SHP Campus (not part of npm test).
// Builds (if stale) and starts the production server on a scratch database with the demo seed,
// then measures with autocannon: catalog, course and lesson pages (logged in) and quiz submission
// at 10, 50 and 200 connections (each after an unrecorded warm-up of BENCH_WARMUP_SECONDS, default 2);
// as the ceiling, the same lesson HTML from a bare node:http server; and page weight (compressed
// bytes of a lesson's first load by kind).
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import autocannon from "autocannon";
import { benchEvaluation } from "./bench-evaluation";
import { benchCredentials } from "./bench-credentials";
import { benchReports } from "./bench-reports";
import { benchOffline } from "./bench-offline";
import { FONT_PAGES, fontTable, measureFonts } from "./bench-fonts";
import { ScratchServer } from "./scratch-server";

// BENCH_PORT (default 3500) for the app; the bare static server uses the next port.
const PORT = Number(process.env.BENCH_PORT ?? 3500);
const STATIC_PORT = PORT + 1;
const BASE = `http://127.0.0.1:${PORT}`;

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? "10,50,200").split(",").map(Number);
const LESSON = "/courses/shp-foundations/why-social-health-protection/out-of-pocket-and-catastrophic-spending";
const QUIZ = "/courses/shp-foundations/why-social-health-protection/quiz";

type Row = { name: string; connections: number; rps: number; p50: number; p95: number; p99: number; errors: number; non2xx: number; cpuPerReq?: number | null };

let server: ScratchServer;

const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const settle = () => new Promise((r) => setTimeout(r, 500));

async function run(name: string, connections: number, opts: Partial<autocannon.Options>): Promise<Row> {
  // Steady state only: a short unrecorded run first (JIT warm-up for this page), then a pause so that
  // requests still in flight from the previous run do not count against this one.
  if (WARMUP > 0) await autocannon({ url: BASE, connections, duration: WARMUP, ...opts } as autocannon.Options);
  await settle();
  const cpuBefore = server.cpuMs();
  const result = await autocannon({ url: BASE, connections, duration: DURATION, ...opts } as autocannon.Options);
  const cpuAfter = server.cpuMs();
  const lat = result.latency as unknown as Record<string, number>;
  const requests = result.requests.total;
  return {
    // Server CPU per request: the figure that least depends on what else runs on the machine.
    cpuPerReq: cpuBefore !== null && cpuAfter !== null && requests > 0 ? (cpuAfter - cpuBefore) / requests : null,
    name,
    connections,
    rps: Math.round(result.requests.average),
    p50: lat.p50!,
    p95: lat.p95 ?? lat.p97_5!,
    p99: lat.p99!,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

async function compressedSize(url: string, headers: Record<string, string>, encoding: "br" | "gzip") {
  const res = await fetch(url, { headers: { ...headers, "Accept-Encoding": encoding } });
  const raw = Buffer.from(await res.arrayBuffer()); // fetch decodes; re-encode the same way the server does
  const served = res.headers.get("content-encoding");
  const size =
    encoding === "br"
      ? zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: served === "br" && !url.includes("/assets/") ? 4 : 11 } }).length
      : zlib.gzipSync(raw).length;
  return { raw: raw.length, size, served, text: raw.toString("utf8") };
}

async function pageWeight(cookie: string, url: string, extra: Record<string, string> = {}) {
  const headers = { Cookie: cookie, Accept: "text/html", "Sec-Fetch-Dest": "document", ...extra };
  const html = await compressedSize(`${BASE}${url}`, headers, "br");
  const attr = (tag: string, name: string) => new RegExp(`${name}="([^"]+)"`).exec(tag)?.[1];
  const links = [...html.text.matchAll(/<link\b[^>]*>/g)].map((m) => m[0]);
  const css = links.filter((l) => /rel="stylesheet"/.test(l)).map((l) => attr(l, "href")!);
  const js = [
    ...new Set([
      ...links.filter((l) => /rel="modulepreload"/.test(l)).map((l) => attr(l, "href")!),
      ...[...html.text.matchAll(/import[^"]*"(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!),
    ]),
  ];
  let cssBytes = 0;
  for (const href of css) cssBytes += (await compressedSize(`${BASE}${href}`, {}, "br")).size;
  const lang = /<html lang="([a-z]+)"/.exec(html.text)?.[1] ?? "en";
  let jsBytes = 0;
  // The locale chunk loaded before hydration.
  const manifest = [...html.text.matchAll(/"(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const allJs = [...new Set([...js, ...manifest.filter((m) => /\/(en|lo|vi)-[^/]+\.js$/.test(m) && m.includes(`/${lang}-`))])];
  for (const src of allJs) jsBytes += (await compressedSize(`${BASE}${src}`, {}, "br")).size;
  return { html: html.size, htmlRaw: html.raw, css: cssBytes, js: jsBytes, jsFiles: allJs.length, served: html.served };
}

function table(rows: Row[]) {
  const cpu = rows.some((r) => r.cpuPerReq != null);
  const lines = [
    `| endpoint | conns | req/s | p50 ms | p95 ms | p99 ms | errors | non-2xx |${cpu ? " server CPU ms/req |" : ""}`,
    `|---|---:|---:|---:|---:|---:|---:|---:|${cpu ? "---:|" : ""}`,
  ];
  for (const r of rows)
    lines.push(
      `| ${r.name} | ${r.connections} | ${r.rps} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.errors} | ${r.non2xx} |${cpu ? ` ${r.cpuPerReq == null ? "–" : r.cpuPerReq.toFixed(1)} |` : ""}`,
    );
  return lines.join("\n");
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

const loadAtStart = os.loadavg();

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shp-bench-"));
  server = new ScratchServer(PORT, dir, "lessons-ready");
  await server.start();
  try {
    const cookie = await server.login("learner@example.org");
    // Quiz submissions come from another account: thousands of attempts by the learner whose pages
    // are measured would make every later course and lesson page aggregate them (no real learner has
    // thousands of attempts), and the rows would then measure the bench rather than the pages.
    const submitter = await server.login("trainer@example.org");
    const html = { Cookie: cookie, Accept: "text/html", "Sec-Fetch-Dest": "document", "Accept-Encoding": "br" };
    // Warm caches (MDX compile) before measuring.
    for (const u of ["/courses", "/courses/shp-foundations", LESSON, QUIZ]) await fetch(`${BASE}${u}`, { headers: html });

    const weight = await pageWeight(cookie, LESSON);
    const weightLo = await pageWeight(cookie, `${LESSON}?lng=lo`);
    const weightLite = await pageWeight(cookie, LESSON, { "Save-Data": "on" });
    // Fonts as Chromium downloads them on a first visit (unicode-range, language and Lite mode included).
    const fonts = await measureFonts(BASE, cookie, FONT_PAGES(LESSON, `${LESSON}?lng=lo`));
    const fontsOf = (label: string) => fonts.find((f) => f.label === label)!;

    const quizBody = "intent=submit&q0=a&q1=b&q2=true&q3=a&q4=b&q5=a&q6=true&q7=a";
    const rows: Row[] = [];
    for (const c of CONNECTIONS) {
      rows.push(await run("GET /courses (catalog)", c, { url: `${BASE}/courses`, headers: html }));
      rows.push(await run("GET /courses/:course", c, { url: `${BASE}/courses/shp-foundations`, headers: html }));
      rows.push(await run("GET lesson (logged in)", c, { url: `${BASE}${LESSON}`, headers: html }));
      rows.push(
        await run("POST module quiz submission", c, {
          url: `${BASE}${QUIZ}`,
          method: "POST",
          headers: { Cookie: submitter, Origin: BASE, "Content-Type": "application/x-www-form-urlencoded" },
          body: quizBody,
        }),
      );
    }

    // Ceiling: the same lesson HTML from a bare node:http server (brotli-compressed once, in memory).
    const lessonHtml = await (await fetch(`${BASE}${LESSON}`, { headers: { Cookie: cookie, Accept: "text/html", "Sec-Fetch-Dest": "document" } })).text();
    const br = zlib.brotliCompressSync(lessonHtml, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } });
    const bare = http.createServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Encoding": "br", "Content-Length": br.length });
      res.end(br);
    });
    await new Promise<void>((r) => bare.listen(STATIC_PORT, "127.0.0.1", r));
    const staticRows: Row[] = [];
    for (const c of CONNECTIONS) {
      const r = await autocannon({ url: `http://127.0.0.1:${STATIC_PORT}/`, connections: c, duration: DURATION, headers: { "Accept-Encoding": "br" } });
      const lat = r.latency as unknown as Record<string, number>;
      staticRows.push({
        name: "static lesson HTML (bare node:http)",
        connections: c,
        rps: Math.round(r.requests.average),
        p50: lat.p50!,
        p95: lat.p95 ?? lat.p97_5!,
        p99: lat.p99!,
        errors: r.errors + r.timeouts,
        non2xx: r.non2xx,
      });
    }
    bare.close();

    const lessonRows = rows.filter((r) => r.name.startsWith("GET lesson"));
    const ratio = lessonRows.map((r) => {
      const s = staticRows.find((x) => x.connections === r.connections)!;
      return `${r.connections} conns: app ${r.rps} req/s vs static ${s.rps} req/s = ${((r.rps / s.rps) * 100).toFixed(1)}% of the ceiling`;
    });

    const cpu = os.cpus();
    console.log(`Note: a quiz submission answers 302 (redirect to the result), counted as non-2xx by autocannon; errors are connection errors and timeouts.`);
    const workers = process.env.WEB_CONCURRENCY || String(os.availableParallelism());
    const load = (l: number[]) => l.map((x) => x.toFixed(1)).join(" ");
    console.log(
      `\n## Machine\n${cpu.length} × ${cpu[0]?.model ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}; ` +
        `server: ${workers} worker process(es) (WEB_CONCURRENCY); load generator on the same machine; ${DURATION} s per run; ` +
        `load average (1/5/15 min) at start ${load(loadAtStart)}, at end ${load(os.loadavg())}.\n`,
    );
    console.log(`## Throughput and latency\n${table(rows)}\n`);
    console.log(`## Ceiling: the same lesson HTML from a bare node:http server\n${table(staticRows)}\n\n${ratio.map((l) => `- ${l}`).join("\n")}\n`);
    const p95at50 = lessonRows.find((r) => r.connections === 50)?.p95;
    if (p95at50 !== undefined) console.log(`Budget: lesson p95 at 50 connections ≤ 50 ms — measured ${p95at50} ms: ${p95at50 <= 50 ? "MET" : "NOT MET"}\n`);
    const firstLoad = (w: typeof weight) => w.html + w.css + w.js;
    console.log(`## Page weight of a lesson's first load (brotli, as served)
| page | HTML | CSS | JS | fonts (woff2, as Chromium downloads them) | total excl. fonts | HTML+CSS |
|---|---:|---:|---:|---:|---:|---:|
| lesson, English | ${kb(weight.html)} (${kb(weight.htmlRaw)} raw) | ${kb(weight.css)} | ${kb(weight.js)} (${weight.jsFiles} files) | ${kb(fontsOf("English lesson").bytes)} (${fontsOf("English lesson").files.length}) | ${kb(firstLoad(weight))} | ${kb(weight.html + weight.css)} |
| lesson, Lao | ${kb(weightLo.html)} | ${kb(weightLo.css)} | ${kb(weightLo.js)} (${weightLo.jsFiles} files) | ${kb(fontsOf("Lao lesson").bytes)} (${fontsOf("Lao lesson").files.length}) | ${kb(firstLoad(weightLo))} | ${kb(weightLo.html + weightLo.css)} |
| lesson, Lite mode | ${kb(weightLite.html)} | ${kb(weightLite.css)} | ${kb(weightLite.js)} (${weightLite.jsFiles} files) | ${kb(fontsOf("English lesson, Lite mode").bytes)} | ${kb(firstLoad(weightLite))} | ${kb(weightLite.html + weightLite.css)} |

Budgets: first load ≤ 150 KB excluding fonts — ${firstLoad(weight) <= 150 * 1024 ? "MET" : "NOT MET"}; readable from HTML+CSS ≤ 30 KB — ${weight.html + weight.css <= 30 * 1024 ? "MET" : "NOT MET"}; Lite lesson ≤ 30 KB — ${firstLoad(weightLite) <= 30 * 1024 ? "MET" : "NOT MET"}. Server content-encoding: ${weight.served}.
`);
    console.log(fontTable(fonts));
    console.log(await benchOffline(BASE, cookie));
  } finally {
    await server.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
// Evaluation results over 10,000 responses (issue 16); BENCH_EVALUATION=0 skips it.
if (process.env.BENCH_EVALUATION !== "0") console.log(await benchEvaluation());

// Signing and checking credentials with eddsa-rdfc-2022 (ADR 0021); BENCH_CREDENTIALS=0 skips it.
if (process.env.BENCH_CREDENTIALS !== "0") console.log(await benchCredentials());
// Reports at scale (issue 6): 100,000 learners and 5 million progress rows in a scratch database
// (generated once, ~5 min, then reused). BENCH_REPORTS=0 skips it.
if (process.env.BENCH_REPORTS !== "0") console.log(await benchReports());
