import { useTranslation } from "react-i18next";
import { Form } from "react-router";
import type { FieldError } from "#app/components/fields";
import { SCALE, type Question } from "#app/evaluation/questions";

/** A question's text: the translated template text, or the trainer's own words. */
export function useQuestionLabel() {
  const { t } = useTranslation();
  return {
    label: (q: Pick<Question, "id" | "label">) => q.label ?? t(`evaluation.questions.${q.id}`),
    option: (q: Pick<Question, "id" | "label" | "options">, i: number) => (q.label !== null ? q.options[i]! : t(`evaluation.options.${q.id}.${q.options[i]}`)),
  };
}

/** The questionnaire as a plain HTML form (radio groups and text areas): works without JavaScript. */
export function EvaluationForm({
  questions,
  values,
  errors,
  shareProfile,
  threshold,
}: {
  questions: Question[];
  values: Record<string, string>;
  errors: Record<string, FieldError>;
  shareProfile: boolean;
  threshold: number;
}) {
  const { t } = useTranslation();
  const { label, option } = useQuestionLabel();
  return (
    <Form method="post" className="stack evaluation-form" noValidate>
      <ol className="question-list">
        {questions.map((q) => {
          const name = `q-${q.id}`;
          const error = errors[q.id];
          const errorId = `${name}-error`;
          const heading = (
            <>
              {label(q)}
              {q.required ? null : <span className="muted"> ({t("evaluation.optional")})</span>}
            </>
          );
          return (
            <li key={q.id} className={error ? "question has-error" : "question"} data-question={q.id}>
              {q.type === "text" ? (
                <div className="field">
                  <label htmlFor={`f-${name}`}>{heading}</label>
                  <textarea
                    id={`f-${name}`}
                    name={name}
                    rows={3}
                    maxLength={2000}
                    defaultValue={values[q.id]}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={error ? errorId : undefined}
                  />
                </div>
              ) : (
                <fieldset className="fieldset" aria-describedby={error ? errorId : undefined}>
                  <legend>{heading}</legend>
                  {q.type === "scale" ? <p className="hint">{t("evaluation.scaleHint")}</p> : null}
                  <div className={q.type === "scale" ? "scale-options" : "stack"}>
                    {(q.type === "scale" ? SCALE.map(String) : q.options.map((_, i) => String(i))).map((v, i) => (
                      <label key={v} className="choice">
                        <input type="radio" name={name} value={v} defaultChecked={values[q.id] === v} required={q.required} />
                        <span>{q.type === "scale" ? t(`evaluation.scale.${v}`) : option(q, i)}</span>
                      </label>
                    ))}
                  </div>
                </fieldset>
              )}
              {error ? (
                <p id={errorId} className="error-text">
                  {t(error.key, error.values)}
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
      <section className="panel notice" aria-labelledby="recorded-h">
        <h2 id="recorded-h">{t("evaluation.recorded.title")}</h2>
        <ul>
          <li>{t("evaluation.recorded.answers")}</li>
          <li>{t("evaluation.recorded.responded")}</li>
          <li>{t("evaluation.recorded.notRecorded")}</li>
          <li>{t("evaluation.recorded.results", { threshold })}</li>
        </ul>
        <label className="choice">
          <input type="checkbox" name="shareProfile" value="on" defaultChecked={shareProfile} />
          <span>{t("evaluation.recorded.shareProfile")}</span>
        </label>
      </section>
      <button type="submit" className="button">
        {t("evaluation.submit")}
      </button>
    </Form>
  );
}

export type EvaluationInvite = { id: number; kind: "evaluation" | "followup"; title: string };

/** Questionnaires waiting for the person's answer, each a link to its form. */
export function EvaluationInvites({ items, showTitle = true }: { items: EvaluationInvite[]; showTitle?: boolean }) {
  const { t } = useTranslation();
  if (!items.length) return null;
  return (
    <section className="panel notice" aria-labelledby="eval-h" data-testid="evaluation-invites">
      <h2 id="eval-h">{t("evaluation.waiting")}</h2>
      <ul className="stack">
        {items.map((i) => (
          <li key={i.id}>
            <a href={`/me/evaluations/${i.id}`} className="button">
              {showTitle ? t(`evaluation.answerNamed.${i.kind}`, { title: i.title }) : t(`evaluation.answer.${i.kind}`)}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
