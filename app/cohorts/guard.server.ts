import type { RouterContextProvider } from "react-router";
import { notFound, requireRole } from "#app/auth/guards.server";
import { findCourse } from "#app/content/content.server";
import { getDb } from "#app/db.server";
import { requireCohortAccess, type CohortAccess } from "./cohorts.server";

/**
 * For every trainer-workspace loader and action: a logged-in trainer or admin (else login / 403),
 * who trains this cohort (else 403; admins pass), which exists (else 404).
 */
export function requireTrainerCohort(context: Readonly<RouterContextProvider>, request: Request, cohortId: string | undefined, level: CohortAccess) {
  const user = requireRole(context, request, ["trainer", "admin"]);
  const db = getDb();
  const cohort = requireCohortAccess(db, user, cohortId ?? "", level);
  const course = findCourse(cohort.courseSlug);
  if (!course) notFound();
  return { user, db, cohort, course };
}
