import type { Route } from "./+types/trainer-cohort-import-template";
import { requireTrainerCohort } from "#app/cohorts/guard.server";
import { participantsTemplate } from "#app/cohorts/import.server";
import { csvHeaders } from "#app/csv.server";
import { getLocale } from "#app/middleware/i18next.server";

/** The empty participants file: column names in the trainer's language and English (UTF-8 with BOM). */
export function loader({ context, request, params }: Route.LoaderArgs) {
  requireTrainerCohort(context, request, params.id, "manage");
  return new Response(participantsTemplate(getLocale(context)), { headers: csvHeaders("participants.csv") });
}
