/**
 * Certificate rules as plain data: which rules a learner has met and what is still missing.
 * Pure functions only; the database side is in rules.server.ts.
 */

/** Values a rule reports for display ("9 of 12 lessons"); keys are interpolated into translations. */
export type RuleDetail = Record<string, string | number | null>;

export type RuleStatus = {
  /** Stable id, also the translation key under certificates.rules (e.g. "lessons-complete"). */
  id: string;
  met: boolean;
  detail: RuleDetail;
};

export type RuleEvaluation = {
  /** True when there is at least one rule and every rule is met. */
  met: boolean;
  rules: RuleStatus[];
  /** When the last rule became met (ms), if known. */
  achievedAt?: number | null;
};

export function combineRules(rules: RuleStatus[], achievedAt: number | null = null): RuleEvaluation {
  return { met: rules.length > 0 && rules.every((r) => r.met), rules, achievedAt };
}

export type SelfPacedInput = {
  /** Every lesson of the course, in order. */
  lessonKeys: readonly string[];
  completedLessons: ReadonlySet<string>;
  /** The final assessment, or null when the course has none. */
  final: { passed: boolean; bestPercent: number | null; attempts: number; passMark: number; maxAttempts: number } | null;
};

/**
 * Self-paced completion: every lesson completed AND the final assessment passed (when the course
 * has one). A course with no lessons never qualifies.
 */
export function evaluateSelfPaced(input: SelfPacedInput): RuleEvaluation {
  const total = input.lessonKeys.length;
  const done = input.lessonKeys.filter((k) => input.completedLessons.has(k)).length;
  const rules: RuleStatus[] = [{ id: "lessons-complete", met: total > 0 && done === total, detail: { done, total, missing: total - done } }];
  if (input.final) {
    const f = input.final;
    const attemptsLeft = f.maxAttempts === 0 ? null : Math.max(0, f.maxAttempts - f.attempts);
    rules.push({
      id: "final-passed",
      met: f.passed,
      detail: { bestPercent: f.bestPercent, passMark: f.passMark, attempts: f.attempts, attemptsLeft },
    });
  }
  return combineRules(rules);
}

export type CompletionProgress = { done: number; total: number; percent: number };

/**
 * How far a learner is towards the certificate, counted from the rules that decide it and nothing
 * else: each lesson, module quiz or session a rule needs is one step, a final assessment one step.
 * Percent is rounded down, so it reads 100 only when every rule is met (and always then).
 */
export function completionProgress(evaluation: RuleEvaluation): CompletionProgress {
  let done = 0;
  let total = 0;
  const num = (v: string | number | null | undefined) => (typeof v === "number" && Number.isFinite(v) ? v : 0);
  for (const r of evaluation.rules) {
    const d = r.detail;
    if (r.id === "lessons-complete") {
      done += num(d.done);
      total += num(d.total);
    } else if (r.id === "cohort-allModules") {
      done += num(d.lessonsDone) + num(d.quizzesPassed);
      total += num(d.lessonsTotal) + num(d.quizzesTotal);
    } else if (r.id === "cohort-minAttendance") {
      const needed = num(d.needed);
      done += Math.min(num(d.present), needed);
      total += needed;
    } else {
      // The final assessment, or any other single requirement.
      done += r.met ? 1 : 0;
      total += 1;
    }
  }
  if (evaluation.met) done = total;
  const percent = total === 0 ? 0 : evaluation.met ? 100 : Math.min(99, Math.floor((done / total) * 100));
  return { done, total, percent };
}
