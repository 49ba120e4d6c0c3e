import { useTranslation } from "react-i18next";
import { numberFormat } from "#app/i18n/datetime";

/** A published report cell (see app/reports/report.server.ts). */
export type ReportCell = { v: number | null; s: "ok" | "small" | "hidden" | "na" };

/** A cell as printed: the number, "<5" for a small count, "x" for a complementary hide, "—" for n/a. */
export function CellValue({ cell, percent, threshold }: { cell: ReportCell; percent?: boolean; threshold: number }) {
  const { t, i18n } = useTranslation();
  if (cell.s === "small")
    return (
      <span className="cell-suppressed" title={t("reports.legend.small", { threshold })}>
        {t("reports.small", { threshold })}
      </span>
    );
  if (cell.s === "hidden")
    return (
      <span className="cell-suppressed" title={t("reports.legend.hidden")}>
        x
      </span>
    );
  if (cell.s === "na" || cell.v === null)
    return (
      <span className="muted" title={t("reports.legend.na")}>
        —
      </span>
    );
  const n = numberFormat(i18n.language, percent ? 1 : 3).format(cell.v);
  return <>{percent ? `${n}%` : n}</>;
}

export type TableSpec = {
  caption: string;
  corner: string;
  cols: { key: string; label: string; percent?: boolean }[];
  rows: { key: string; label: string; cells: ReportCell[]; total?: boolean }[];
  threshold: number;
  /** Percent columns by index when columns differ in kind (indicator columns). */
  percentRows?: boolean[];
};

/** A report table: a header row, one row per category, totals in bold. */
export function ReportTable({ spec }: { spec: TableSpec }) {
  return (
    // Focusable so keyboard users can scroll a wide table (it is also labelled by its caption).
    <div className="table-scroll" tabIndex={0} role="region" aria-label={spec.caption}>
      <table className="report-table">
        <caption>{spec.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{spec.corner}</th>
            {spec.cols.map((c) => (
              <th scope="col" key={c.key} className="num">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {spec.rows.map((r, i) => (
            <tr key={r.key} className={r.total ? "total-row" : undefined}>
              <th scope="row">{r.label}</th>
              {r.cells.map((c, j) => (
                <td key={spec.cols[j]!.key} className="num">
                  <CellValue cell={c} threshold={spec.threshold} percent={spec.percentRows ? spec.percentRows[i] : spec.cols[j]!.percent} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
