/**
 * What every evaluation-results route needs from a request: a trainer or admin (else 403), their
 * scope (a trainer sees only the workshops they train, as in the reports) and the selection from the
 * query string (kind, course, cohort). A bad value gets a translated message and is ignored.
 */
import type { RouterContextProvider } from "react-router";
import { requireRole } from "#app/auth/guards.server";
import { getCatalog } from "#app/content/content.server";
import { getDb } from "#app/db.server";
import { scopeCohorts, scopeFor } from "#app/reports/filters.server";
import { EVALUATION_KINDS, type EvaluationKind } from "#db/schema";
import type { ResultsSelection } from "./results.server";

export function evaluationResultsRequest(context: Readonly<RouterContextProvider>, request: Request) {
  const user = requireRole(context, request, ["admin", "trainer"]);
  const db = getDb();
  const scope = scopeFor(db, user);
  const params = new URL(request.url).searchParams;
  const errors: string[] = [];
  const kindRaw = params.get("kind") ?? "evaluation";
  const kind: EvaluationKind = (EVALUATION_KINDS as readonly string[]).includes(kindRaw) ? (kindRaw as EvaluationKind) : "evaluation";
  if (kind !== kindRaw) errors.push("evaluation.results.errors.kind");
  let courseSlug = params.get("course") || null;
  if (courseSlug && !getCatalog().bySlug.has(courseSlug)) {
    errors.push("reports.errors.course");
    courseSlug = null;
  }
  const cohorts = scopeCohorts(db, scope, courseSlug);
  let cohortId = params.get("cohort") || null;
  if (cohortId && !cohorts.some((c) => c.id === cohortId)) {
    errors.push("reports.errors.cohort");
    cohortId = null;
  }
  const selection: ResultsSelection = { kind, courseSlug, cohortId };
  const query = new URLSearchParams({ kind, ...(courseSlug ? { course: courseSlug } : {}), ...(cohortId ? { cohort: cohortId } : {}) }).toString();
  return { user, db, scope, selection, errors, cohorts, query };
}
