import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Route } from "./+types/reports-evaluations-summary";
import reportsCss from "#app/styles/reports.css?url";
import { DistributionTable, MeansChart } from "#app/components/evaluation-results";
import { findCourse } from "#app/content/content.server";
import { pick } from "#app/content/locales";
import { evaluationResultsRequest } from "#app/evaluation/request.server";
import { buildEvaluationResults } from "#app/evaluation/results.server";
import { formatInstant } from "#app/i18n/datetime";
import { env } from "#app/env.server";
import { getInstance, getLocale } from "#app/middleware/i18next.server";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: reportsCss }];
export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

/** A one-page summary of evaluation results for a donor report: prints on one A4 page. */
export function loader({ context, request }: Route.LoaderArgs) {
  const { db, scope, selection, cohorts, query } = evaluationResultsRequest(context, request);
  const t = getInstance(context).t;
  const locale = getLocale(context);
  const course = selection.courseSlug ? findCourse(selection.courseSlug) : null;
  const what = [
    t(`evaluation.kinds.${selection.kind}`),
    course ? pick(course.title, locale).text : null,
    selection.cohortId ? cohorts.find((c) => c.id === selection.cohortId)?.title : null,
  ].filter(Boolean);
  return {
    title: `${t("evaluation.results.summary")} · SHP Campus`,
    what: what.join(" · "),
    query,
    generated: formatInstant(Date.now(), "dateTime", locale, env.TIME_ZONE),
    results: buildEvaluationResults(db, scope, selection, { commentLimit: 0 }),
  };
}

export default function EvaluationSummary({ loaderData: d }: Route.ComponentProps) {
  const { t } = useTranslation();
  const r = d.results;
  return (
    <div className="page report evaluation-summary">
      <p className="no-print">
        <Link to={`/reports/evaluations?${d.query}`}>{t("evaluation.results.title")}</Link> · <span className="muted">{t("reports.printHint")}</span>
      </p>
      <h1>{t("evaluation.results.summaryTitle")}</h1>
      <p className="lead">{d.what}</p>
      <p className="report-meta">
        {t("evaluation.results.responses", { responses: r.responses, asked: r.requested })} · {t("reports.threshold", { threshold: r.threshold })} ·{" "}
        {t("reports.generated", { date: d.generated })}
      </p>
      {r.suppressed ? (
        <p className="notice">{t("evaluation.results.suppressed", { threshold: r.threshold })}</p>
      ) : (
        <>
          <MeansChart results={r} />
          <DistributionTable results={r} />
          <p className="muted small">{t("evaluation.results.summaryNote")}</p>
        </>
      )}
    </div>
  );
}
