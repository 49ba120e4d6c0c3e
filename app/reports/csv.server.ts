/**
 * Report tables as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read Lao and
 * Vietnamese correctly). Suppressed cells keep their published form ("<5", "x"), never the count.
 */
import type { TFunction } from "i18next";
import { INDICATOR_FORMAT, type Indicator } from "./indicators";
import type { Cell, Report } from "./report.server";

export const CSV_TABLES = ["summary", "by-sex", "by-group", "crosstab", "gain", "participants"] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

function cellText(c: Cell, threshold: number): string | number {
  if (c.s === "small") return `<${threshold}`;
  if (c.s === "hidden") return "x";
  if (c.s === "na" || c.v === null) return "";
  return c.v;
}

const indicatorHeader = (t: TFunction, ind: Indicator) =>
  INDICATOR_FORMAT[ind] === "percent" ? `${t(`reports.indicators.${ind}`)} (%)` : t(`reports.indicators.${ind}`);

/** The rows (header first) of one report table, in the page's language. Null when the table is absent. */
export function reportTableRows(report: Report, table: CsvTable, t: TFunction): (string | number)[][] | null {
  const k = report.threshold;
  const label = (kind: "sex" | "group", key: string) => (key === "total" ? t("reports.total") : t(kind === "sex" ? `auth.sexes.${key}` : `auth.groups.${key}`));
  switch (table) {
    case "summary":
      return [
        [t("reports.indicator"), ...report.summary.cols.map((m) => t(`reports.modes.${m}`))],
        ...report.summary.rows.map((ind, i) => [indicatorHeader(t, ind), ...report.summary.cells[i]!.map((c) => cellText(c, k))]),
      ];
    case "by-sex":
      return [
        [t("reports.filters.sex"), ...report.bySex.cols.map((ind) => indicatorHeader(t, ind))],
        ...report.bySex.rows.map((s, i) => [label("sex", s), ...report.bySex.cells[i]!.map((c) => cellText(c, k))]),
      ];
    case "by-group":
      return [
        [t("reports.filters.group"), ...report.byGroup.cols.map((ind) => indicatorHeader(t, ind))],
        ...report.byGroup.rows.map((g, i) => [label("group", g), ...report.byGroup.cells[i]!.map((c) => cellText(c, k))]),
      ];
    case "crosstab":
      return [
        [
          `${t("reports.filters.group")} \\ ${t("reports.filters.sex")} — ${t(`reports.indicators.${report.crosstabIndicator}`)}`,
          ...report.crosstab.cols.map((s) => label("sex", s)),
        ],
        ...report.crosstab.rows.map((g, i) => [label("group", g), ...report.crosstab.cells[i]!.map((c) => cellText(c, k))]),
      ];
    case "gain":
      return [
        [
          t("reports.gain.cohort"),
          t("reports.gain.n"),
          `${t("reports.gain.pretest")} (%)`,
          `${t("reports.gain.final")} (%)`,
          t("reports.gain.gain"),
          `${t("reports.gain.improved")} (%)`,
        ],
        ...[...report.gain.rows, report.gain.overall].map((r, i) => [
          i === report.gain.rows.length ? t("reports.gain.overall") : (r.title ?? t("reports.gain.selfPaced")),
          cellText(r.n, k),
          cellText(r.pretest, k),
          cellText(r.final, k),
          cellText(r.gain, k),
          cellText(r.improved, k),
        ]),
      ];
    case "participants":
      if (!report.gain.participants) return null;
      return [
        [
          t("reports.gain.name"),
          t("reports.gain.organisation"),
          `${t("reports.gain.pretestScore")} (%)`,
          `${t("reports.gain.finalScore")} (%)`,
          t("reports.gain.gainScore"),
        ],
        ...report.gain.participants.map((p) => [p.name === "" ? t("privacy.accountClosed") : p.name, p.organisation, p.pretest, p.final, p.gain]),
      ];
  }
}
