import type { Route } from "./+types/reports-xapi";
import { publicOrigin } from "#app/env.server";
import { updateLearningRecords } from "#app/reports/records.server";
import { reportRequest } from "#app/reports/request.server";
import { XAPI_JSON_LINES_TYPE, xapiJsonLines } from "#app/reports/xapi.server";

/**
 * xAPI 1.0.3 statements for a Learning Record Store, as JSON Lines, for the learners the report's
 * filters select within the user's scope. Streamed: a large export never sits in memory.
 */
export function loader({ context, request }: Route.LoaderArgs) {
  const { db, scope, filters } = reportRequest(context, request);
  updateLearningRecords(db);
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(xapiJsonLines(db, scope, filters, { origin: publicOrigin() }), {
    headers: {
      "Content-Type": XAPI_JSON_LINES_TYPE,
      "Content-Disposition": `attachment; filename="shp-campus-xapi-${stamp}.jsonl"`,
      "Cache-Control": "private, no-store",
    },
  });
}
