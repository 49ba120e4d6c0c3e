import { useTranslation } from "react-i18next";
import { Form, Link, redirect } from "react-router";
import type { Route } from "./+types/trainer-cohort-evaluation";
import { requireTrainerCohort } from "#app/cohorts/guard.server";
import { useQuestionLabel } from "#app/components/evaluation-form";
import { FormAlert } from "#app/components/fields";
import {
  addExtraQuestion,
  cohortFormKey,
  cohortFormOpensAt,
  countResponses,
  formQuestions,
  questionsEditable,
  removeExtraQuestion,
} from "#app/evaluation/evaluation.server";
import { invalid, readForm } from "#app/forms.server";
import { formatInstant } from "#app/i18n/datetime";
import { getInstance, getLocale } from "#app/middleware/i18next.server";
import { EVALUATION_KINDS, EXTRA_QUESTION_TYPES, type EvaluationKind } from "#app/vocabulary";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

export function loader({ context, request, params }: Route.LoaderArgs) {
  const { db, cohort } = requireTrainerCohort(context, request, params.id, "view");
  const locale = getLocale(context);
  const now = Date.now();
  const forms = EVALUATION_KINDS.map((kind) => {
    const key = cohortFormKey(cohort.id, kind);
    const opensAt = cohortFormOpensAt(db, cohort, kind);
    return {
      kind,
      opensOn: formatInstant(opensAt, "dateTime", locale, cohort.timeZone),
      open: opensAt <= now,
      editable: questionsEditable(db, cohort, kind, now),
      responses: countResponses(db, key),
      asked: db.$client.prepare("select count(*) from evaluation_requests where form_key = ?").pluck().get(key) as number,
      questions: formQuestions(db, { key, kind, cohortId: cohort.id, courseSlug: cohort.courseSlug }),
    };
  });
  return {
    title: `${getInstance(context).t("cohorts.tabs.evaluation")} · ${cohort.title}`,
    cohortId: cohort.id,
    forms,
    rule: !!cohort.completionRules.evaluationSubmitted,
  };
}

export async function action({ context, request, params }: Route.ActionArgs) {
  const { db, cohort, user } = requireTrainerCohort(context, request, params.id, "manage");
  const form = await readForm(request);
  const kindRaw = String(form.get("kind") ?? "");
  const t = getInstance(context).t;
  if (!(EVALUATION_KINDS as readonly string[]).includes(kindRaw)) return invalid({ formError: t("evaluation.edit.errors.type") });
  const kind = kindRaw as EvaluationKind;
  const result =
    form.get("intent") === "remove"
      ? removeExtraQuestion(db, user, cohort, kind, String(form.get("questionId") ?? "").slice(0, 32))
      : addExtraQuestion(db, user, cohort, kind, {
          type: String(form.get("type") ?? ""),
          label: String(form.get("label") ?? ""),
          options: String(form.get("options") ?? "").slice(0, 2000),
        });
  if (!result.ok) return invalid({ intent: kind, formError: t(`evaluation.edit.errors.${result.reason}`) });
  return redirect(`/trainer/cohorts/${cohort.id}/evaluation`);
}

export default function CohortEvaluation({ loaderData: d, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { label, option } = useQuestionLabel();
  return (
    <>
      <h1>{t("cohorts.tabs.evaluation")}</h1>
      <p>{t("evaluation.edit.intro")}</p>
      {d.rule ? <p className="notice">{t("evaluation.edit.ruleOn")}</p> : null}
      {d.forms.map((f) => (
        <section key={f.kind} className="panel" aria-labelledby={`h-${f.kind}`} data-kind={f.kind}>
          <h2 id={`h-${f.kind}`}>{t(`evaluation.kinds.${f.kind}`)}</h2>
          <p>{f.open ? t("evaluation.edit.openedOn", { when: f.opensOn }) : t("evaluation.edit.opensOn", { when: f.opensOn })}</p>
          <p>{t("evaluation.edit.responses", { responses: f.responses, asked: f.asked })}</p>
          <p>
            <Link to={`/reports/evaluations?kind=${f.kind}&cohort=${encodeURIComponent(d.cohortId)}`}>{t("evaluation.edit.results")}</Link>
          </p>
          <h3>{t("evaluation.edit.questions")}</h3>
          <ol>
            {f.questions.map((q) => (
              <li key={q.id}>
                {label(q)} <span className="muted">({t(`evaluation.types.${q.type}`)})</span>
                {q.type === "choice" ? <span className="muted"> — {q.options.map((_, i) => option(q, i)).join(" / ")}</span> : null}
                {q.label !== null && f.editable ? (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="kind" value={f.kind} />
                    <input type="hidden" name="questionId" value={q.id} />
                    <button type="submit" className="link-button" aria-label={t("evaluation.edit.removeNamed", { label: q.label })}>
                      {t("evaluation.edit.remove")}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ol>
          {f.editable ? (
            <details open={actionData?.intent === f.kind}>
              <summary>{t("evaluation.edit.add")}</summary>
              <FormAlert message={actionData?.intent === f.kind ? actionData.formError : null} />
              <Form method="post" className="stack">
                <input type="hidden" name="intent" value="add" />
                <input type="hidden" name="kind" value={f.kind} />
                <div className="field">
                  <label htmlFor={`f-label-${f.kind}`}>{t("evaluation.edit.label")}</label>
                  <input id={`f-label-${f.kind}`} name="label" type="text" maxLength={300} required />
                </div>
                <div className="field">
                  <label htmlFor={`f-type-${f.kind}`}>{t("evaluation.edit.type")}</label>
                  <select id={`f-type-${f.kind}`} name="type" required>
                    {EXTRA_QUESTION_TYPES.map((ty) => (
                      <option key={ty} value={ty}>
                        {t(`evaluation.types.${ty}`)}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor={`f-options-${f.kind}`}>{t("evaluation.edit.options")}</label>
                  <p className="hint">{t("evaluation.edit.optionsHint")}</p>
                  <textarea id={`f-options-${f.kind}`} name="options" rows={4} maxLength={2000} />
                </div>
                <button type="submit" className="button secondary">
                  {t("evaluation.edit.addButton")}
                </button>
              </Form>
            </details>
          ) : (
            <p className="muted">{t("evaluation.edit.locked")}</p>
          )}
        </section>
      ))}
    </>
  );
}
