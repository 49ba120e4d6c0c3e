import { eq } from "drizzle-orm";
import { cohortTrainers } from "#db/schema";
import { registerTrainerCohorts } from "#app/certificates/certificates.server";
import { registerCohortDescriber, registerCohortRules } from "#app/certificates/rules.server";
import { getCohort } from "#app/cohorts/cohorts.server";
import { evaluateCohortCompletion } from "#app/cohorts/completion.server";

/**
 * Connects cohorts to certificates: a cohort member's certificate follows the cohort's completion
 * rules (attendance included); trainers manage certificates of the cohorts they train; the
 * verification page names the workshop. Imported once by entry.server.
 */
registerCohortRules((db, cohortId, userId) => {
  const result = evaluateCohortCompletion(db, cohortId, userId);
  return {
    met: result.rules.length > 0 && result.met,
    rules: result.rules.map((r) => ({ id: `cohort-${r.rule}`, met: r.met, detail: r.detail })),
  };
});

registerCohortDescriber((db, cohortId) => {
  const c = getCohort(db, cohortId);
  if (!c) return null;
  return { title: c.title, venue: c.venue || null, startsOn: Date.parse(`${c.startsOn}T00:00:00Z`), endsOn: Date.parse(`${c.endsOn}T00:00:00Z`) };
});

registerTrainerCohorts((db, trainerId) =>
  db
    .select({ id: cohortTrainers.cohortId })
    .from(cohortTrainers)
    .where(eq(cohortTrainers.userId, trainerId))
    .all()
    .map((r) => r.id),
);
