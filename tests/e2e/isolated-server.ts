import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/**
 * A production server of its own on a fresh database, for specs that must see every write to it
 * (fuzzing) or kill it (crash safety). Port: the suite's E2E_PORT plus an offset.
 */
export class IsolatedServer {
  readonly port: number;
  readonly base: string;
  readonly dir: string;
  readonly dbPath: string;
  private child: ChildProcess | null = null;

  constructor(offset: number, name: string) {
    this.port = Number(process.env.E2E_PORT ?? 3100) + offset;
    this.base = `http://127.0.0.1:${this.port}`;
    this.dir = path.resolve(`.e2e-${this.port}-${name}`);
    this.dbPath = path.join(this.dir, "app.db");
  }

  reset() {
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.mkdirSync(this.dir, { recursive: true });
  }

  async start() {
    const child = spawn(process.execPath, ["scripts/start.mjs"], {
      env: { ...process.env, NODE_ENV: "production", PORT: String(this.port), DATABASE_PATH: this.dbPath, CACHE_DIR: path.join(this.dir, "cache"), SEED_DEMO: "on" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on("data", (d: Buffer) => d.toString().includes("running at") && resolve());
      child.on("exit", (code) => reject(new Error(`server exited early (${code})`)));
    });
    for (let i = 0; i < 100; i++) {
      if (await fetch(`${this.base}/healthz`).then((r) => r.ok, () => false)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("server did not become healthy");
  }

  async kill(signal: NodeJS.Signals = "SIGTERM") {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill(signal);
    await exited;
  }

  async login(email: string, password = "shp-demo-2026") {
    const res = await fetch(`${this.base}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: this.base, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email, password, redirectTo: "/me" }),
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("shp_session="));
    if (!cookie) throw new Error(`login failed for ${email}: ${res.status}`);
    return cookie.split(";")[0]!;
  }
}
