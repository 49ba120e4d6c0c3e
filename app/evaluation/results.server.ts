/**
 * Evaluation results: per workshop, per course and overall, for one kind of questionnaire
 * (end-of-training evaluation or follow-up). For every question the distribution of answers and, on
 * scales, the mean; means by sex and by constituent group only in cells the reports' small-cell
 * suppression lets through (CountCube with REPORT_MIN_CELL, complementary suppression included);
 * open comments listed, less those a trainer hid. Fewer responses than the threshold in all: nothing
 * but the count is shown.
 */
import type { Db } from "#db/client";
import { CONSTITUENT_GROUPS, SEXES, type EvaluationKind } from "#db/schema";
import { env } from "#app/env.server";
import { CountCube } from "#app/reports/suppression";
import type { ReportScope } from "#app/reports/filters.server";
import { extraQuestions } from "./evaluation.server";
import { questionsOf, SCALE, type Question } from "./questions";

/** A published mean: v is null unless shown; s says why not. */
export type MeanCell = { v: number | null; n: number | null; s: "ok" | "small" | "hidden" | "na" };

export type QuestionResult = {
  question: Question;
  /** Answers to this question. */
  n: number;
  /** Per scale value (1–5) or per option, how many chose it. Empty for texts. */
  counts: number[];
  mean: number | null;
  bySex: MeanCell[];
  byGroup: MeanCell[];
};

export type Comment = { responseId: number; questionId: string; text: string; hidden: boolean };

export type EvaluationResults = {
  kind: EvaluationKind;
  threshold: number;
  /** Responses in the selection. */
  responses: number;
  /** People asked (requests due) and how many answered, for the response rate. */
  requested: number;
  /** True when there are fewer responses than the threshold: only the counts are shown. */
  suppressed: boolean;
  questions: QuestionResult[];
  /** Sex and group categories of the by-sex / by-group cells ("not-given" last for groups). */
  sexes: readonly string[];
  groups: readonly string[];
  comments: Comment[];
  /** Comments left out of `comments` (beyond the listing limit). */
  moreComments: number;
};

export type ResultsSelection = { kind: EvaluationKind; cohortId?: string | null; courseSlug?: string | null };

const GROUPS = [...CONSTITUENT_GROUPS, "not-given"] as const;

/** Which responses a scope and selection cover, as a WHERE clause on evaluation_responses `r`. */
function where(scope: ReportScope, sel: ResultsSelection): { sql: string; params: (string | null)[] } {
  const parts = ["r.kind = ?"];
  const params: (string | null)[] = [sel.kind];
  if (scope.kind === "cohorts") {
    parts.push(`r.cohort_id in (${scope.cohortIds.map(() => "?").join(",") || "''"})`);
    params.push(...scope.cohortIds);
  }
  if (sel.cohortId) {
    parts.push("r.cohort_id = ?");
    params.push(sel.cohortId);
  }
  if (sel.courseSlug) {
    parts.push("r.course_slug = ?");
    params.push(sel.courseSlug);
  }
  return { sql: parts.join(" and "), params };
}

/**
 * The questions to report: for one workshop, its template and its trainers' questions; across
 * workshops and courses, the template only (trainers' questions differ from workshop to workshop).
 */
function reportedQuestions(db: Db, sel: ResultsSelection): Question[] {
  if (sel.cohortId) return questionsOf(sel.kind, true, extraQuestions(db, `cohort:${sel.cohortId}:${sel.kind}`));
  // Self-paced questionnaires lack the workshop questions; a selection may mix both.
  return questionsOf(sel.kind, true, []);
}

export function buildEvaluationResults(
  db: Db,
  scope: ReportScope,
  sel: ResultsSelection,
  opts: { threshold?: number; commentLimit?: number } = {},
): EvaluationResults {
  const threshold = opts.threshold ?? env.REPORT_MIN_CELL;
  const commentLimit = opts.commentLimit ?? 200;
  const sqlite = db.$client;
  const w = where(scope, sel);
  const responses = sqlite
    .prepare(`select count(*) from evaluation_responses r where ${w.sql}`)
    .pluck()
    .get(...w.params) as number;
  const rw = where(scope, sel);
  const requested = sqlite
    .prepare(`select count(*) from evaluation_requests r where ${rw.sql} and r.due_at <= ?`)
    .pluck()
    .get(...rw.params, Date.now()) as number;
  const questions = reportedQuestions(db, sel);
  const suppressed = responses < threshold;
  const base = { kind: sel.kind, threshold, responses, requested, suppressed, sexes: SEXES, groups: GROUPS };
  if (suppressed) return { ...base, questions: [], comments: [], moreComments: 0 };

  const byId = new Map(questions.map((q, i) => [q.id, i]));
  const sexIndex = new Map<string, number>(SEXES.map((s, i) => [s, i]));
  const groupIndex = new Map<string, number>(CONSTITUENT_GROUPS.map((g, i) => [g, i]));
  const notGiven = CONSTITUENT_GROUPS.length;

  // Per question: value counts, and per (sex, group) answer counts and sums (for means).
  const cells = SEXES.length * GROUPS.length;
  const acc = questions.map((q) => ({
    counts: new Array<number>(q.type === "scale" ? SCALE.length : q.options.length).fill(0),
    n: 0,
    sum: 0,
    cellN: new Array<number>(cells).fill(0),
    cellSum: new Array<number>(cells).fill(0),
  }));
  // Counted in SQLite (one row per question, value, sex and group), folded here.
  const rows = sqlite
    .prepare(
      `select a.question_id, a.value_num, r.sex, r.constituent_group, count(*) from evaluation_answers a
       join evaluation_responses r on r.id = a.response_id where ${w.sql} and a.value_num is not null group by 1, 2, 3, 4`,
    )
    .raw()
    .all(...w.params) as [string, number, string, string | null, number][];
  for (const [qid, v, sex, group, count] of rows) {
    const qi = byId.get(qid);
    if (qi === undefined) continue;
    const q = questions[qi]!;
    const a = acc[qi]!;
    const slot = q.type === "scale" ? v - 1 : v;
    if (slot < 0 || slot >= a.counts.length) continue;
    a.counts[slot]! += count;
    a.n += count;
    a.sum += v * count;
    const cell = (sexIndex.get(sex) ?? SEXES.length - 1) * GROUPS.length + (group === null ? notGiven : (groupIndex.get(group) ?? notGiven));
    a.cellN[cell]! += count;
    a.cellSum[cell]! += v * count;
  }

  const results: QuestionResult[] = questions.map((q, qi) => {
    const a = acc[qi]!;
    if (q.type !== "scale") {
      return { question: q, n: a.n, counts: a.counts, mean: null, bySex: [], byGroup: [] };
    }
    // One cube of answer counts per question (sex × group, with margins), suppressed as the reports do.
    const cube = new CountCube([SEXES.length, GROUPS.length]);
    const sums = new CountCube([SEXES.length, GROUPS.length]);
    for (let s = 0; s < SEXES.length; s++) {
      for (let g = 0; g < GROUPS.length; g++) {
        const i = s * GROUPS.length + g;
        if (a.cellN[i]) {
          cube.add([s, g], a.cellN[i]!);
          sums.add([s, g], a.cellSum[i]!);
        }
      }
    }
    cube.suppress(threshold);
    const mean = (pos: number[]): MeanCell => {
      const { value, status } = cube.get(pos);
      if (status === "small") return { v: null, n: null, s: "small" };
      if (status === "hidden") return { v: null, n: null, s: "hidden" };
      if (value === 0) return { v: null, n: 0, s: "na" };
      return { v: sums.get(pos).value / value, n: value, s: "ok" };
    };
    return {
      question: q,
      n: a.n,
      counts: a.counts,
      mean: a.n ? a.sum / a.n : null,
      bySex: SEXES.map((_, s) => mean([s, GROUPS.length])),
      byGroup: GROUPS.map((_, g) => mean([SEXES.length, g])),
    };
  });

  // Open comments, per text question: the first `commentLimit` in index order (random ids: not the
  // order of arrival), and how many there are in all.
  const comments: Comment[] = [];
  let moreComments = 0;
  const from = `from evaluation_answers a join evaluation_responses r on r.id = a.response_id where ${w.sql} and a.question_id = ? and a.value_text is not null`;
  const listComments = sqlite.prepare(`select a.response_id, a.value_text, a.hidden ${from} limit ?`).raw();
  const countComments = sqlite.prepare(`select count(*) ${from}`).pluck();
  for (const r of results) {
    if (r.question.type !== "text") continue;
    const id = r.question.id;
    r.n = countComments.get(...w.params, id) as number;
    if (commentLimit > 0) {
      for (const [responseId, text, hidden] of listComments.iterate(...w.params, id, commentLimit) as IterableIterator<[number, string, number]>) {
        comments.push({ responseId, questionId: id, text, hidden: hidden === 1 });
      }
    }
    moreComments += Math.max(0, r.n - Math.min(r.n, commentLimit));
  }
  return { ...base, questions: results, comments, moreComments };
}
