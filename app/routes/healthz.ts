import path from "node:path";
import { getDb } from "#app/db.server";
import { env } from "#app/env.server";
import { checkHealth } from "#app/health.server";

/** 200 when the database answers and the data directory takes a write; 503 with the reason otherwise. */
export function loader() {
  const started = performance.now();
  const headers = { "Cache-Control": "no-store" };
  let health;
  try {
    health = checkHealth(getDb(), path.dirname(path.resolve(env.DATABASE_PATH)));
  } catch (e) {
    health = { ok: false as const, reason: `database: ${e instanceof Error ? e.message : String(e)}` };
  }
  const ms = Math.round((performance.now() - started) * 100) / 100;
  if (!health.ok) return Response.json({ status: "error", reason: health.reason, ms }, { status: 503, headers });
  return Response.json({ status: "ok", db: "ok", ms }, { headers });
}
