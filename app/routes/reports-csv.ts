import type { Route } from "./+types/reports-csv";
import { notFound } from "#app/auth/guards.server";
import { csvHeaders, toCsv } from "#app/csv.server";
import { getInstance } from "#app/middleware/i18next.server";
import { CSV_TABLES, reportTableRows, type CsvTable } from "#app/reports/csv.server";
import { buildReport } from "#app/reports/report.server";
import { reportRequest } from "#app/reports/request.server";

/** One report table as CSV (UTF-8 with BOM), for the same filters, view and cross-tab as the page. */
export function loader({ context, request, params }: Route.LoaderArgs) {
  const { db, scope, filters, view, crosstab } = reportRequest(context, request);
  if (!(CSV_TABLES as readonly string[]).includes(params.table)) notFound();
  const report = buildReport(db, scope, filters, { view, crosstab });
  const rows = reportTableRows(report, params.table as CsvTable, getInstance(context).t);
  if (!rows) notFound();
  const stamp = new Date(report.generatedAt).toISOString().slice(0, 10);
  return new Response(toCsv(rows), { headers: csvHeaders(`shp-campus-${params.table}-${stamp}.csv`) });
}
