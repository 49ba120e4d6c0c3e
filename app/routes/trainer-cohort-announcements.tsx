import { useTranslation } from "react-i18next";
import { Form, redirect } from "react-router";
import type { Route } from "./+types/trainer-cohort-announcements";
import { AnnouncementSchema, cohortAnnouncements, deleteAnnouncement } from "#app/cohorts/cohorts.server";
import { requireTrainerCohort } from "#app/cohorts/guard.server";
import { AnnouncementList } from "#app/components/cohort-ui";
import { Field, FormAlert, TextAreaField } from "#app/components/fields";
import { invalid, parseForm, readForm } from "#app/forms.server";
import { getInstance } from "#app/middleware/i18next.server";
import { withAnnouncementHtml } from "#app/cohorts/announcement-format.server";
import { announce, mailConfigured } from "#app/cohorts/announcement-mail.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

export function loader({ context, request, params }: Route.LoaderArgs) {
  const { db, cohort } = requireTrainerCohort(context, request, params.id, "view");
  return {
    title: `${getInstance(context).t("cohorts.tabs.announcements")} · ${cohort.title}`,
    items: withAnnouncementHtml(cohortAnnouncements(db, cohort.id)),
    mailOn: mailConfigured(),
    posted: new URL(request.url).searchParams.has("posted"),
    mailed: Math.max(0, Math.min(100_000, Number(new URL(request.url).searchParams.get("mailed")) || 0)),
  };
}

export async function action({ context, request, params }: Route.ActionArgs) {
  const { db, cohort, user } = requireTrainerCohort(context, request, params.id, "manage");
  const form = await readForm(request);
  const here = `/trainer/cohorts/${cohort.id}/announcements`;
  if (form.get("intent") === "delete") {
    deleteAnnouncement(db, cohort.id, String(form.get("id") ?? "").slice(0, 64));
    return redirect(here);
  }
  const parsed = parseForm(form, AnnouncementSchema);
  if (!parsed.ok) return invalid({ formError: getInstance(context).t("errors.fixBelow"), errors: parsed.errors, values: parsed.values });
  // Members are notified on the site; e-mails are queued (and said so here) only where mail leaves the server.
  const { mailed: queued } = announce(db, user, cohort, parsed.data);
  const mailed = mailConfigured() ? queued : 0;
  return redirect(`${here}?posted${mailed ? `&mailed=${mailed}` : ""}`);
}

export default function Announcements({ loaderData: d, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("cohorts.tabs.announcements")}</h1>
      <FormAlert
        tone="success"
        message={d.posted ? `${t("cohorts.announcements.posted")}${d.mailed ? ` ${t("workshop.mailed", { count: d.mailed })}` : ""}` : null}
      />
      <section className="panel" aria-labelledby="post-h">
        <h2 id="post-h">{t("cohorts.announcements.new")}</h2>
        <FormAlert message={actionData?.formError} />
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="post" />
          <Field
            name="title"
            label={t("cohorts.announcements.titleField")}
            required
            maxLength={160}
            defaultValue={actionData?.values.title}
            error={actionData?.errors.title}
          />
          <TextAreaField
            name="body"
            label={t("cohorts.announcements.body")}
            rows={5}
            maxLength={5000}
            required
            defaultValue={actionData?.values.body}
            error={actionData?.errors.body}
            hint={`${t("workshop.formatHelp")} ${d.mailOn ? t("workshop.mailOn") : t("workshop.mailOff")}`}
          />
          <button type="submit" className="button">
            {t("cohorts.announcements.post")}
          </button>
        </Form>
      </section>
      <AnnouncementList items={d.items} headingLevel={2} />
      {d.items.length > 0 ? (
        <details>
          <summary>{t("cohorts.announcements.delete")}</summary>
          {d.items.map((a) => (
            <Form method="post" key={a.id} className="inline-form">
              <input type="hidden" name="intent" value="delete" />
              <input type="hidden" name="id" value={a.id} />
              <button type="submit" className="link-button">
                {t("cohorts.announcements.deleteNamed", { title: a.title })}
              </button>
            </Form>
          ))}
        </details>
      ) : null}
    </>
  );
}
