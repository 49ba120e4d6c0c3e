import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { en, foundations } from "./helpers";
import { IsolatedServer } from "./isolated-server";
import { DEMO_COHORT_ID } from "../../db/seed";

// Transport and server hardening, each test an attack on a production server of its own
// (scripts/start.mjs on a fresh database): body limits while streaming, Host-header poisoning,
// forwarded-for spoofing, caching of personal pages, and a cluster that survives crashing workers.
const server = new IsolatedServer(20, "transport", { WEB_CONCURRENCY: "1" });
const BASE = server.base;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  server.reset();
  await server.start();
});
test.afterAll(async () => server.kill());

type RawResponse = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** One request with exactly these headers (Host included), which fetch would not allow. */
function raw(base: string, method: string, urlPath: string, headers: Record<string, string>, body?: string): Promise<RawResponse> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, method, path: urlPath, headers, setHost: !("Host" in headers) }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * Streams up to `total` bytes of a form body with Transfer-Encoding: chunked (no Content-Length),
 * stopping when the server answers or closes. Returns the status (null if none came) and the
 * number of bytes the server let us send.
 */
function streamChunked(
  base: string,
  urlPath: string,
  headers: Record<string, string>,
  total: number,
): Promise<{ status: number | null; sent: number; body: string }> {
  const { hostname, port } = new URL(base);
  const chunk = Buffer.from("a=" + "x".repeat(64 * 1024 - 2));
  return new Promise((resolve) => {
    let sent = 0;
    let status: number | null = null;
    let body = "";
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      resolve({ status, sent, body });
    };
    const req = http.request({ hostname, port, method: "POST", path: urlPath, headers: { ...headers, "Transfer-Encoding": "chunked" } }, (res) => {
      status = res.statusCode!;
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => {
        req.destroy();
        finish();
      });
    });
    req.on("error", () => finish());
    req.on("close", () => setTimeout(finish, 50));
    const pump = () => {
      while (status === null && !req.destroyed && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (sent >= total && !req.destroyed) req.end();
    };
    pump();
  });
}

function certificateCode(): string {
  const db = new Database(server.dbPath, { readonly: true });
  try {
    return (db.prepare("select code from certificates where revoked_at is null and replaced_at is null limit 1").get() as { code: string }).code;
  } finally {
    db.close();
  }
}

test.describe("body limits", () => {
  test("a chunked body without Content-Length is cut off while streaming with a 413 page, long before it ends", async () => {
    const total = 64 * 1024 * 1024;
    const res = await streamChunked(BASE, "/login", { Origin: BASE, "Content-Type": "application/x-www-form-urlencoded", Accept: "text/html" }, total);
    expect(res.status).toBe(413);
    // The server stops reading at its limit; what got through is the limit plus socket buffers.
    expect(res.sent).toBeLessThan(16 * 1024 * 1024);
  });

  test("a module quiz refuses q0 repeated a million times (413, translated page) and stores no attempt", async () => {
    const cookie = await server.login("learner@example.org");
    const quiz = `/courses/${foundations.slug}/${foundations.modules[0]!.slug}/quiz`;
    const count = () => {
      const db = new Database(server.dbPath, { readonly: true });
      try {
        return db.prepare("select count(*) as n, coalesce(max(length(answers)), 0) as longest from quiz_attempts").get() as { n: number; longest: number };
      } finally {
        db.close();
      }
    };
    const before = count();
    const body = "intent=submit&" + "q0=a&".repeat(1_000_000);
    const res = await raw(BASE, "POST", quiz, { Cookie: cookie, Origin: BASE, "Content-Type": "application/x-www-form-urlencoded", Accept: "text/html" }, body);
    expect(res.status).toBe(413);
    expect(res.body).toContain(en.errors.tooLarge);
    expect(count()).toEqual(before);
  });

  test("a form with too many fields is refused the same way", async () => {
    const body = Array.from({ length: 20_000 }, (_, i) => `f${i}=x`).join("&");
    const res = await raw(BASE, "POST", "/login", { Origin: BASE, "Content-Type": "application/x-www-form-urlencoded", Accept: "text/html" }, body);
    expect(res.status).toBe(413);
  });
});

test.describe("links and credentials never take their origin from the request", () => {
  test("forgot-password with Host: evil.example mails a link to the configured origin, not evil.example", async () => {
    const outbox = path.join(server.dir, "outbox");
    const before = new Set(fs.existsSync(outbox) ? fs.readdirSync(outbox) : []);
    const res = await raw(
      BASE,
      "POST",
      "/forgot-password",
      { Host: "evil.example", Origin: "http://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      "email=learner%40example.org",
    );
    expect(res.status).toBeLessThan(400);
    // The mail is written in the background, just after the answer.
    const added = () => (fs.existsSync(outbox) ? fs.readdirSync(outbox).filter((f) => !before.has(f)) : []);
    // Other mail may arrive meanwhile (the job runner's notifications to demo members): take the reset mail.
    const resetMails = () =>
      added()
        .map((f) => fs.readFileSync(path.join(outbox, f), "utf8").replace(/=\r?\n/g, ""))
        .filter((m) => m.includes("/set-password/"));
    await expect.poll(() => resetMails().length).toBe(1);
    const mail = resetMails()[0]!;
    expect(mail).not.toContain("evil.example");
    expect(mail).toContain(`http://localhost:${server.port}/set-password/`);
  });

  test("a signed credential fetched with Host: evil.example names the platform, not evil.example", async () => {
    const code = certificateCode();
    const res = await raw(BASE, "GET", `/certificates/${code}.json`, { Host: "evil.example" });
    expect(res.status).toBe(200);
    expect(res.body).not.toContain("evil.example");
    expect(res.body).toContain(`http://localhost:${server.port}/verify/`);
    const issuer = await raw(BASE, "GET", "/issuer", { Host: "evil.example", "X-Forwarded-Host": "evil.example" });
    expect(issuer.body).not.toContain("evil.example");
    // The did:web document and the status list name the configured origin too (ADR 0021).
    for (const url of ["/.well-known/did.json", "/credentials/status/1"]) {
      const res = await raw(BASE, "GET", url, { Host: "evil.example", "X-Forwarded-Host": "evil.example" });
      expect(res.status, url).toBe(200);
      expect(res.body, url).not.toContain("evil");
      expect(res.body, url).toContain(`did:web:localhost%3A${server.port}`);
    }
  });

  test("the CSRF origin check still accepts a same-host form post and refuses a foreign Origin, forwarded host or not", async () => {
    const form = "email=learner%40example.org&password=shp-demo-2026&redirectTo=%2Fme";
    const ok = await raw(BASE, "POST", "/login", { Origin: BASE, "Content-Type": "application/x-www-form-urlencoded" }, form);
    expect(ok.status).toBe(302);
    expect(String(ok.headers["set-cookie"])).toContain("shp_session=");
    const attempts: Record<string, string>[] = [{ Origin: "http://evil.example" }, { Origin: "http://evil.example", "X-Forwarded-Host": "evil.example" }];
    for (const headers of attempts) {
      const res = await raw(BASE, "POST", "/login", { ...headers, "Content-Type": "application/x-www-form-urlencoded" }, form);
      expect(res.status, JSON.stringify(headers)).toBeGreaterThanOrEqual(400);
      expect(String(res.headers["set-cookie"] ?? ""), JSON.stringify(headers)).not.toContain("shp_session=");
    }
  });
});

test.describe("open redirect", () => {
  test("redirectTo with a tab, CR or LF never leaves the site and never gives a 500", async () => {
    const cookie = await server.login("learner@example.org");
    for (const q of ["%2F%09%2Fevil.example%2Fphish", "%2F%0a%2Fevil.example", "%2F%0d%2Fevil.example", "%2Fme%0d%0aSet-Cookie:%20x=1", "%2F%5Cevil.example"]) {
      const res = await raw(BASE, "GET", `/login?redirectTo=${q}`, { Cookie: cookie });
      expect(res.status, q).toBe(302);
      expect(res.headers.location, q).toBe("/me");
      const post = await raw(
        BASE,
        "POST",
        "/login",
        { Origin: BASE, "Content-Type": "application/x-www-form-urlencoded" },
        `email=learner%40example.org&password=shp-demo-2026&redirectTo=${q}`,
      );
      expect(post.status, q).toBe(302);
      expect(post.headers.location, q).toBe("/me");
    }
  });
});

test.describe("caching of personal pages", () => {
  test("every response to a request with a session, HTML and .data, is Cache-Control: no-store", async () => {
    const cookie = await server.login("trainer@example.org");
    for (const url of [
      "/me",
      "/me.data",
      `/trainer/cohorts/${DEMO_COHORT_ID}/participants`,
      `/trainer/cohorts/${DEMO_COHORT_ID}/participants.data`,
      "/courses",
      "/courses.data",
      "/",
      "/reports/csv/summary",
    ]) {
      const res = await raw(BASE, "GET", url, { Cookie: cookie, Accept: "text/html" });
      expect(res.status, url).toBeLessThan(400);
      expect(res.headers["cache-control"], url).toContain("no-store");
    }
    // A public page without a session may be cached, but never shared across cookies.
    const anon = await raw(BASE, "GET", "/courses", { Accept: "text/html" });
    expect(String(anon.headers["cache-control"] ?? "") + String(anon.headers["vary"] ?? "")).toMatch(/no-store|Cookie/i);
    const reset = await raw(BASE, "GET", "/set-password/not-a-token", {});
    expect(reset.headers["cache-control"]).toContain("no-store");
  });

  test("without JavaScript, Back after logout does not show the participant list", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, baseURL: BASE });
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel(en.auth.email, { exact: true }).fill("trainer@example.org");
    await page.getByLabel(en.auth.password, { exact: true }).fill("shp-demo-2026");
    await page.getByRole("button", { name: en.auth.loginButton }).click();
    await expect(page).toHaveURL(/\/(me|trainer|admin\/users)$/);
    await page.goto(`/trainer/cohorts/${DEMO_COHORT_ID}/participants`);
    await expect(page.getByText("learner@example.org").first()).toBeVisible();
    await page.getByRole("button", { name: en.nav.logout }).click();
    await expect(page).toHaveURL(`${BASE}/`);
    await page.goBack();
    await expect(page.getByText("learner@example.org")).toHaveCount(0);
    await context.close();
  });
});

test.describe("client addresses behind a proxy", () => {
  const proxied = new IsolatedServer(21, "proxy", { WEB_CONCURRENCY: "1", TRUST_PROXY: "1" });
  test.afterAll(async () => proxied.kill());

  test("with TRUST_PROXY=1, rotating the client-controlled left of X-Forwarded-For does not escape a per-IP limit", async () => {
    test.setTimeout(300_000);
    proxied.reset();
    await proxied.start();
    // The proxy appends the address it saw; the client controls everything to its left.
    const statuses: number[] = [];
    for (let i = 0; i < 125; i++) {
      const res = await raw(proxied.base, "GET", "/verify/AAAA-AAAA-AAAA-AAAA", { "X-Forwarded-For": `10.0.${i}.1, 203.0.113.7` });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 120).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(120)).toEqual([429, 429, 429, 429, 429]);
    // Another client behind the same proxy is not affected.
    const other = await raw(proxied.base, "GET", "/verify/AAAA-AAAA-AAAA-AAAA", { "X-Forwarded-For": "198.51.100.9" });
    expect(other.status).toBe(404);
  });

  test("X-Forwarded-Proto: https gives Secure cookies only behind a trusted proxy", async () => {
    // The browser's Origin is the https one it sees at the proxy.
    const login = (base: string, origin: string) =>
      raw(
        base,
        "POST",
        "/login",
        { Origin: origin, "X-Forwarded-Proto": "https", "Content-Type": "application/x-www-form-urlencoded" },
        "email=learner%40example.org&password=shp-demo-2026&redirectTo=%2Fme",
      );
    const direct = await login(BASE, BASE);
    expect(String(direct.headers["set-cookie"])).toContain("shp_session=");
    expect(String(direct.headers["set-cookie"])).not.toMatch(/;\s*Secure/i);
    const behindProxy = await login(proxied.base, proxied.base.replace("http:", "https:"));
    expect(String(behindProxy.headers["set-cookie"])).toMatch(/shp_session=[^;]+;.*Secure/i);
  });
});

test.describe("worker crashes", () => {
  // The lessons compiled by the suite's first server: a worker needs them before the second starts.
  const clustered = new IsolatedServer(22, "cluster", { WEB_CONCURRENCY: "2", CACHE_DIR: path.join(server.dir, "cache") });
  test.afterAll(async () => clustered.kill());

  /** The worker processes of the cluster: children of its primary. */
  function workers(primary: number): number[] {
    return fs
      .readdirSync("/proc")
      .filter((d) => /^\d+$/.test(d))
      .filter((pid) => {
        try {
          const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
          const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
          return Number(ppid) === primary && state !== "Z"; // a dead worker not yet reaped is not a worker
        } catch {
          return false;
        }
      })
      .map(Number);
  }

  test("eight worker deaths within a minute do not stop the service: it keeps serving and restores its workers", async () => {
    test.setTimeout(300_000);
    clustered.reset();
    await clustered.start();
    const primary = clustered.pid!;
    await expect.poll(() => workers(primary).length, { timeout: 120_000 }).toBe(2);
    for (let killed = 0; killed < 8;) {
      // Always leave one worker serving: kill one of two, then wait for its replacement.
      await expect.poll(() => workers(primary).length, { timeout: 120_000 }).toBe(2);
      try {
        process.kill(workers(primary)[0]!, "SIGKILL");
        killed++;
      } catch {
        continue; // it went away between listing and killing: list again
      }
      // A connection handed to the worker just killed may never be answered: give up on it.
      const health = await fetch(`${clustered.base}/healthz`, { signal: AbortSignal.timeout(10_000) }).then(
        (r) => r.status,
        () => 0,
      );
      expect([200, 0]).toContain(health);
    }
    expect(clustered.running).toBe(true);
    await expect.poll(() => workers(primary).length, { timeout: 120_000 }).toBe(2);
    await expect
      .poll(
        () =>
          fetch(`${clustered.base}/healthz`, { signal: AbortSignal.timeout(10_000) }).then(
            (r) => r.status,
            () => 0,
          ),
        { timeout: 60_000 },
      )
      .toBe(200);
  });
});

test.describe("start-up checks", () => {
  /** Runs `npm start`'s script on a database path; resolves with its exit code and output once it exits (null if it is still serving). */
  async function startOn(databasePath: string, port: number) {
    const { spawn } = await import("node:child_process");
    const child = spawn(process.execPath, ["scripts/start.mjs"], {
      env: { ...process.env, NODE_ENV: "production", PORT: String(port), DATABASE_PATH: databasePath, WEB_CONCURRENCY: "1", SEED_DEMO: "on" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d: Buffer) => (stdout += d));
    child.stderr!.on("data", (d: Buffer) => (stderr += d));
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    // Either it exits, or it serves (then ask /healthz once and stop it).
    const serving = (async () => {
      for (let i = 0; i < 600; i++) {
        if (child.exitCode !== null) return;
        const status = await fetch(`http://127.0.0.1:${port}/healthz`).then(
          (r) => r.status,
          () => 0,
        );
        if (status !== 0) return;
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    await Promise.race([exited, serving]);
    const stillRunning = child.exitCode === null;
    if (stillRunning) process.kill(-child.pid!, "SIGTERM");
    const code = await exited;
    return { code: stillRunning ? null : code, stdout, stderr };
  }

  test("a damaged database stops the start with one clear line, not a stack trace", async () => {
    test.setTimeout(180_000);
    const dir = path.resolve(`.e2e-${Number(process.env.E2E_PORT ?? 3100) + 23}-damaged`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "app.db");
    const db = new Database(file);
    db.exec("create table t(x); insert into t values (randomblob(100000)); create index t_x on t(x);");
    db.close();
    // Overwrite the middle of the file (b-tree pages) with garbage.
    const fd = fs.openSync(file, "r+");
    fs.writeSync(fd, Buffer.alloc(8192, 0xa5), 0, 8192, 4096 * 3);
    fs.closeSync(fd);
    const out = await startOn(file, server.port + 4);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/damaged/);
    expect(out.stderr).not.toMatch(/^\s+at /m);
  });

  test("a data directory that cannot be written stops the start with one clear line", async () => {
    test.setTimeout(180_000);
    const out = await startOn("/proc/shp-campus.db", server.port + 5);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/data directory/);
    expect(out.stderr).not.toMatch(/^\s+at /m);
  });
});
