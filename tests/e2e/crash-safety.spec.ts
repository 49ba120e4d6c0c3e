import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { foundations } from "./helpers";

// Its own server and database (not the suite's), killed with SIGKILL mid-burst.
const PORT = Number(process.env.E2E_PORT ?? 3100) + 50;
const BASE = `http://127.0.0.1:${PORT}`;
const DIR = path.resolve(`.e2e-${PORT}-crash`);
const DB = path.join(DIR, "app.db");

function start(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["scripts/start.mjs"], {
    env: { ...process.env, NODE_ENV: "production", PORT: String(PORT), DATABASE_PATH: DB, CACHE_DIR: path.join(DIR, "cache"), SEED_DEMO: "on" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => d.toString().includes("running at") && resolve(child));
    child.on("exit", (code) => reject(new Error(`server exited early (${code})`)));
  });
}

async function waitHealthy() {
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`${BASE}/healthz`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("server did not become healthy");
}

test("SIGKILL during a burst of quiz submissions loses no acknowledged submission and leaves the database intact", async () => {
  test.setTimeout(120_000);
  fs.rmSync(DIR, { recursive: true, force: true });
  fs.mkdirSync(DIR, { recursive: true });
  let server = await start();
  await waitHealthy();

  const login = await fetch(`${BASE}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: BASE, "Content-Type": "application/x-www-form-urlencoded" },
    body: "email=learner%40example.org&password=shp-demo-2026&redirectTo=%2Fme",
  });
  const cookie = login.headers.getSetCookie().find((c) => c.startsWith("shp_session="))!.split(";")[0]!;
  const quizUrl = `${BASE}/courses/${foundations.slug}/${foundations.modules[0]!.slug}/quiz`;

  const acknowledged: number[] = [];
  let stop = false;
  // 8 concurrent submitters; each acknowledged submission is a 302 naming its attempt id.
  const workers = Array.from({ length: 8 }, async () => {
    while (!stop) {
      try {
        const res = await fetch(quizUrl, {
          method: "POST",
          redirect: "manual",
          headers: { Cookie: cookie, Origin: BASE, "Content-Type": "application/x-www-form-urlencoded" },
          body: "intent=submit&q0=a&q1=b",
        });
        const id = /attempt=(\d+)/.exec(res.headers.get("location") ?? "")?.[1];
        if (res.status === 302 && id) acknowledged.push(Number(id));
      } catch {
        // Connection refused or reset once the server is killed: not acknowledged.
      }
    }
  });
  while (acknowledged.length < 150) await new Promise((r) => setTimeout(r, 10));
  server.kill("SIGKILL");
  await new Promise((r) => server.once("exit", r));
  stop = true;
  await Promise.all(workers);

  // Restart on the same file: it must open, recover the WAL and serve.
  server = await start();
  await waitHealthy();
  const db = new Database(DB, { readonly: true });
  expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
  const stored = new Set((db.prepare("select id from quiz_attempts where submitted_at is not null").all() as { id: number }[]).map((r) => r.id));
  const lost = acknowledged.filter((id) => !stored.has(id));
  db.close();
  server.kill("SIGTERM");
  expect(acknowledged.length).toBeGreaterThanOrEqual(150);
  expect(lost).toEqual([]);
});
