import { useTranslation } from "react-i18next";
import { data, Form, Link, redirect } from "react-router";
import type { Route } from "./+types/reports-evaluations";
import reportsCss from "#app/styles/reports.css?url";
import { useQuestionLabel } from "#app/components/evaluation-form";
import { BreakdownTable, DistributionTable, MeansChart } from "#app/components/evaluation-results";
import { FormAlert } from "#app/components/fields";
import { getCatalog } from "#app/content/content.server";
import { pick } from "#app/content/locales";
import { setCommentHidden } from "#app/evaluation/evaluation.server";
import { evaluationResultsRequest } from "#app/evaluation/request.server";
import { buildEvaluationResults } from "#app/evaluation/results.server";
import { invalid, readForm } from "#app/forms.server";
import { getInstance, getLocale } from "#app/middleware/i18next.server";
import { EVALUATION_KINDS } from "#app/vocabulary";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: reportsCss }];
export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

/** Evaluation results per workshop, per course or overall, within the viewer's scope (as the reports). */
export function loader({ context, request }: Route.LoaderArgs) {
  const { db, scope, selection, errors, cohorts, query } = evaluationResultsRequest(context, request);
  const t = getInstance(context).t;
  const locale = getLocale(context);
  return data(
    {
      title: `${t("evaluation.results.title")} · SHP Campus`,
      scope: scope.kind === "all" ? "all" : "trainer",
      selection,
      errors: errors.map((e) => t(e)),
      query,
      results: buildEvaluationResults(db, scope, selection),
      hidden: new URL(request.url).searchParams.get("moderated"),
      courses: getCatalog().courses.map((c) => ({ slug: c.slug, title: pick(c.title, locale).text })),
      cohorts: cohorts.map((c) => ({ id: c.id, title: c.title })),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export const headers: Route.HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

/** Hide (or show again) an abusive open comment: admins, or the trainers of its workshop; audited. */
export async function action({ context, request }: Route.ActionArgs) {
  const { user, db, query } = evaluationResultsRequest(context, request);
  const form = await readForm(request);
  const responseId = String(form.get("responseId") ?? "");
  const questionId = String(form.get("questionId") ?? "").slice(0, 64);
  const ok = /^\d{1,16}$/.test(responseId) && setCommentHidden(db, user, { responseId: Number(responseId), questionId, hidden: form.get("intent") !== "show" });
  if (!ok) return invalid({ formError: getInstance(context).t("evaluation.results.errors.moderate") });
  return redirect(`/reports/evaluations?${query}&moderated=1`);
}

export default function EvaluationResultsPage({ loaderData: d, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { label } = useQuestionLabel();
  const r = d.results;
  const q = d.query;
  const textQuestions = r.questions.filter((x) => x.question.type === "text");
  return (
    <div className="page report">
      <h1>{t("evaluation.results.title")}</h1>
      <p className="lead">{t("evaluation.results.intro")}</p>
      <p className="muted">{t(d.scope === "all" ? "reports.scopeAll" : "reports.scopeTrainer")}</p>
      {d.errors.map((e) => (
        <FormAlert key={e} message={e} />
      ))}
      <FormAlert message={actionData?.formError} />
      <FormAlert tone="success" message={d.hidden ? t("evaluation.results.moderated") : null} />
      <Form method="get" className="report-filters no-print" aria-label={t("reports.filters.legend")}>
        <fieldset>
          <legend>{t("reports.filters.legend")}</legend>
          <div className="filter-grid">
            <div className="field">
              <label htmlFor="f-kind">{t("evaluation.results.kind")}</label>
              <select id="f-kind" name="kind" defaultValue={d.selection.kind}>
                {EVALUATION_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`evaluation.kinds.${k}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="f-course">{t("reports.filters.course")}</label>
              <select id="f-course" name="course" defaultValue={d.selection.courseSlug ?? ""}>
                <option value="">{t("reports.filters.any")}</option>
                {d.courses.map((c) => (
                  <option key={c.slug} value={c.slug}>
                    {c.title}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="f-cohort">{t("reports.filters.cohort")}</label>
              <select id="f-cohort" name="cohort" defaultValue={d.selection.cohortId ?? ""}>
                <option value="">{t("reports.filters.any")}</option>
                {d.cohorts.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.title}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="actions">
            <button type="submit" className="button">
              {t("reports.filters.apply")}
            </button>
            <Link to="/reports/evaluations" className="button secondary">
              {t("reports.filters.clear")}
            </Link>
          </div>
        </fieldset>
      </Form>

      <p className="report-meta" data-testid="evaluation-meta">
        {t("evaluation.results.responses", { responses: r.responses, asked: r.requested })} · {t("reports.threshold", { threshold: r.threshold })}
      </p>
      <p className="no-print report-actions">
        <a href={`/reports/evaluations.csv?${q}`} download>
          {t("evaluation.results.csv")}
        </a>{" "}
        · <Link to={`/reports/evaluations/summary?${q}`}>{t("evaluation.results.summary")}</Link>
      </p>

      {r.suppressed ? (
        <p className="notice" data-testid="evaluation-suppressed">
          {t("evaluation.results.suppressed", { threshold: r.threshold })}
        </p>
      ) : (
        <>
          <section aria-labelledby="e-dist">
            <h2 id="e-dist">{t("evaluation.results.distribution")}</h2>
            <MeansChart results={r} />
            <DistributionTable results={r} />
          </section>
          <section aria-labelledby="e-sex">
            <h2 id="e-sex">{t("evaluation.results.bySex")}</h2>
            <BreakdownTable results={r} by="sex" />
          </section>
          <section aria-labelledby="e-group">
            <h2 id="e-group">{t("evaluation.results.byGroup")}</h2>
            <BreakdownTable results={r} by="group" />
          </section>
          <section aria-labelledby="e-comments">
            <h2 id="e-comments">{t("evaluation.results.comments")}</h2>
            {textQuestions.map((tq) => {
              const list = r.comments.filter((c) => c.questionId === tq.question.id);
              return (
                <div key={tq.question.id}>
                  <h3>
                    {label(tq.question)} ({tq.n})
                  </h3>
                  {list.length === 0 ? <p className="muted">{t("evaluation.results.noComments")}</p> : null}
                  <ul className="comment-list">
                    {list.map((c) => (
                      <li key={`${c.responseId}-${c.questionId}`} className={c.hidden ? "muted" : undefined}>
                        {c.hidden ? <em>{t("evaluation.results.hiddenComment")}</em> : <span className="break">{c.text}</span>}{" "}
                        <Form method="post" className="inline-form no-print">
                          <input type="hidden" name="intent" value={c.hidden ? "show" : "hide"} />
                          <input type="hidden" name="responseId" value={String(c.responseId)} />
                          <input type="hidden" name="questionId" value={c.questionId} />
                          <button type="submit" className="link-button">
                            {c.hidden ? t("evaluation.results.show") : t("evaluation.results.hide")}
                          </button>
                        </Form>
                      </li>
                    ))}
                  </ul>
                </div>
              );
            })}
            {r.moreComments > 0 ? <p className="muted">{t("evaluation.results.moreComments", { count: r.moreComments })}</p> : null}
          </section>
        </>
      )}
    </div>
  );
}
