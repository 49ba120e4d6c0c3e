import { useTranslation } from "react-i18next";
import { redirect } from "react-router";
import type { Route } from "./+types/trainer-cohort-new";
import { requireRole } from "#app/auth/guards.server";
import { createCohort } from "#app/cohorts/cohorts.server";
import { courseOptions, parseCohortForm, timeZoneOptions } from "#app/cohorts/cohort-form.server";
import { env } from "#app/env.server";
import { CohortForm } from "#app/components/cohort-form";
import { getDb } from "#app/db.server";
import { invalid, readForm } from "#app/forms.server";
import { getInstance, getLocale } from "#app/middleware/i18next.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

export function loader({ context, request }: Route.LoaderArgs) {
  requireRole(context, request, ["trainer", "admin"]);
  const locale = getLocale(context);
  return {
    title: `${getInstance(context).t("cohorts.workspace.new")} · SHP Campus`,
    courses: courseOptions(locale),
    timeZones: timeZoneOptions(env.TIME_ZONE),
    values: { locale, timeZone: env.TIME_ZONE, mode: "blended", enrolment: "code", allModules: "on", finalPass: "on", certificateKind: "completion" } as Record<
      string,
      string
    >,
  };
}

export async function action({ context, request }: Route.ActionArgs) {
  const user = requireRole(context, request, ["trainer", "admin"]);
  const db = getDb();
  const parsed = parseCohortForm(db, await readForm(request));
  if (!parsed.ok) return invalid({ errors: parsed.errors, values: parsed.values, formError: getInstance(context).t("errors.fixBelow") });
  const cohort = createCohort(db, user, parsed.data, parsed.coTrainerIds);
  return redirect(`/trainer/cohorts/${cohort.id}`);
}

export default function NewCohort({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  return (
    <div className="page narrow">
      <h1>{t("cohorts.workspace.new")}</h1>
      <CohortForm
        timeZones={loaderData.timeZones}
        courses={loaderData.courses}
        values={actionData?.values ?? loaderData.values}
        errors={actionData?.errors ?? {}}
        formError={actionData?.formError}
        submitLabel={t("cohorts.form.create")}
      />
    </div>
  );
}
