// `npm start`: build if the build is missing or older than the sources, open and migrate the
// database (seeding demo data unless SEED_DEMO=off), then serve on $PORT (3000) with one worker
// process per CPU core (WEB_CONCURRENCY; see docs/decisions/0008-one-worker-per-core.md).
import { execSync } from "node:child_process";
import cluster from "node:cluster";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = process.cwd();
process.env.NODE_ENV ??= "production";
const port = Number(process.env.PORT ?? 3000);

function newestMtime(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

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

/** Opens, migrates and seeds the database through the first request rather than a visitor's. */
async function openDatabaseThroughHealthz() {
  for (let i = 0; i < 50; i++) {
    if (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** This process serves HTTP itself (the only process, or one cluster worker). */
async function serve() {
  const { createServer } = await import(path.join(root, "server.mjs"));
  const app = await createServer();
  const server = app.listen(port, () => {
    if (cluster.isWorker) process.send({ type: "listening" });
    else {
      console.log(`SHP Campus is running at http://localhost:${port}`);
      void openDatabaseThroughHealthz();
    }
  });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
}

/**
 * The primary of a cluster: starts one worker and lets it open, migrate and seed the database and
 * compile the lessons into the disk cache (so no two processes migrate or compile at once), then
 * starts the others. A worker that dies is replaced; SIGINT/SIGTERM stop every worker first.
 */
function runPrimary(count) {
  cluster.setupPrimary({ exec: fileURLToPath(import.meta.url) });
  let stopping = false;
  let ready = 0;
  const deaths = [];
  const listened = new Set();

  /** Starts a worker; resolves once it listens, with a promise of its lessons being compiled. */
  const fork = () =>
    new Promise((resolve) => {
      const worker = cluster.fork();
      let lessonsReady;
      const lessons = new Promise((r) => (lessonsReady = r));
      worker.on("message", (m) => {
        if (m?.type === "listening") {
          listened.add(worker.id);
          resolve({ worker, lessons });
        }
        if (m?.type === "lessons-ready") {
          lessonsReady();
          if (++ready === count) console.log(`content: ${m.lessons} lessons ready in all ${count} workers`);
        }
      });
    });

  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    // A worker that fails before it serves (invalid configuration, unreadable database…) has
    // printed why; starting another would fail the same way.
    if (!listened.has(worker.id)) {
      console.error(`A worker stopped before serving (${signal ?? `exit code ${code}`}): stopping.`);
      process.exit(1);
    }
    const now = Date.now();
    deaths.push(now);
    while (deaths.length && deaths[0] < now - 60_000) deaths.shift();
    if (deaths.length > 5) {
      console.error("Workers keep dying (more than 5 in a minute): stopping.");
      process.exit(1);
    }
    console.error(`worker ${worker.process.pid} died (${signal ?? code}); starting another`);
    ready = Math.max(0, ready - 1);
    void fork();
  });

  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      stopping = true;
      const workers = Object.values(cluster.workers ?? {});
      if (workers.length === 0) process.exit(0);
      let left = workers.length;
      for (const w of workers) {
        w.once("exit", () => --left === 0 && process.exit(0));
        w.process.kill(signal);
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
  buildIfStale();
  if (count === 1) await serve();
  else runPrimary(count);
}
