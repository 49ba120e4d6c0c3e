import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/**
 * The production server (scripts/start.mjs) on a scratch database with the demo seed, for the
 * bench, the load script and the e2e specs that need a server of their own.
 * `ready: "listening"` resolves once it serves; `"lessons-ready"` once every lesson is compiled
 * in every worker (entry.server or the cluster primary logs it), so measurements see a warmed server.
 */
export class ScratchServer {
  readonly base: string;
  readonly dbPath: string;
  private child: ChildProcess | null = null;

  constructor(
    readonly port: number,
    readonly dir: string,
    private readonly ready: "listening" | "lessons-ready" = "listening",
    /** Extra environment (e.g. TRUST_PROXY, WEB_CONCURRENCY) for this server. */
    private readonly env: Record<string, string> = {},
  ) {
    this.base = `http://127.0.0.1:${port}`;
    this.dbPath = path.join(dir, "app.db");
  }

  reset() {
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.mkdirSync(this.dir, { recursive: true });
  }

  async start() {
    // Its own process group, so that kill() reaches the cluster's workers too (a SIGKILL is then a
    // crash of every process, not of the primary alone).
    const child = spawn(process.execPath, ["scripts/start.mjs"], {
      env: {
        ...process.env,
        NODE_ENV: "production",
        PORT: String(this.port),
        DATABASE_PATH: this.dbPath,
        CACHE_DIR: path.join(this.dir, "cache"),
        SEED_DEMO: "on",
        ...this.env,
      },
      stdio: ["ignore", "pipe", "inherit"],
      detached: true,
    });
    this.child = child;
    const marker = this.ready === "listening" ? "running at" : "lessons ready";
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on("data", (d: Buffer) => d.toString().includes(marker) && resolve());
      child.on("exit", (code) => reject(new Error(`server exited early (${code})`)));
    });
    // The first request opens, migrates and seeds the database.
    for (let i = 0; i < 100; i++) {
      if (
        await fetch(`${this.base}/healthz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("server did not become healthy");
  }

  /**
   * CPU time (user + system, ms) used so far by the server's processes (the primary and its
   * workers: its process group), from /proc; null where /proc is not available.
   */
  cpuMs(): number | null {
    const group = this.child?.pid;
    if (!group || !fs.existsSync("/proc/self/stat")) return null;
    const ticksPerMs = 100 / 1000; // USER_HZ is 100 on Linux
    let ticks = 0;
    for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
      let stat: string;
      try {
        stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      } catch {
        continue; // exited meanwhile
      }
      // Fields after the command name "(…)": state ppid pgrp … utime(14) stime(15), 1-based overall.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== group) continue;
      ticks += Number(fields[11]) + Number(fields[12]);
    }
    return ticks / ticksPerMs;
  }

  /** The process id of the server (the cluster primary when there are several workers). */
  get pid(): number | null {
    return this.child && this.child.exitCode === null && this.child.signalCode === null ? this.child.pid! : null;
  }

  /** Whether the server process is still running. */
  get running(): boolean {
    return this.pid !== null;
  }

  async kill(signal: NodeJS.Signals = "SIGTERM") {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    process.kill(-child.pid!, signal);
    await exited;
  }

  /** Logs in with a form post and returns the session cookie ("shp_session=…"). */
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
