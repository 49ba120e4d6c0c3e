import { useTranslation } from "react-i18next";
import { Form, Link, redirect } from "react-router";
import type { Route } from "./+types/trainer-cohort-schedule";
import { requireTrainerCohort } from "#app/cohorts/guard.server";
import { cohortSessionList, createSession, moduleReleaseMap, saveModuleReleases, sessionSchemaFor } from "#app/cohorts/schedule.server";
import { formatDateTime, formatTime, TimesIn } from "#app/components/cohort-ui";
import { FormAlert } from "#app/components/fields";
import { SessionForm } from "#app/components/session-form";
import { pick } from "#app/content/locales";
import { invalid, parseForm, readForm } from "#app/forms.server";
import { getInstance, getLocale } from "#app/middleware/i18next.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

export function loader({ context, request, params }: Route.LoaderArgs) {
  const { db, cohort, course } = requireTrainerCohort(context, request, params.id, "view");
  const locale = getLocale(context);
  const releases = moduleReleaseMap(db, cohort.id);
  const url = new URL(request.url);
  return {
    title: `${getInstance(context).t("cohorts.tabs.schedule")} · ${cohort.title}`,
    cohortId: cohort.id,
    timeZone: cohort.timeZone,
    sessions: cohortSessionList(db, cohort.id).map((s) => ({
      id: s.id,
      title: s.title,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      place: s.place,
      onlineUrl: s.onlineUrl,
      facilitator: s.facilitator,
    })),
    modules: course.modules.map((m) => ({ slug: m.slug, title: pick(m.title, locale).text, opensOn: releases.get(m.slug) ?? "" })),
    defaults: { startsAt: `${cohort.startsOn}T09:00`, endsAt: `${cohort.startsOn}T12:00`, place: cohort.venue },
    saved: url.searchParams.get("saved"),
  };
}

export async function action({ context, request, params }: Route.ActionArgs) {
  const { db, cohort, course } = requireTrainerCohort(context, request, params.id, "manage");
  const t = getInstance(context).t;
  const form = await readForm(request);
  const here = `/trainer/cohorts/${cohort.id}/schedule`;
  if (form.get("intent") === "releases") {
    const out = saveModuleReleases(
      db,
      cohort.id,
      course.modules.map((m) => m.slug),
      form,
    );
    if (!out.ok) return invalid({ intent: "releases", formError: t("cohorts.validation.date") });
    return redirect(`${here}?saved=releases`);
  }
  const parsed = parseForm(form, sessionSchemaFor(cohort));
  if (!parsed.ok) return invalid({ intent: "session", formError: t("errors.fixBelow"), errors: parsed.errors, values: parsed.values });
  createSession(db, cohort.id, parsed.data);
  return redirect(`${here}?saved=session`);
}

export default function Schedule({ loaderData: d, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <h1>{t("cohorts.tabs.schedule")}</h1>
      <TimesIn timeZone={d.timeZone} />
      <FormAlert
        tone="success"
        message={d.saved === "session" ? t("cohorts.schedule.added") : d.saved === "releases" ? t("cohorts.schedule.releasesSaved") : null}
      />
      <h2>{t("cohorts.schedule.sessions")}</h2>
      {d.sessions.length === 0 ? (
        <p className="muted">{t("cohorts.schedule.none")}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t("cohorts.schedule.sessionTitle")}</th>
                <th scope="col">{t("cohorts.schedule.when")}</th>
                <th scope="col">{t("cohorts.schedule.place")}</th>
                <th scope="col">{t("cohorts.schedule.facilitator")}</th>
              </tr>
            </thead>
            <tbody>
              {d.sessions.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/trainer/cohorts/${d.cohortId}/schedule/${s.id}`}>{s.title}</Link>
                  </td>
                  <td>
                    {formatDateTime(s.startsAt, i18n.language, d.timeZone)}–{formatTime(s.endsAt, i18n.language, d.timeZone)}
                  </td>
                  <td>
                    {s.place}
                    {s.onlineUrl ? (
                      <>
                        {s.place ? " · " : ""}
                        <a href={s.onlineUrl} rel="noopener noreferrer">
                          {t("cohorts.schedule.online")}
                        </a>
                      </>
                    ) : null}
                  </td>
                  <td>{s.facilitator}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section className="panel" aria-labelledby="add-session-h">
        <h2 id="add-session-h">{t("cohorts.schedule.add")}</h2>
        <FormAlert message={actionData?.intent === "session" ? actionData.formError : null} />
        {/* Keyed by the number of sessions: after "Add a session" succeeds, the form starts again from its defaults
            instead of keeping what was typed (which, with JavaScript, invited adding the same session twice). */}
        <SessionForm
          key={d.sessions.length}
          values={actionData?.intent === "session" ? actionData.values : d.defaults}
          errors={actionData?.intent === "session" ? actionData.errors : {}}
          submitLabel={t("cohorts.schedule.add")}
        />
      </section>
      <section aria-labelledby="pacing-h">
        <h2 id="pacing-h">{t("cohorts.schedule.pacing")}</h2>
        <p className="muted">{t("cohorts.schedule.pacingHelp")}</p>
        <FormAlert message={actionData?.intent === "releases" ? actionData.formError : null} />
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="releases" />
          {d.modules.map((m) => (
            <div className="field" key={m.slug}>
              <label htmlFor={`release-${m.slug}`}>{t("cohorts.schedule.opensOnLabel", { module: m.title })}</label>
              <input id={`release-${m.slug}`} name={`release-${m.slug}`} type="date" defaultValue={m.opensOn} />
            </div>
          ))}
          <button type="submit" className="button secondary">
            {t("cohorts.schedule.saveReleases")}
          </button>
        </Form>
      </section>
    </>
  );
}
