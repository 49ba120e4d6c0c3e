import { and, eq, isNotNull, max } from "drizzle-orm";
import type { Db } from "#db/client";
import { lessonProgress, quizAttempts } from "#db/schema";
import type { Course } from "#app/content/catalog.server";
import { courseProgress } from "#app/learning/progress.server";
import { rulesFor } from "#app/learning/quizzes.server";
import { combineRules, evaluateSelfPaced, type RuleEvaluation } from "./rules";

/**
 * The seam for cohort certificates. The cohorts feature registers a provider (its
 * `evaluateCohortCompletion`) that decides, for one member of one cohort, which rules are met
 * (attendance, assignments, the cohort's own assessment…). Certificates with a cohort use it.
 */
export type CohortRuleProvider = (db: Db, cohortId: string, userId: string) => RuleEvaluation;

/** What the verification page shows about a cohort (workshop title, place and dates). */
export type CohortDescription = { title: string; venue?: string | null; startsOn?: number | null; endsOn?: number | null };
export type CohortDescriber = (db: Db, cohortId: string) => CohortDescription | null;

let cohortRules: CohortRuleProvider | null = null;
let cohortDescriber: CohortDescriber | null = null;

/** Registers (or, with null, removes) the cohort rule provider. */
export function registerCohortRules(provider: CohortRuleProvider | null) {
  cohortRules = provider;
}

/** Registers (or removes) how a cohort is described on certificates and the verify page. */
export function registerCohortDescriber(describer: CohortDescriber | null) {
  cohortDescriber = describer;
}

export function describeCohort(db: Db, cohortId: string | null): CohortDescription | null {
  return cohortId && cohortDescriber ? cohortDescriber(db, cohortId) : null;
}

/** Self-paced rules for one learner and course, with the time the last rule was met. */
export function selfPacedRules(db: Db, userId: string, course: Course): RuleEvaluation {
  const progress = courseProgress(db, userId, course);
  const hasFinal = course.bankByRef.size > 0;
  const final = progress.quizzes.get("final");
  const rules = rulesFor(course, null, "final");
  const evaluation = evaluateSelfPaced({
    lessonKeys: course.lessons.map((l) => l.key),
    completedLessons: progress.completedLessons,
    final: hasFinal
      ? {
          passed: final?.passed ?? false,
          bestPercent: final?.bestPercent ?? null,
          attempts: final?.attempts ?? 0,
          passMark: rules.passMark,
          maxAttempts: rules.maxAttempts,
        }
      : null,
  });
  if (!evaluation.met) return evaluation;
  // Achieved when the last requirement was met: the last lesson completion or the first passing attempt.
  const lastLesson = db
    .select({ at: max(lessonProgress.completedAt) })
    .from(lessonProgress)
    .where(and(eq(lessonProgress.userId, userId), eq(lessonProgress.courseSlug, course.slug), isNotNull(lessonProgress.completedAt)))
    .get()?.at;
  const passedAt = hasFinal
    ? db
        .select({ at: quizAttempts.submittedAt })
        .from(quizAttempts)
        .where(and(eq(quizAttempts.userId, userId), eq(quizAttempts.courseSlug, course.slug), eq(quizAttempts.quizKey, "final"), eq(quizAttempts.passed, true)))
        .orderBy(quizAttempts.submittedAt)
        .get()?.at
    : null;
  return { ...evaluation, achievedAt: Math.max(lastLesson ?? 0, passedAt ?? 0) || null };
}

/**
 * The rules that decide a certificate: the registered cohort provider for a cohort certificate,
 * otherwise the self-paced rules. A cohort certificate with no provider registered is never met.
 */
export function evaluateCertificateRules(db: Db, args: { userId: string; course: Course; cohortId?: string | null }): RuleEvaluation {
  if (args.cohortId) {
    if (!cohortRules) return combineRules([{ id: "cohort-rules", met: false, detail: {} }]);
    return cohortRules(db, args.cohortId, args.userId);
  }
  return selfPacedRules(db, args.userId, args.course);
}
