// npm run load — 200 simulated learners for 60 s against the production server on a scratch
// database: each reads a lesson, answers its knowledge check, marks it complete and moves on.
// Reports throughput, latency and errors, then checks that no acknowledged write was lost.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { loadCatalog } from "../app/content/catalog.server";
import { ScratchServer } from "./scratch-server";

const PORT = Number(process.env.LOAD_PORT ?? 3550);
const BASE = `http://127.0.0.1:${PORT}`;
const LEARNERS = Number(process.env.LOAD_LEARNERS ?? 200);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shp-load-"));
const server = new ScratchServer(PORT, dir, "lessons-ready");
const DB = server.dbPath;
const course = loadCatalog(path.resolve("content")).bySlug.get("shp-foundations")!;

const latencies: number[] = [];
let errors = 0;
const errorKinds = new Map<string, number>();
const ackedAttempts: number[] = [];
const ackedCompletions: { user: string; lesson: string }[] = [];

async function timed(url: string, init: RequestInit & { expect: number[] }) {
  const t0 = performance.now();
  try {
    const res = await fetch(url, { ...init, redirect: "manual" });
    await res.arrayBuffer();
    latencies.push(performance.now() - t0);
    if (!init.expect.includes(res.status)) {
      errors++;
      errorKinds.set(`${init.method ?? "GET"} ${res.status}`, (errorKinds.get(`${init.method ?? "GET"} ${res.status}`) ?? 0) + 1);
    }
    return res;
  } catch (e) {
    errors++;
    errorKinds.set(String((e as Error).cause ?? e), (errorKinds.get(String((e as Error).cause ?? e)) ?? 0) + 1);
    return null;
  }
}

async function learner(i: number, deadline: number) {
  const email = `load-${i}@example.org`;
  const login = await fetch(`${BASE}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: BASE, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password: "load-password-1", redirectTo: "/me" }),
  });
  const cookie = login.headers
    .getSetCookie()
    .find((c) => c.startsWith("shp_session="))
    ?.split(";")[0];
  if (!cookie) throw new Error(`login failed for ${email}: ${login.status}`);
  const html = { Cookie: cookie, Accept: "text/html", "Sec-Fetch-Dest": "document" };
  const post = { Cookie: cookie, Origin: BASE, "Content-Type": "application/x-www-form-urlencoded" };
  let n = i % course.lessons.length;
  while (Date.now() < deadline) {
    const lesson = course.lessons[n % course.lessons.length]!;
    const url = `${BASE}/courses/${course.slug}/${lesson.key}`;
    await timed(url, { headers: html, expect: [200] });
    const answers = new URLSearchParams({ intent: "check" });
    lesson.check!.questions.forEach((q, k) => answers.append(`q${k}`, q.type === "truefalse" ? "true" : q.type === "numeric" ? "1" : "a"));
    const check = await timed(url, { method: "POST", headers: post, body: answers, expect: [302] });
    const id = /check=(\d+)/.exec(check?.headers.get("location") ?? "")?.[1];
    if (id) ackedAttempts.push(Number(id));
    const done = await timed(url, { method: "POST", headers: post, body: "intent=complete", expect: [302] });
    if (done?.status === 302) ackedCompletions.push({ user: email, lesson: lesson.key });
    await timed(`${BASE}/courses/${course.slug}`, { headers: html, expect: [200] });
    n++;
  }
}

function pct(sorted: number[], p: number) {
  return sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10 : 0;
}

async function main() {
  await server.start();
  try {
    // Accounts are created directly (one scrypt hash shared) so the run measures learning, not sign-up.
    const { hashPassword } = await import("../app/auth/password.server");
    const hash = await hashPassword("load-password-1");
    const db = new Database(DB);
    const insert = db.prepare("insert or ignore into users (id, email, name, password_hash, country) values (?, ?, ?, ?, 'Lao PDR')");
    db.transaction(() => {
      for (let i = 0; i < LEARNERS; i++) insert.run(randomUUID(), `load-${i}@example.org`, `Load learner ${i}`, hash);
    })();
    db.close();

    const started = Date.now();
    const deadline = started + SECONDS * 1000;
    await Promise.all(Array.from({ length: LEARNERS }, (_, i) => learner(i, deadline)));
    const elapsed = (Date.now() - started) / 1000;

    const check = new Database(DB, { readonly: true });
    const ids = new Set((check.prepare("select id from quiz_attempts").all() as { id: number }[]).map((r) => r.id));
    const lostAttempts = ackedAttempts.filter((id) => !ids.has(id)).length;
    const done = new Set(
      (
        check
          .prepare("select u.email as e, p.lesson_key as l from lesson_progress p join users u on u.id = p.user_id where p.completed_at is not null")
          .all() as { e: string; l: string }[]
      ).map((r) => `${r.e}|${r.l}`),
    );
    const lostCompletions = ackedCompletions.filter((c) => !done.has(`${c.user}|${c.lesson}`)).length;
    const integrity = check.pragma("integrity_check", { simple: true });
    check.close();

    const sorted = [...latencies].sort((a, b) => a - b);
    console.log(`## Load: ${LEARNERS} simulated learners for ${SECONDS} s (read lesson, answer check, mark complete, course page)
- requests: ${latencies.length + errors} in ${elapsed.toFixed(1)} s = ${Math.round((latencies.length + errors) / elapsed)} req/s
- latency ms: p50 ${pct(sorted, 50)}, p95 ${pct(sorted, 95)}, p99 ${pct(sorted, 99)}, max ${pct(sorted, 100)}
- errors: ${errors}${errorKinds.size ? ` (${[...errorKinds].map(([k, v]) => `${k}: ${v}`).join(", ")})` : ""}
- acknowledged writes: ${ackedAttempts.length} knowledge-check attempts, ${ackedCompletions.length} completions; lost: ${lostAttempts} attempts, ${lostCompletions} completions
- PRAGMA integrity_check: ${integrity}`);
    if (errors > 0 || lostAttempts > 0 || lostCompletions > 0 || integrity !== "ok") process.exitCode = 1;
  } finally {
    await server.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
