import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Form, useNavigation } from "react-router";

export type PublicQuestionView = {
  ref: string;
  type: "single" | "multiple" | "truefalse" | "numeric";
  prompt: string;
  options: { id: string; text: string }[];
  unit: string | null;
};

/** correctAnswer and explanation are present only when the server decided they may be shown. */
export type FeedbackView = PublicQuestionView & { given: string[]; correct: boolean; correctAnswer?: string[]; explanation?: string };

/** The values a refused submission carried, by field name (q0, q1, …), to show them again. */
export type GivenAnswers = Record<string, string[]>;

/** What a refused quiz submission hands back (ActionResult's result) to draw the form again: the answers given. */
export type QuizRedraw = { given: GivenAnswers };

/**
 * Question numbers (1-based) with no answer in the form: no option chosen, or a blank number. The
 * server refuses such a submission (with the same list); with JavaScript the learner is told before
 * anything is sent.
 */
export function unansweredInForm(form: FormData, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) if (form.getAll(`q${i}`).every((v) => typeof v !== "string" || v.trim() === "")) out.push(i + 1);
  return out;
}

/** A quiz as a plain HTML form: fields q0…qN, graded by the route action on the server. */
export function QuizForm({
  questions,
  intent,
  hidden = {},
  submitLabel,
  idPrefix = "q",
  given = {},
}: {
  questions: PublicQuestionView[];
  intent: string;
  hidden?: Record<string, string>;
  submitLabel?: string;
  idPrefix?: string;
  /** Answers to show as already given (a refused submission), checked or filled in. */
  given?: GivenAnswers;
}) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const [missing, setMissing] = useState<number[]>([]);
  // With JavaScript: warn about unanswered questions before sending (without it the server refuses).
  function warnIfUnanswered(event: FormEvent<HTMLFormElement>) {
    const form = event.currentTarget;
    const unanswered = unansweredInForm(new FormData(form), questions.length);
    setMissing(unanswered);
    if (unanswered.length === 0) return;
    event.preventDefault();
    form.querySelectorAll<HTMLFieldSetElement>("fieldset")[unanswered[0]! - 1]?.querySelector("input")?.focus();
  }
  return (
    <Form method="post" className="quiz-form" onSubmit={warnIfUnanswered}>
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(hidden).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <ol className="questions">
        {questions.map((q, i) => {
          const name = `q${i}`;
          const id = `${idPrefix}-${i}`;
          const mine = given[name] ?? [];
          return (
            <li key={q.ref} className={missing.includes(i + 1) ? "question is-unanswered" : "question"}>
              <fieldset>
                <legend>
                  <span className="question-number">{t("quiz.questionOf", { n: i + 1, total: questions.length })}</span>
                  <span className="question-prompt">{q.prompt}</span>
                </legend>
                {q.type === "multiple" ? <p className="hint">{t("quiz.selectAll")}</p> : null}
                {q.type === "single" || q.type === "multiple"
                  ? q.options.map((o) => (
                      <label key={o.id} className="choice">
                        <input type={q.type === "single" ? "radio" : "checkbox"} name={name} value={o.id} defaultChecked={mine.includes(o.id)} />
                        <span>{o.text}</span>
                      </label>
                    ))
                  : null}
                {q.type === "truefalse" ? (
                  <>
                    <label className="choice">
                      <input type="radio" name={name} value="true" defaultChecked={mine.includes("true")} />
                      <span>{t("quiz.true")}</span>
                    </label>
                    <label className="choice">
                      <input type="radio" name={name} value="false" defaultChecked={mine.includes("false")} />
                      <span>{t("quiz.false")}</span>
                    </label>
                  </>
                ) : null}
                {q.type === "numeric" ? (
                  <div className="numeric">
                    <label htmlFor={id}>{t("quiz.numericLabel")}</label>
                    <span className="numeric-input">
                      <input id={id} name={name} type="text" inputMode="decimal" autoComplete="off" maxLength={40} defaultValue={mine[0] ?? ""} />
                      {q.unit ? <span className="unit">{q.unit}</span> : null}
                    </span>
                  </div>
                ) : null}
              </fieldset>
            </li>
          );
        })}
      </ol>
      {missing.length > 0 ? (
        <p className="alert alert-error" role="alert">
          {t("quiz.unansweredWarning", { count: missing.length, numbers: missing.join(", ") })}
        </p>
      ) : null}
      <button type="submit" className="button" disabled={busy}>
        {submitLabel ?? t("quiz.submit")}
      </button>
    </Form>
  );
}

function answerText(q: PublicQuestionView, ids: string[], t: (k: string) => string): string {
  if (ids.length === 0) return t("quiz.noAnswer");
  if (q.type === "truefalse") return ids.map((v) => (v === "true" ? t("quiz.true") : v === "false" ? t("quiz.false") : v)).join(", ");
  if (q.type === "numeric") return ids.map((v) => (q.unit ? `${v} ${q.unit}` : v)).join(", ");
  return ids.map((id) => q.options.find((o) => o.id === id)?.text ?? id).join("; ");
}

export function QuizFeedback({ items }: { items: FeedbackView[] }) {
  const { t } = useTranslation();
  return (
    <ol className="questions feedback">
      {items.map((q) => (
        <li key={q.ref} className={q.correct ? "question is-correct" : "question is-incorrect"}>
          <p className="question-prompt">{q.prompt}</p>
          <p className="verdict">
            <strong>{q.correct ? `✓ ${t("quiz.correct")}` : `✗ ${t("quiz.incorrect")}`}</strong>
          </p>
          <p>
            <span className="muted">{t("quiz.yourAnswer")}:</span> {answerText(q, q.given, t)}
          </p>
          {q.correct || !q.correctAnswer ? null : (
            <p>
              <span className="muted">{t("quiz.correctAnswer")}:</span> {answerText(q, q.correctAnswer, t)}
            </p>
          )}
          {q.explanation === undefined ? null : (
            <p className="explanation">
              <span className="muted">{t("quiz.explanation")}:</span> {q.explanation}
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}

export function ScoreSummary({
  score,
  max,
  percent,
  passed,
  passMark,
}: {
  score: number;
  max: number;
  percent: number;
  passed: boolean | null;
  passMark: number;
}) {
  const { t } = useTranslation();
  return (
    <div className={passed ? "result result-pass" : "result"} role="status">
      <p className="result-score">{t("quiz.score", { score, max, percent })}</p>
      {passed === null ? null : <p>{passed ? t("quiz.passed") : t("quiz.notPassed", { passMark })}</p>}
    </div>
  );
}

/** Says why keys and explanations are not shown yet (the server sent none). */
export function RevealNotice({
  reveal,
  kind,
  revealAfter,
}: {
  reveal: "score" | "verdicts" | "full";
  kind: "pretest" | "final" | "module";
  revealAfter?: number | null;
}) {
  const { t } = useTranslation();
  if (reveal === "full") return null;
  const text =
    kind === "module" ? t("quiz.reveal.module", { count: revealAfter ?? 0 }) : kind === "pretest" ? t("quiz.reveal.pretest") : t("quiz.reveal.final");
  return <p className="notice subtle">{text}</p>;
}
