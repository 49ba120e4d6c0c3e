/**
 * Evaluation results as CSV rows (the file itself: toCsv, UTF-8 with a BOM). Suppressed cells keep
 * their published form ("<5", "x"); hidden comments are left out.
 */
import type { TFunction } from "i18next";
import type { Question } from "./questions";
import type { EvaluationResults, MeanCell } from "./results.server";

export function evaluationCsvRows(r: EvaluationResults, t: TFunction): (string | number | null)[][] {
  const label = (q: Question) => q.label ?? t(`evaluation.questions.${q.id}`);
  const option = (q: Question, i: number) => (q.label !== null ? q.options[i]! : t(`evaluation.options.${q.id}.${q.options[i]}`));
  const mean = (c: MeanCell) =>
    c.s === "ok" && c.v !== null ? Math.round(c.v * 100) / 100 : c.s === "small" ? `<${r.threshold}` : c.s === "hidden" ? "x" : "";
  const rows: (string | number | null)[][] = [
    [t(`evaluation.kinds.${r.kind}`), t("evaluation.results.responses", { responses: r.responses, asked: r.requested })],
  ];
  if (r.suppressed) {
    rows.push([t("evaluation.results.suppressed", { threshold: r.threshold })]);
    return rows;
  }
  rows.push([], [t("evaluation.results.question"), t("evaluation.results.answers"), t("evaluation.results.mean"), t("evaluation.results.counts")]);
  for (const x of r.questions) {
    if (x.question.type === "text") continue;
    rows.push([
      label(x.question),
      x.n,
      x.mean === null ? null : Math.round(x.mean * 100) / 100,
      ...x.counts.map((c, i) => `${x.question.type === "scale" ? i + 1 : option(x.question, i)}: ${c}`),
    ]);
  }
  const scales = r.questions.filter((x) => x.question.type === "scale");
  rows.push([], [t("evaluation.results.bySex"), ...r.sexes.map((s) => t(`auth.sexes.${s}`))]);
  for (const x of scales) rows.push([label(x.question), ...x.bySex.map(mean)]);
  rows.push([], [t("evaluation.results.byGroup"), ...r.groups.map((g) => (g === "not-given" ? t("evaluation.results.notGiven") : t(`auth.groups.${g}`)))]);
  for (const x of scales) rows.push([label(x.question), ...x.byGroup.map(mean)]);
  rows.push([], [t("evaluation.results.comments"), t("evaluation.results.comment")]);
  const byId = new Map(r.questions.map((x) => [x.question.id, x.question]));
  for (const c of r.comments) if (!c.hidden) rows.push([label(byId.get(c.questionId)!), c.text]);
  return rows;
}
