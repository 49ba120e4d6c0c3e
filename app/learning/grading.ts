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
 * Zero of each decimal-digit block a learner's keyboard may type: Thai, Lao, Myanmar, Khmer.
 * (NFKC already folds full-width digits to ASCII; it leaves these alone.)
 */
const DIGIT_ZEROS = [0x0e50, 0x0ed0, 0x1040, 0x17e0];

function toAsciiDigits(s: string): string {
  return s.replace(/[\u0e50-\u0e59\u0ed0-\u0ed9\u1040-\u1049\u17e0-\u17e9]/g, (ch) => {
    const cp = ch.codePointAt(0)!;
    const zero = DIGIT_ZEROS.find((z) => cp >= z && cp <= z + 9)!;
    return String(cp - zero);
  });
}

/**
 * Parses a number as a person types it: in ASCII, Lao, Thai, Khmer or Myanmar digits; spaces and
 * thousands separators are ignored. The decimal mark is read from the number itself where it can be:
 * with both "." and "," the last one is the decimal mark (1.234,5 and 1,234.5); a mark repeated
 * (1,320,000) or followed by other than three digits (2,5 · 1.5) is unambiguous. Only a single mark
 * followed by exactly three digits is ambiguous; then the locale decides: Vietnamese reads "1.000" as
 * a thousand and "1,000" as one; Lao (whose kip amounts are written both ways) reads both as a
 * thousand; other locales read "1,000" as a thousand and "1.000" as one.
 * Returns null if it is not a number.
 */
export function parseLocaleNumber(input: string, locale: string): number | null {
  let s = toAsciiDigits(input.normalize("NFKC"))
    .replace(/[\s\u00a0\u202f_']/g, "")
    .replace(/^[\u2212\u2012\u2013]/, "-");
  if (!s) return null;
  const lastDot = s.lastIndexOf(".");
  const lastComma = s.lastIndexOf(",");
  if (lastDot >= 0 && lastComma >= 0) {
    // Both marks: the last one is the decimal mark and must occur once; the other groups thousands.
    const [decimal, group] = lastDot > lastComma ? [".", ","] : [",", "."];
    if (s.split(decimal).length !== 2) return null;
    s = s.split(group).join("").replace(decimal, ".");
  } else if (lastDot >= 0 || lastComma >= 0) {
    const mark = lastDot >= 0 ? "." : ",";
    const parts = s.split(mark);
    const ambiguous = parts.length === 2 && /^\d{3}(e-?\d+)?$/i.test(parts[1]!) && /^-?\d{1,3}$/.test(parts[0]!);
    let grouping: boolean;
    if (parts.length > 2) grouping = true;
    else if (!ambiguous) grouping = false;
    else if (locale === "lo") grouping = true;
    else grouping = DECIMAL_COMMA.has(locale) ? mark === "." : mark === ",";
    if (grouping) {
      // Thousands groups: 1–3 digits, then groups of exactly three.
      if (!parts.slice(1).every((p, i) => (i === parts.length - 2 ? /^\d{3}(e-?\d+)?$/i : /^\d{3}$/).test(p))) return null;
      s = parts.join("");
    } else s = parts.join(".");
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
export function gradeAttempt(questions: { ref: string; question: Question }[], answers: Record<string, Answer>, passMark: number, locale: string): GradeResult {
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
