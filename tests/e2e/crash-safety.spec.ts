import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { foundations } from "./helpers";
import { IsolatedServer } from "./isolated-server";

// Its own server and database (not the suite's), killed with SIGKILL mid-burst.
const server = new IsolatedServer(50, "crash");
const BASE = server.base;

test("SIGKILL during a burst of quiz submissions loses no acknowledged submission and leaves the database intact", async () => {
  test.setTimeout(120_000);
  server.reset();
  await server.start();
  const cookie = await server.login("learner@example.org");
  // A lesson's knowledge check: every submission is a new attempt (module quizzes draw one open
  // attempt per learner, so they do not take a burst of parallel submissions).
  const lesson = foundations.lessons[0]!;
  const quizUrl = `${BASE}/courses/${foundations.slug}/${lesson.key}`;
  const answers = lesson.check!.questions.map((_, i) => `q${i}=a`).join("&");

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
          body: `intent=check&${answers}`,
        });
        const id = /check=(\d+)/.exec(res.headers.get("location") ?? "")?.[1];
        if (res.status === 302 && id) acknowledged.push(Number(id));
      } catch {
        // Connection refused or reset once the server is killed: not acknowledged.
      }
    }
  });
  while (acknowledged.length < 150) await new Promise((r) => setTimeout(r, 10));
  await server.kill("SIGKILL");
  stop = true;
  await Promise.all(workers);

  // Restart on the same file: it must open, recover the WAL and serve.
  await server.start();
  const db = new Database(server.dbPath, { readonly: true });
  expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
  const stored = new Set((db.prepare("select id from quiz_attempts where submitted_at is not null").all() as { id: number }[]).map((r) => r.id));
  const lost = acknowledged.filter((id) => !stored.has(id));
  db.close();
  await server.kill();
  expect(acknowledged.length).toBeGreaterThanOrEqual(150);
  expect(lost).toEqual([]);
});
