import { sql } from "drizzle-orm";
import { getDb } from "#app/db.server";

export function loader() {
  const started = performance.now();
  try {
    const row = getDb().get<{ ok: number }>(sql`select 1 as ok`);
    return Response.json(
      { status: "ok", db: row?.ok === 1 ? "ok" : "error", ms: Math.round((performance.now() - started) * 100) / 100 },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch {
    return Response.json({ status: "error", db: "error" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
