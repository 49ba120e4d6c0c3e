import { useTranslation } from "react-i18next";
import { data, redirect } from "react-router";
import type { Route } from "./+types/trainer-cohort-settings";
import { cohortFormValues, updateCohort } from "#app/cohorts/cohorts.server";
import { settleCohort } from "#app/learning/achievements.server";
import { courseOptions, parseCohortForm, timeZoneOptions } from "#app/cohorts/cohort-form.server";
import { requireTrainerCohort } from "#app/cohorts/guard.server";
import { readForm } from "#app/forms.server";
import { CohortForm } from "#app/components/cohort-form";
import { FormAlert } from "#app/components/fields";
import { getInstance, getLocale } from "#app/middleware/i18next.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

export function loader({ context, request, params }: Route.LoaderArgs) {
  const { db, cohort } = requireTrainerCohort(context, request, params.id, "manage");
  return {
    title: `${getInstance(context).t("cohorts.tabs.settings")} · ${cohort.title}`,
    courses: courseOptions(getLocale(context)),
    timeZones: timeZoneOptions(cohort.timeZone),
    values: cohortFormValues(db, cohort),
    saved: new URL(request.url).searchParams.has("saved"),
  };
}

export async function action({ context, request, params }: Route.ActionArgs) {
  const { db, cohort, user } = requireTrainerCohort(context, request, params.id, "manage");
  const t = getInstance(context).t;
  const parsed = parseCohortForm(db, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values, formError: t("errors.fixBelow") }, { status: 400 });
  const result = updateCohort(db, user, cohort.id, parsed.data, parsed.coTrainerIds);
  if (result !== "ok") {
    // Show the form as submitted, with the reason it could not be saved.
    const values = Object.fromEntries(Object.entries(parsed.data).map(([k, v]) => [k, typeof v === "boolean" ? (v ? "on" : "") : v === null ? "" : String(v)]));
    return data({ errors: {}, values, formError: t(`cohorts.settings.${result}`) }, { status: 400 });
  }
  // New rules may complete (never take away) members' certificates.
  settleCohort(db, { cohortId: cohort.id, courseSlug: cohort.courseSlug, via: "cohort.rules" });
  return redirect(`/trainer/cohorts/${cohort.id}/settings?saved`);
}

export default function Settings({ loaderData: d, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  return (
    <div className="narrow-block">
      <h1>{t("cohorts.tabs.settings")}</h1>
      <FormAlert tone="success" message={d.saved ? t("cohorts.settings.saved") : null} />
      <CohortForm courses={d.courses} timeZones={d.timeZones} values={actionData?.values ?? d.values} errors={actionData?.errors ?? {}} formError={actionData?.formError} submitLabel={t("cohorts.settings.save")} />
    </div>
  );
}
