// @ts-check
// `npm start` runs these steps in order, each a script of its own:
//   1. build    `npm run build` when the build is missing or older than the sources;
//   2. setup    `npm run setup` = db:migrate (data directory writable, database sound by
//               quick_check, migrations applied) then db:seed (demo data unless SEED_DEMO=off);
//   3. serve    on $PORT (3000) with one worker process per CPU core (WEB_CONCURRENCY; see
//               docs/decisions/0008-one-worker-per-core.md). A step that fails stops the start
//               with its one-line message and exit code 1.
// Plain JavaScript (checked by tsc through // @ts-check and JSDoc): it has to run before anything
// is built, with nothing but Node.
import { execFileSync, execSync } from "node:child_process";
import cluster from "node:cluster";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = process.cwd();
process.env.NODE_ENV ??= "production";
const port = Number(process.env.PORT ?? 3000);

/** Restarting a worker that died: the delay doubles per death in the last minute, up to the cap. */
const RESTART_BACKOFF = { firstMs: 200, maxMs: 15_000, windowMs: 60_000 };

/**
 * How long to wait before replacing a dead worker, given how many died in the last minute
 * (including this one): 0 for the first, then 200 ms, 400 ms… capped at 15 s. Never "give up".
 * @param {number} recentDeaths
 */
function restartDelay(recentDeaths) {
  if (recentDeaths <= 1) return 0;
  return Math.min(RESTART_BACKOFF.maxMs, RESTART_BACKOFF.firstMs * 2 ** (recentDeaths - 2));
}

/** @param {string} dir */
function newestMtime(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Step 1: build if the build is missing or older than the sources. */
function buildIfStale() {
  const marker = path.join(root, "build", "server", "index.js");
  const sources = ["app", "public", "db", "package.json", "vite.config.ts", "react-router.config.ts"]
    .map((p) => path.join(root, p))
    .filter((p) => fs.existsSync(p))
    .map((p) => (fs.statSync(p).isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs));
  if (!fs.existsSync(marker) || fs.statSync(marker).mtimeMs < Math.max(...sources)) {
    console.log("Building SHP Campus (first start or sources changed)…");
    execSync("npm run build", { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  }
}

/** Step 2: migrate and seed (scripts/setup.ts); its own message and exit code 1 on failure. */
function setup() {
  try {
    execFileSync(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), path.join(root, "scripts", "setup.ts")], { stdio: "inherit" });
  } catch {
    process.exit(1); // the step printed why
  }
}

function warnAboutConfiguration() {
  if (!process.env.PUBLIC_ORIGIN?.trim())
    console.warn(
      `warning: PUBLIC_ORIGIN is not set: links in e-mails, QR codes, join links and signed credentials will name http://localhost:${port}. ` +
        `Set PUBLIC_ORIGIN (e.g. https://campus.example.org) to the address people use.`,
    );
}

function workerCount() {
  const raw = process.env.WEB_CONCURRENCY;
  if (raw === undefined || raw.trim() === "") return os.availableParallelism();
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    console.error(`Invalid environment configuration:\n  WEB_CONCURRENCY: a whole number from 1 to 64 (got "${raw}")\nSee README.md, "Configuration".`);
    process.exit(1);
  }
  return n;
}

/** Warms the first worker (database handle, caches) through a request rather than a visitor's. */
async function openDatabaseThroughHealthz() {
  for (let i = 0; i < 50; i++) {
    if (
      await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** This process serves HTTP itself (the only process, or one cluster worker). */
async function serve() {
  const { createServer } = await import(path.join(root, "server.mjs"));
  const app = await createServer();
  const server = app.listen(port, () => {
    if (cluster.isWorker) process.send?.({ type: "listening" });
    else {
      console.log(`SHP Campus is running at http://localhost:${port}`);
      void openDatabaseThroughHealthz();
    }
  });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
}

/**
 * The primary of a cluster: starts one worker and lets it compile the lessons into the disk cache
 * (so no two processes compile at once), then starts the others. A worker that dies is replaced
 * after a back-off (restartDelay) while the others keep serving; the primary never gives up once
 * the service has served. Only when the very first worker fails before serving (invalid
 * configuration…) does it stop, since every worker would fail the same way.
 * SIGINT/SIGTERM stop every worker first.
 * @param {number} count
 */
function runPrimary(count) {
  cluster.setupPrimary({ exec: fileURLToPath(import.meta.url) });
  let stopping = false;
  let served = false;
  let ready = 0;
  /** @type {number[]} */
  const deaths = [];

  /**
   * Starts a worker; resolves once it listens, with a promise of its lessons being compiled.
   * @returns {Promise<{ lessons: Promise<void> }>}
   */
  const fork = () =>
    new Promise((resolve) => {
      const worker = cluster.fork();
      /** @type {() => void} */
      let lessonsReady = () => {};
      /** @type {Promise<void>} */
      const lessons = new Promise((r) => (lessonsReady = r));
      worker.on("message", (/** @type {{ type?: string, lessons?: number }} */ m) => {
        if (m?.type === "listening") {
          served = true;
          resolve({ lessons });
        }
        if (m?.type === "lessons-ready") {
          lessonsReady();
          if (++ready === count) console.log(`content: ${m.lessons} lessons ready in all ${count} workers`);
        }
      });
    });

  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    if (!served) {
      // The first worker failed before serving: it printed why; another would fail the same way.
      console.error(`A worker stopped before serving (${signal ?? `exit code ${code}`}): stopping.`);
      process.exit(1);
    }
    const now = Date.now();
    deaths.push(now);
    while (deaths.length && (deaths[0] ?? now) < now - RESTART_BACKOFF.windowMs) deaths.shift();
    const delay = restartDelay(deaths.length);
    const alive = Object.keys(cluster.workers ?? {}).length;
    console.error(
      `worker ${worker.process.pid} died (${signal ?? code}); ${deaths.length} in the last minute, ${alive} still serving; ` +
        (delay ? `starting another in ${delay} ms` : "starting another"),
    );
    ready = Math.max(0, ready - 1);
    setTimeout(() => {
      if (!stopping) void fork();
    }, delay);
  });

  for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) {
    process.on(signal, () => {
      stopping = true;
      const workers = Object.values(cluster.workers ?? {});
      if (workers.length === 0) process.exit(0);
      let left = workers.length;
      for (const w of workers) {
        w?.once("exit", () => --left === 0 && process.exit(0));
        w?.process.kill(signal);
      }
    });
  }

  void (async () => {
    const first = await fork();
    await openDatabaseThroughHealthz();
    console.log(`SHP Campus is running at http://localhost:${port} (${count} worker processes)`);
    if (count > 1) {
      // The others start once the first has every lesson compiled (production only; entry.server
      // compiles at start only there): they then read the disk cache.
      if (process.env.NODE_ENV === "production") await first.lessons;
      for (let i = 1; i < count; i++) await fork();
    }
  })();
}

if (cluster.isWorker) {
  await serve();
} else {
  const count = workerCount();
  warnAboutConfiguration();
  buildIfStale();
  setup();
  if (count === 1) await serve();
  else runPrimary(count);
}
