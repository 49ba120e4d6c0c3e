import type { Question } from "#app/content/schema";

/** What a learner submitted for one question, as parsed from the form. */
export type Answer = string | string[] | null;

export type QuestionResult = {
  ref: string;
  correct: boolean;
  /** 0 or 1; multiple-choice questions are all-or-nothing. */
  points: number;
  given: Answer;
};

export type GradeResult = {
  score: number;
  maxScore: number;
  percent: number;
  passed: boolean;
  results: QuestionResult[];
};

/** Locales that write a decimal comma (1.234,5). */
const DECIMAL_COMMA = new Set(["vi"]);

/**
 * Parses a number as a person types it: spaces and thousands separators are ignored, and the
 * decimal mark follows the locale (Vietnamese writes 1.234,5). Returns null if it is not a number.
 */
export function parseLocaleNumber(input: string, locale: string): number | null {
  let s = input.normalize("NFKC").replace(/[\s\u00a0\u202f_']/g, "");
  if (!s) return null;
  if (DECIMAL_COMMA.has(locale)) s = s.replace(/\./g, "").replace(",", ".");
  else {
    // A lone comma followed by 1–2 digits at the end reads as a decimal comma (e.g. "2,5").
    if (/^-?\d+,\d{1,2}$/.test(s)) s = s.replace(",", ".");
    else s = s.replace(/,/g, "");
  }
  if (!/^-?(\d+\.?\d*|\.\d+)(e-?\d+)?$/i.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

export function isAnswerCorrect(question: Question, given: Answer, locale: string): boolean {
  if (given === null) return false;
  switch (question.type) {
    case "single":
      return typeof given === "string" && given === question.correct;
    case "multiple": {
      const picked = new Set(Array.isArray(given) ? given : [given]);
      return picked.size === question.correct.length && question.correct.every((c) => picked.has(c));
    }
    case "truefalse":
      return given === String(question.correct);
    case "numeric": {
      if (typeof given !== "string") return false;
      const n = parseLocaleNumber(given, locale);
      // A small epsilon absorbs binary floating-point error at the tolerance boundary.
      return n !== null && Math.abs(n - question.correct) <= question.tolerance + 1e-9 * Math.max(1, Math.abs(question.correct));
    }
  }
}

/** Grades an attempt: one point a question; passed when the percentage reaches the pass mark. */
export function gradeAttempt(
  questions: { ref: string; question: Question }[],
  answers: Record<string, Answer>,
  passMark: number,
  locale: string,
): GradeResult {
  const results = questions.map(({ ref, question }) => {
    const given = answers[ref] ?? null;
    const correct = isAnswerCorrect(question, given, locale);
    return { ref, correct, points: correct ? 1 : 0, given };
  });
  const score = results.reduce((s, r) => s + r.points, 0);
  const maxScore = questions.length;
  const percent = maxScore === 0 ? 0 : Math.round((score / maxScore) * 1000) / 10;
  return { score, maxScore, percent, passed: percent >= passMark, results };
}

/** Reads the answers for the given question refs from a submitted form (fields q0, q1, …). */
export function answersFromForm(form: FormData, refs: string[]): Record<string, Answer> {
  const out: Record<string, Answer> = {};
  refs.forEach((ref, i) => {
    const values = form
      .getAll(`q${i}`)
      .filter((v): v is string => typeof v === "string")
      .map((v) => v.slice(0, 200));
    out[ref] = values.length === 0 ? null : values.length === 1 ? values[0]! : values;
  });
  return out;
}

/**
 * The values of fields q0…q(n-1) as posted, to show a refused submission again with the answers
 * already given (checked or filled in). Capped like answersFromForm.
 */
export function givenFromForm(form: FormData, n: number): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (let i = 0; i < n; i++) {
    const values = form
      .getAll(`q${i}`)
      .filter((v): v is string => typeof v === "string")
      .slice(0, 20)
      .map((v) => v.slice(0, 200));
    if (values.length > 0) out[`q${i}`] = values;
  }
  return out;
}
