import { useTranslation } from "react-i18next";
import { numberFormat } from "#app/i18n/datetime";
import { BarChart } from "#app/components/report-charts";
import { useQuestionLabel } from "#app/components/evaluation-form";
import type { EvaluationResults, MeanCell } from "#app/evaluation/results.server";

/** A published mean: the number, "<5" (too few), "x" (hidden so the small one cannot be worked out) or "—". */
export function useMeanText(threshold: number) {
  const { i18n } = useTranslation();
  const num = numberFormat(i18n.language, 1);
  return (c: MeanCell) => (c.s === "ok" && c.v !== null ? num.format(c.v) : c.s === "small" ? `<${threshold}` : c.s === "hidden" ? "x" : "—");
}

/** Means per scale question as a server-rendered SVG bar chart (1–5). */
export function MeansChart({ results }: { results: EvaluationResults }) {
  const { t, i18n } = useTranslation();
  const { label } = useQuestionLabel();
  const num = numberFormat(i18n.language, 1);
  const scales = results.questions.filter((r) => r.question.type === "scale");
  if (!scales.length) return null;
  return (
    <BarChart
      title={t("evaluation.results.meansChart")}
      series={[{ label: t("evaluation.results.mean"), className: "chart-a" }]}
      categories={scales.map((r) => ({ label: label(r.question), values: [r.mean] }))}
      hiddenLabel="—"
      format={(n) => num.format(n)}
    />
  );
}

/** Distribution and mean per question (scales: how many chose 1…5; choices: each option). */
export function DistributionTable({ results }: { results: EvaluationResults }) {
  const { t, i18n } = useTranslation();
  const { label, option } = useQuestionLabel();
  const num = numberFormat(i18n.language, 1);
  return (
    <div className="table-scroll">
      <table className="report-table">
        <caption>{t("evaluation.results.distribution")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("evaluation.results.question")}</th>
            <th scope="col">{t("evaluation.results.answers")}</th>
            <th scope="col">{t("evaluation.results.mean")}</th>
            <th scope="col">{t("evaluation.results.counts")}</th>
          </tr>
        </thead>
        <tbody>
          {results.questions
            .filter((r) => r.question.type !== "text")
            .map((r) => (
              <tr key={r.question.id} data-question={r.question.id}>
                <th scope="row">{label(r.question)}</th>
                <td>{r.n}</td>
                <td>{r.mean === null ? "—" : num.format(r.mean)}</td>
                <td>{r.counts.map((c, i) => `${r.question.type === "scale" ? i + 1 : option(r.question, i)}: ${c}`).join(" · ")}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </div>
  );
}

/** Means by sex or by constituent group, suppressed cell by cell. */
export function BreakdownTable({ results, by }: { results: EvaluationResults; by: "sex" | "group" }) {
  const { t } = useTranslation();
  const { label } = useQuestionLabel();
  const text = useMeanText(results.threshold);
  const cats = by === "sex" ? results.sexes : results.groups;
  const catLabel = (c: string) => (by === "sex" ? t(`auth.sexes.${c}`) : c === "not-given" ? t("evaluation.results.notGiven") : t(`auth.groups.${c}`));
  const scales = results.questions.filter((r) => r.question.type === "scale");
  return (
    <div className="table-scroll">
      <table className="report-table" data-breakdown={by}>
        <caption>{t(by === "sex" ? "evaluation.results.bySex" : "evaluation.results.byGroup")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("evaluation.results.question")}</th>
            {cats.map((c) => (
              <th scope="col" key={c}>
                {catLabel(c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {scales.map((r) => (
            <tr key={r.question.id}>
              <th scope="row">{label(r.question)}</th>
              {(by === "sex" ? r.bySex : r.byGroup).map((c, i) => (
                <td key={cats[i]} className={c.s === "ok" ? "num" : "num cell-suppressed"}>
                  {text(c)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
