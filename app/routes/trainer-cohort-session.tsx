import { useTranslation } from "react-i18next";
import { Form, Link, redirect } from "react-router";
import type { Route } from "./+types/trainer-cohort-session";
import { notFound } from "#app/auth/guards.server";
import { requireTrainerCohort } from "#app/cohorts/guard.server";
import { deleteSession, getCohortSession, sessionSchemaFor, toLocalDateTime, updateSession } from "#app/cohorts/schedule.server";
import { formatDateTime, formatTime, TimesIn } from "#app/components/cohort-ui";
import { FormAlert } from "#app/components/fields";
import { SessionForm } from "#app/components/session-form";
import { invalid, parseForm, readForm } from "#app/forms.server";
import { getInstance } from "#app/middleware/i18next.server";
import { publicOrigin } from "#app/env.server";
import { qrDataUri } from "#app/cohorts/qr.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

export async function loader({ context, request, params }: Route.LoaderArgs) {
  const { db, cohort } = requireTrainerCohort(context, request, params.id, "view");
  const s = getCohortSession(db, cohort.id, params.session);
  if (!s) notFound();
  const checkinUrl = `${publicOrigin()}/checkin?code=${s.checkinCode}`;
  return {
    checkinUrl,
    checkinQr: await qrDataUri(checkinUrl),
    title: `${s.title} · ${cohort.title}`,
    cohortId: cohort.id,
    timeZone: cohort.timeZone,
    session: {
      id: s.id,
      title: s.title,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      place: s.place,
      onlineUrl: s.onlineUrl,
      facilitator: s.facilitator,
      code: s.checkinCode,
    },
    values: {
      title: s.title,
      startsAt: toLocalDateTime(s.startsAt, cohort.timeZone),
      endsAt: toLocalDateTime(s.endsAt, cohort.timeZone),
      place: s.place,
      onlineUrl: s.onlineUrl,
      facilitator: s.facilitator,
    },
    saved: new URL(request.url).searchParams.has("saved"),
  };
}

export async function action({ context, request, params }: Route.ActionArgs) {
  const { db, cohort } = requireTrainerCohort(context, request, params.id, "manage");
  if (!getCohortSession(db, cohort.id, params.session)) notFound();
  const form = await readForm(request);
  if (form.get("intent") === "delete") {
    deleteSession(db, cohort.id, params.session);
    return redirect(`/trainer/cohorts/${cohort.id}/schedule`);
  }
  const parsed = parseForm(form, sessionSchemaFor(cohort));
  if (!parsed.ok) return invalid({ formError: getInstance(context).t("errors.fixBelow"), errors: parsed.errors, values: parsed.values });
  updateSession(db, cohort.id, params.session, parsed.data);
  return redirect(`/trainer/cohorts/${cohort.id}/schedule/${params.session}?saved`);
}

export default function SessionPage({ loaderData: d, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const s = d.session;
  const base = `/trainer/cohorts/${d.cohortId}`;
  return (
    <>
      <h1>{s.title}</h1>
      <TimesIn timeZone={d.timeZone} />
      <FormAlert tone="success" message={d.saved ? t("cohorts.schedule.saved") : null} />
      <p>
        {formatDateTime(s.startsAt, i18n.language, d.timeZone)}–{formatTime(s.endsAt, i18n.language, d.timeZone)}
        {s.place ? ` · ${s.place}` : ""}
        {s.facilitator ? ` · ${s.facilitator}` : ""}
      </p>
      {s.onlineUrl ? (
        <p>
          <a href={s.onlineUrl} rel="noopener noreferrer">
            {s.onlineUrl}
          </a>
        </p>
      ) : null}
      <section className="panel checkin-panel" aria-labelledby="code-h">
        <h2 id="code-h">{t("cohorts.checkin.codeTitle")}</h2>
        <p className="checkin-code" data-testid="checkin-code">
          {s.code}
        </p>
        <p>{t("cohorts.checkin.codeHelp")}</p>
        <img className="qr" data-testid="checkin-qr" src={d.checkinQr} width={240} height={240} alt={t("qr.checkinAlt", { url: d.checkinUrl })} />
        <p className="break">
          <code>{d.checkinUrl}</code>
        </p>
      </section>
      <p className="actions">
        <Link className="button" to={`${base}/attendance/${s.id}`}>
          {t("cohorts.attendance.register")}
        </Link>
        <Link className="button secondary" to={`${base}/attendance/${s.id}/sheet`}>
          {t("cohorts.attendance.sheet")}
        </Link>
      </p>
      <section aria-labelledby="edit-h">
        <h2 id="edit-h">{t("cohorts.schedule.edit")}</h2>
        <FormAlert message={actionData?.formError} />
        <SessionForm values={actionData?.values ?? d.values} errors={actionData?.errors ?? {}} submitLabel={t("cohorts.schedule.save")} />
      </section>
      <Form method="post" className="panel">
        <input type="hidden" name="intent" value="delete" />
        <p>{t("cohorts.schedule.deleteHelp")}</p>
        <button type="submit" className="button secondary">
          {t("cohorts.schedule.delete")}
        </button>
      </Form>
    </>
  );
}
