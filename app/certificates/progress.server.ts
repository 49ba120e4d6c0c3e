import type { Db } from "#db/client";
import type { Course } from "#app/content/catalog.server";
import { memberCohorts } from "#app/cohorts/cohorts.server";
import { certificatePanel } from "./certificates.server";
import { completionProgress } from "./rules";

/**
 * Where a learner stands with a course's certificate: the rules that decide it (the workshop's when
 * they are a member of one, otherwise the self-paced rules — as settleAchievements decides), the
 * certificate once issued, and the progress counted from those rules only.
 */
export function courseCompletion(db: Db, userId: string, course: Course) {
  const cohortId = memberCohorts(db, userId, course.slug)[0]?.id ?? null;
  const panel = certificatePanel(db, userId, course, cohortId);
  return { panel, progress: completionProgress(panel) };
}
