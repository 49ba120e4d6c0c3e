import { describe, expect, it } from "vitest";
import type { Question } from "#app/content/schema";
import { answersFromForm, gradeAttempt, isAnswerCorrect, parseLocaleNumber } from "./grading";

const single: Question = {
  id: "s",
  type: "single",
  prompt: { en: "?" },
  explanation: { en: "." },
  options: [
    { id: "a", text: { en: "A" } },
    { id: "b", text: { en: "B" } },
  ],
  correct: "b",
};
const multiple: Question = {
  id: "m",
  type: "multiple",
  prompt: { en: "?" },
  explanation: { en: "." },
  options: [
    { id: "a", text: { en: "A" } },
    { id: "b", text: { en: "B" } },
    { id: "c", text: { en: "C" } },
  ],
  correct: ["a", "c"],
};
const tf: Question = { id: "t", type: "truefalse", prompt: { en: "?" }, explanation: { en: "." }, correct: false };
const numeric: Question = { id: "n", type: "numeric", prompt: { en: "?" }, explanation: { en: "." }, correct: 1320000, tolerance: 1000 };

describe("parseLocaleNumber", () => {
  it.each([
    ["1,320,000", "en", 1320000],
    ["1 320 000", "en", 1320000],
    ["1320000.5", "en", 1320000.5],
    ["2,5", "en", 2.5],
    ["1.320.000", "vi", 1320000],
    ["2,5", "vi", 2.5],
    ["abc", "en", null],
    ["", "en", null],
    ["1e3", "en", 1000],
    // Lao, Thai and Khmer digits (a phone's Lao keyboard types ໑໕, not 15)
    ["໑໕", "lo", 15],
    ["໑໕", "en", 15],
    ["๑๕", "th", 15],
    ["១៥", "km", 15],
    ["໑,໓໒໐,໐໐໐", "lo", 1320000],
    ["໑.໓໒໐.໐໐໐", "lo", 1320000],
    ["໒,໕", "lo", 2.5],
    ["2,5", "lo", 2.5],
    ["1,000", "lo", 1000],
    ["1.000", "lo", 1000],
    ["1.5", "lo", 1.5],
    ["-໑໕", "lo", -15],
    ["\u2212" + "15", "en", -15],
    // both marks: the last one is the decimal mark, whatever the locale
    ["1.234,5", "en", 1234.5],
    ["1,234.5", "vi", 1234.5],
    ["1.5", "vi", 1.5],
    ["1,2,3.4.5", "en", null],
    ["໑໕abc", "lo", null],
  ])("%s (%s) → %s", (input, locale, expected) => {
    expect(parseLocaleNumber(input, locale)).toBe(expected);
  });
});

describe("isAnswerCorrect", () => {
  it("single choice", () => {
    expect(isAnswerCorrect(single, "b", "en")).toBe(true);
    expect(isAnswerCorrect(single, "a", "en")).toBe(false);
    expect(isAnswerCorrect(single, ["b", "a"], "en")).toBe(false);
    expect(isAnswerCorrect(single, null, "en")).toBe(false);
  });
  it("multiple choice is all-or-nothing", () => {
    expect(isAnswerCorrect(multiple, ["c", "a"], "en")).toBe(true);
    expect(isAnswerCorrect(multiple, ["a"], "en")).toBe(false);
    expect(isAnswerCorrect(multiple, ["a", "b", "c"], "en")).toBe(false);
    expect(isAnswerCorrect(multiple, "a", "en")).toBe(false);
  });
  it("true/false", () => {
    expect(isAnswerCorrect(tf, "false", "en")).toBe(true);
    expect(isAnswerCorrect(tf, "true", "en")).toBe(false);
  });
  it("numeric with tolerance, inclusive at the boundary", () => {
    expect(isAnswerCorrect(numeric, "1,321,000", "en")).toBe(true);
    expect(isAnswerCorrect(numeric, "1319000", "en")).toBe(true);
    expect(isAnswerCorrect(numeric, "1321001", "en")).toBe(false);
    expect(isAnswerCorrect(numeric, "lots", "en")).toBe(false);
  });
  it("numeric answers typed in Lao, Thai or Khmer digits are graded like ASCII ones", () => {
    const fifteen: Question = { ...numeric, correct: 15, tolerance: 0 };
    expect(isAnswerCorrect(fifteen, "໑໕", "lo")).toBe(true);
    expect(isAnswerCorrect(fifteen, "๑๕", "th")).toBe(true);
    expect(isAnswerCorrect(fifteen, "១៥", "km")).toBe(true);
    expect(isAnswerCorrect(fifteen, "໑໖", "lo")).toBe(false);
    expect(isAnswerCorrect(numeric, "໑,໓໒໐,໐໐໐", "lo")).toBe(true);
  });
});

describe("gradeAttempt", () => {
  it("scores one point a question and applies the pass mark", () => {
    const qs = [
      { ref: "x#s", question: single },
      { ref: "x#m", question: multiple },
      { ref: "x#t", question: tf },
      { ref: "x#n", question: numeric },
    ];
    const r = gradeAttempt(qs, { "x#s": "b", "x#m": ["a"], "x#t": "false", "x#n": null }, 50, "en");
    expect(r).toMatchObject({ score: 2, maxScore: 4, percent: 50, passed: true });
    expect(r.results.map((x) => x.correct)).toEqual([true, false, true, false]);
    expect(gradeAttempt(qs, {}, 50, "en")).toMatchObject({ score: 0, passed: false });
  });
  it("reads q0…qN fields, keeping several values for checkboxes", () => {
    const form = new FormData();
    form.append("q0", "b");
    form.append("q1", "a");
    form.append("q1", "c");
    expect(answersFromForm(form, ["r0", "r1", "r2"])).toEqual({ r0: "b", r1: ["a", "c"], r2: null });
  });
});
