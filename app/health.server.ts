import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { Db } from "#db/client";

export type Health = { ok: true } | { ok: false; reason: string };

/**
 * Whether a file can be created, written, flushed to disk and removed in `dir`: what a read-only
 * or full disk refuses. The probe file is unique per process and removed again.
 */
export function checkDataDirectoryWritable(dir: string): Health {
  const probe = path.join(dir, `.write-check-${process.pid}`);
  let fd: number | null = null;
  try {
    fd = fs.openSync(probe, "w");
    fs.writeSync(fd, "ok\n");
    fs.fsyncSync(fd);
    return { ok: true };
  } catch (e) {
    return { ok: false, reason: `data directory not writable: ${describeError(e)}` };
  } finally {
    if (fd !== null) fs.closeSync(fd);
    fs.rmSync(probe, { force: true });
  }
}

/** /healthz: the database answers a query and the data directory takes a write. */
export function checkHealth(db: Db, dataDir: string): Health {
  try {
    db.get(sql`select 1`);
  } catch (e) {
    return { ok: false, reason: `database: ${describeError(e)}` };
  }
  return checkDataDirectoryWritable(dataDir);
}

/**
 * SQLite's quick_check on an open database: null when it is sound, else the first problems it
 * names (a damaged file must stop the server at start, not serve errors later).
 */
export function databaseDamage(sqlite: { pragma(source: string, options?: { simple?: boolean }): unknown }): string | null {
  const rows = sqlite.pragma("quick_check(5)") as { quick_check: string }[];
  const problems = rows.map((r) => r.quick_check).filter((m) => m !== "ok");
  return problems.length ? problems.join("; ") : null;
}

function describeError(e: unknown): string {
  if (e && typeof e === "object" && "code" in e && "message" in e) return String((e as { message: string }).message);
  return e instanceof Error ? e.message : String(e);
}
