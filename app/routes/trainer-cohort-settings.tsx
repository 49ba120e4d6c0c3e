import { useTranslation } from "react-i18next";
import { redirect, Form } from "react-router";
import type { Route } from "./+types/trainer-cohort-settings";
import { cohortFormValues, updateCohort } from "#app/cohorts/cohorts.server";
import { duplicateCohort, setCohortArchived } from "#app/cohorts/lifecycle.server";
import { settleCohort } from "#app/learning/achievements.server";
import { courseOptions, parseCohortForm, timeZoneOptions } from "#app/cohorts/cohort-form.server";
import { requireTrainerCohort } from "#app/cohorts/guard.server";
import { invalid, readForm } from "#app/forms.server";
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
    archived: cohort.archivedAt !== null,
    cohortTitle: cohort.title,
  };
}

export async function action({ context, request, params }: Route.ActionArgs) {
  const { db, cohort, user } = requireTrainerCohort(context, request, params.id, "manage");
  const t = getInstance(context).t;
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent === "archive" || intent === "unarchive") {
    setCohortArchived(db, user, cohort.id, intent === "archive");
    return redirect(intent === "archive" ? "/trainer" : `/trainer/cohorts/${cohort.id}/settings`);
  }
  if (intent === "duplicate") {
    const out = duplicateCohort(
      db,
      user,
      cohort.id,
      String(form.get("startsOn") ?? "")
        .trim()
        .slice(0, 10),
      String(form.get("title") ?? ""),
    );
    if (!out.ok) return invalid({ intent: "duplicate", formError: t("cohorts.validation.date") });
    return redirect(`/trainer/cohorts/${out.cohort.id}/schedule`);
  }
  const parsed = parseCohortForm(db, form);
  if (!parsed.ok) return invalid({ intent: "save", errors: parsed.errors, values: parsed.values, formError: t("errors.fixBelow") });
  const result = updateCohort(db, user, cohort.id, parsed.data, parsed.coTrainerIds);
  if (result !== "ok") {
    // Show the form as submitted, with the reason it could not be saved.
    const values = Object.fromEntries(Object.entries(parsed.data).map(([k, v]) => [k, typeof v === "boolean" ? (v ? "on" : "") : v === null ? "" : String(v)]));
    return invalid({ intent: "save", values, formError: t(`cohorts.settings.${result}`) });
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
      <CohortForm
        courses={d.courses}
        timeZones={d.timeZones}
        values={actionData?.intent === "save" ? actionData.values : d.values}
        errors={actionData?.intent === "save" ? actionData.errors : {}}
        formError={actionData?.intent === "save" ? actionData.formError : null}
        submitLabel={t("cohorts.settings.save")}
      />
      <section className="panel" aria-labelledby="dup-h">
        <h2 id="dup-h">{t("workshop.duplicate")}</h2>
        <p className="hint">{t("workshop.duplicateHelp")}</p>
        <FormAlert message={actionData?.intent === "duplicate" ? actionData.formError : null} />
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="duplicate" />
          <div className="field">
            <label htmlFor="dup-title">{t("cohorts.form.title")}</label>
            <input id="dup-title" name="title" type="text" maxLength={160} defaultValue={d.cohortTitle} required />
          </div>
          <div className="field">
            <label htmlFor="dup-start">{t("workshop.newStart")}</label>
            <input id="dup-start" name="startsOn" type="date" required />
          </div>
          <button type="submit" className="button secondary">
            {t("workshop.duplicate")}
          </button>
        </Form>
      </section>
      <section className="panel" aria-labelledby="arch-h">
        <h2 id="arch-h">{d.archived ? t("workshop.unarchive") : t("workshop.archive")}</h2>
        <p className="hint">{t("workshop.archiveHelp")}</p>
        <Form method="post">
          <input type="hidden" name="intent" value={d.archived ? "unarchive" : "archive"} />
          <button type="submit" className="button secondary">
            {d.archived ? t("workshop.unarchive") : t("workshop.archive")}
          </button>
        </Form>
      </section>
    </div>
  );
}
