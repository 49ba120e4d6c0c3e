import type { Route } from "./+types/reports-evaluations-csv";
import { csvHeaders, toCsv } from "#app/csv.server";
import { evaluationCsvRows } from "#app/evaluation/csv.server";
import { evaluationResultsRequest } from "#app/evaluation/request.server";
import { buildEvaluationResults } from "#app/evaluation/results.server";
import { getInstance } from "#app/middleware/i18next.server";

/** The evaluation results of the page's selection as CSV (UTF-8 with BOM), in the page's language. */
export function loader({ context, request }: Route.LoaderArgs) {
  const { db, scope, selection } = evaluationResultsRequest(context, request);
  const results = buildEvaluationResults(db, scope, selection, { commentLimit: 100_000 });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(toCsv(evaluationCsvRows(results, getInstance(context).t)), {
    headers: csvHeaders(`shp-campus-${selection.kind}-results-${stamp}.csv`),
  });
}
