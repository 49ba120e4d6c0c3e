/**
 * The monitoring and evaluation report: indicators for a population of learning records, self-paced
 * and cohort separately, disaggregated by sex and constituent group with small-cell suppression, and
 * knowledge gain between pre-test and final assessment.
 *
 * Definitions (also shown on the report page):
 * - enrolled: learners enrolled in a course (cohort participants count once, for their cohort);
 *   the period filter selects by enrolment date (joining date for cohort participants);
 * - active: any lesson view, lesson completion or quiz submission in the 30 days before `now`;
 * - completed: the completion rules met (self-paced: every lesson and the final assessment passed;
 *   cohort: the cohort's own rules, the same as its gradebook);
 * - certified: holds a live (not revoked, not replaced) certificate for the course;
 * - completion rate = completed ÷ enrolled; pass rate = passed the final ÷ took the final;
 * - average final score: each learner's best final attempt, averaged over those who took it;
 * - attendance rate: sessions attended ÷ sessions held so far, excused sessions not counted (cohorts);
 * - knowledge gain: first final attempt minus first pre-test, for learners who took both.
 */
import { CONSTITUENT_GROUPS, SEXES, type ConstituentGroup, type Sex } from "#db/schema";
import type { Db } from "#db/client";
import { env } from "#app/env.server";
import { populationWhere, type ReportFilters, type ReportScope } from "./filters.server";
import { pendingRecords, updateLearningRecords } from "./records.server";
import { CountCube, type CellStatus } from "./suppression";
import { COUNT_INDICATORS, INDICATORS, MODES, type CountIndicator, type Indicator, type View } from "./indicators";

export { COUNT_INDICATORS, INDICATOR_FORMAT, INDICATORS, VIEWS, type CountIndicator, type Indicator, type View } from "./indicators";

/** A published cell: v is null unless shown; s says why not ("na": does not apply or no data). */
export type Cell = { v: number | null; s: "ok" | "small" | "hidden" | "na" };

export type Table<R extends string = string, C extends string = string> = { rows: R[]; cols: C[]; cells: Cell[][] };

export type GainRow = { cohortId: string | null; title: string | null; n: Cell; pretest: Cell; final: Cell; gain: Cell; improved: Cell };
export type GainParticipant = { name: string; organisation: string; pretest: number; final: number; gain: number };

export type Report = {
  generatedAt: number;
  threshold: number;
  /** Records changed since the last refresh that were not yet folded in (0 normally). */
  pending: number;
  view: View;
  crosstabIndicator: CountIndicator;
  summary: Table<Indicator, View>;
  bySex: Table<Sex | "total", Indicator>;
  byGroup: Table<ConstituentGroup | "total", Indicator>;
  crosstab: Table<ConstituentGroup | "total", Sex | "total">;
  gain: {
    rows: GainRow[];
    overall: GainRow;
    participants: GainParticipant[] | null;
    /** Learners who took both but whose pre-test came after a completed lesson: left out of the gain. */
    excluded: Cell;
  };
};

const DAY = 86_400_000;
const SUM_FIELDS = ["finalSum", "present", "counted"] as const;
type Cubes = Record<CountIndicator | "tookFinal" | "passedFinal" | (typeof SUM_FIELDS)[number], CountCube>;

const MODE_POS: Record<View, number> = { self: 0, cohort: 1, all: 2 };
const ALL_SEX = SEXES.length;
const ALL_GROUP = CONSTITUENT_GROUPS.length;

export type ReportOptions = { view?: View; crosstab?: CountIndicator; now?: number; threshold?: number; refreshLimit?: number };

/**
 * Folds in up to 500 recent changes (the background upkeep does the rest; the report says how many
 * are pending), then builds the report.
 */
export function buildReport(db: Db, scope: ReportScope, filters: ReportFilters, opts: ReportOptions = {}): Report {
  updateLearningRecords(db, opts.refreshLimit ?? 500);
  const now = opts.now ?? Date.now();
  const threshold = opts.threshold ?? env.REPORT_MIN_CELL;
  const view = opts.view ?? "all";
  const crosstabIndicator = opts.crosstab ?? "enrolled";
  const cubes = aggregate(db, scope, filters, now);
  for (const k of [...COUNT_INDICATORS, "tookFinal", "passedFinal"] as const) cubes[k].suppress(threshold);

  const summary: Table<Indicator, View> = {
    rows: [...INDICATORS],
    cols: ["self", "cohort", "all"],
    cells: INDICATORS.map((ind) => (["self", "cohort", "all"] as View[]).map((m) => cell(cubes, ind, [MODE_POS[m], ALL_SEX, ALL_GROUP]))),
  };
  const v = MODE_POS[view];
  const bySex: Table<Sex | "total", Indicator> = {
    rows: [...SEXES, "total"],
    cols: [...INDICATORS],
    cells: [...SEXES.keys(), ALL_SEX].map((s) => INDICATORS.map((ind) => cell(cubes, ind, [v, s, ALL_GROUP]))),
  };
  const byGroup: Table<ConstituentGroup | "total", Indicator> = {
    rows: [...CONSTITUENT_GROUPS, "total"],
    cols: [...INDICATORS],
    cells: [...CONSTITUENT_GROUPS.keys(), ALL_GROUP].map((g) => INDICATORS.map((ind) => cell(cubes, ind, [v, ALL_SEX, g]))),
  };
  const crosstab: Table<ConstituentGroup | "total", Sex | "total"> = {
    rows: [...CONSTITUENT_GROUPS, "total"],
    cols: [...SEXES, "total"],
    cells: [...CONSTITUENT_GROUPS.keys(), ALL_GROUP].map((g) => [...SEXES.keys(), ALL_SEX].map((s) => cell(cubes, crosstabIndicator, [v, s, g]))),
  };
  return {
    generatedAt: now,
    threshold,
    pending: pendingRecords(db),
    view,
    crosstabIndicator,
    summary,
    bySex,
    byGroup,
    crosstab,
    gain: knowledgeGain(db, scope, filters, threshold),
  };
}

function aggregate(db: Db, scope: ReportScope, filters: ReportFilters, now: number): Cubes {
  const sizes = [MODES.length, SEXES.length, CONSTITUENT_GROUPS.length];
  const cubes = Object.fromEntries([...COUNT_INDICATORS, "tookFinal", "passedFinal", ...SUM_FIELDS].map((k) => [k, new CountCube(sizes)])) as Cubes;
  const where = populationWhere(scope, filters);
  // Sessions held so far, per cohort: the attendance denominator.
  const rows = db.$client
    .prepare(
      `with held as (select cohort_id, count(*) as n from cohort_sessions where starts_at <= ? group by cohort_id)
       select lr.in_cohort, lr.sex, lr.constituent_group, count(*),
         sum(lr.last_active_at >= ?), sum(lr.completed_at is not null), sum(lr.certified_at is not null),
         sum(lr.final_attempts > 0), sum(lr.final_passed), total(lr.final_best_percent),
         total(min(lr.sessions_present, max(coalesce(h.n, 0) - lr.sessions_excused, 0))),
         total(case when lr.cohort_id is null then 0 else max(coalesce(h.n, 0) - lr.sessions_excused, 0) end)
       from learning_records lr left join held h on h.cohort_id = lr.cohort_id
       where ${where.sql}
       group by lr.in_cohort, lr.sex, lr.constituent_group`,
    )
    .raw()
    .all(now, now - 30 * DAY, ...where.params) as [number, Sex, ConstituentGroup, number, number, number, number, number, number, number, number, number][];
  for (const [cohort, sex, group, enrolled, active, completed, certified, tookFinal, passedFinal, finalSum, present, counted] of rows) {
    const s = SEXES.indexOf(sex);
    const g = CONSTITUENT_GROUPS.indexOf(group);
    if (s < 0 || g < 0) continue;
    const pos = [cohort, s, g];
    cubes.enrolled.add(pos, enrolled);
    cubes.active.add(pos, active);
    cubes.completed.add(pos, completed);
    cubes.certified.add(pos, certified);
    cubes.tookFinal.add(pos, tookFinal);
    cubes.passedFinal.add(pos, passedFinal);
    cubes.finalSum.add(pos, finalSum);
    cubes.present.add(pos, present);
    cubes.counted.add(pos, counted);
  }
  return cubes;
}

const shown = (status: CellStatus) => status === "shown";
const countCell = (c: { value: number; status: CellStatus }): Cell =>
  shown(c.status) ? { v: c.value, s: "ok" } : { v: null, s: c.status === "small" ? "small" : "hidden" };

/** A rate or mean: published only when every count it is made from is published. */
function ratio(num: number, den: number, guards: { status: CellStatus }[]): Cell {
  if (guards.some((g) => !shown(g.status))) return { v: null, s: "hidden" };
  if (den === 0) return { v: null, s: "na" };
  return { v: Math.round((num / den) * 1000) / 10, s: "ok" };
}

function cell(cubes: Cubes, ind: Indicator, pos: number[]): Cell {
  switch (ind) {
    case "enrolled":
    case "active":
    case "completed":
    case "certified":
      return countCell(cubes[ind].get(pos));
    case "completionRate": {
      const n = cubes.completed.get(pos);
      const d = cubes.enrolled.get(pos);
      return ratio(n.value, d.value, [n, d]);
    }
    case "passRate": {
      const n = cubes.passedFinal.get(pos);
      const d = cubes.tookFinal.get(pos);
      return ratio(n.value, d.value, [n, d]);
    }
    case "avgFinal": {
      const d = cubes.tookFinal.get(pos);
      return ratio(cubes.finalSum.get(pos).value, d.value * 100, [d]);
    }
    case "attendanceRate": {
      if (pos[0] === MODE_POS.self) return { v: null, s: "na" };
      // Only cohort participants have sessions: guard on their count in this cell.
      const participants = cubes.enrolled.get([MODE_POS.cohort, pos[1]!, pos[2]!]);
      const counted = cubes.counted.get(pos).value;
      return ratio(cubes.present.get(pos).value, counted, [participants]);
    }
  }
}

function knowledgeGain(db: Db, scope: ReportScope, filters: ReportFilters, threshold: number): Report["gain"] {
  const where = populationWhere(scope, filters);
  const rows = db.$client
    .prepare(
      `select lr.cohort_id, c.title, count(*), total(lr.pretest_percent), total(lr.final_first_percent), sum(lr.final_first_percent > lr.pretest_percent)
       from learning_records lr left join cohorts c on c.id = lr.cohort_id
       where ${where.sql} and lr.pretest_percent is not null and lr.final_first_percent is not null and lr.pretest_after_lesson = 0
       group by lr.cohort_id order by c.starts_on desc, c.title`,
    )
    .raw()
    .all(...where.params) as [string | null, string | null, number, number, number, number][];
  // n and "improved" per row, with the overall row as their total: suppressed like any count table.
  const nCube = new CountCube([rows.length]);
  const improvedCube = new CountCube([rows.length]);
  rows.forEach((r, i) => {
    nCube.add([i], r[2]);
    improvedCube.add([i], r[5]);
  });
  nCube.suppress(threshold);
  improvedCube.suppress(threshold);
  const sums = rows.reduce((acc, r) => ({ pre: acc.pre + r[3], fin: acc.fin + r[4] }), { pre: 0, fin: 0 });
  const row = (i: number, cohortId: string | null, title: string | null, pre: number, fin: number): GainRow => {
    const n = nCube.get([i]);
    const imp = improvedCube.get([i]);
    const mean = (x: number): Cell =>
      !shown(n.status) ? { v: null, s: "hidden" } : n.value === 0 ? { v: null, s: "na" } : { v: Math.round((x / n.value) * 10) / 10, s: "ok" };
    return {
      cohortId,
      title,
      n: countCell(n),
      pretest: mean(pre),
      final: mean(fin),
      gain: mean(fin - pre),
      improved: ratio(imp.value, n.value, [n, imp]),
    };
  };
  const out = rows.map((r, i) => row(i, r[0], r[1], r[3], r[4]));
  const overall = row(rows.length, null, null, sums.pre, sums.fin);

  // One participant per row is only for a single cohort, and never alongside a sex or group filter
  // (which would tell the reader each listed person's sex or group).
  let participants: GainParticipant[] | null = null;
  if (filters.cohort && !filters.sex && !filters.group) {
    participants = (
      db.$client
        .prepare(
          `select u.name, u.organisation, lr.pretest_percent, lr.final_first_percent from learning_records lr join users u on u.id = lr.user_id
           where ${where.sql} and lr.pretest_percent is not null and lr.final_first_percent is not null and lr.pretest_after_lesson = 0
           order by u.name collate nocase`,
        )
        .raw()
        .all(...where.params) as [string, string, number, number][]
    ).map(([name, organisation, pretest, final]) => ({ name, organisation, pretest, final, gain: Math.round((final - pretest) * 10) / 10 }));
  }
  // A pre-test taken after a completed lesson is no baseline: such pairs are counted and left out.
  const late =
    (
      db.$client
        .prepare(
          `select count(*) from learning_records lr
           where ${where.sql} and lr.pretest_percent is not null and lr.final_first_percent is not null and lr.pretest_after_lesson = 1`,
        )
        .raw()
        .get(...where.params) as [number]
    )[0] ?? 0;
  const excluded: Cell = late === 0 ? { v: 0, s: "ok" } : late < threshold ? { v: null, s: "small" } : { v: late, s: "ok" };
  return { rows: out, overall, participants, excluded };
}
