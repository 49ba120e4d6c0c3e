import { useTranslation } from "react-i18next";
import { data, Link, redirect } from "react-router";
import type { Route } from "./+types/me-evaluation";
import { requireUser } from "#app/auth/guards.server";
import { EvaluationForm } from "#app/components/evaluation-form";
import { FormAlert } from "#app/components/fields";
import { getDb } from "#app/db.server";
import { env } from "#app/env.server";
import { formQuestions, cohortFormKey, courseFormKey, requestFor, submitEvaluation } from "#app/evaluation/evaluation.server";
import { invalid, readForm, type FieldErrors } from "#app/forms.server";
import { formatDay, formatInstant } from "#app/i18n/datetime";
import { getInstance, getLocale } from "#app/middleware/i18next.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.pageTitle }];

function requestId(raw: string | undefined) {
  return raw && /^\d{1,12}$/.test(raw) ? Number(raw) : 0;
}

/** One of the person's questionnaires: the form while open, a thank-you once answered. 404 if not theirs. */
export function loader({ context, request, params }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const db = getDb();
  const locale = getLocale(context);
  const req = requestFor(db, user.id, requestId(params.id), locale);
  if (!req) throw data({ error: "not-found" }, { status: 404 });
  const key = req.cohortId ? cohortFormKey(req.cohortId, req.kind) : courseFormKey(req.courseSlug, req.kind);
  const t = getInstance(context).t;
  return data(
    {
      pageTitle: `${t(`evaluation.kinds.${req.kind}`)} · ${req.title} · SHP Campus`,
      request: {
        id: req.id,
        kind: req.kind,
        title: req.title,
        courseTitle: req.courseTitle,
        cohortId: req.cohortId,
        open: req.open,
        respondedOn: req.respondedOn ? formatDay(req.respondedOn, locale) : null,
        opensOn: req.open || req.respondedOn ? null : formatInstant(req.dueAt, "date", locale, env.TIME_ZONE),
      },
      threshold: env.REPORT_MIN_CELL,
      questions: req.open ? formQuestions(db, { key, kind: req.kind, cohortId: req.cohortId, courseSlug: req.courseSlug }) : [],
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export const headers: Route.HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export async function action({ context, request, params }: Route.ActionArgs) {
  const user = requireUser(context, request);
  const form = await readForm(request);
  const id = requestId(params.id);
  const result = submitEvaluation(getDb(), { user, requestId: id, form, shareProfile: form.get("shareProfile") === "on" });
  const t = getInstance(context).t;
  if (result.ok) return redirect(`/me/evaluations/${id}`);
  if (result.reason === "invalid") {
    const errors: FieldErrors = {};
    for (const [q, reason] of Object.entries(result.errors)) errors[q] = { key: `evaluation.errors.${reason}` };
    return invalid({ formError: t("errors.fixBelow"), errors, values: result.values });
  }
  if (result.reason === "not-found") throw data({ error: "not-found" }, { status: 404 });
  return invalid({ formError: t(`evaluation.errors.${result.reason}`) }, 409);
}

export default function MyEvaluation({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const r = loaderData.request;
  return (
    <div className="page evaluation-page">
      <p className="muted">
        <Link to="/me">{t("me.title")}</Link>
        {r.cohortId ? (
          <>
            {" › "}
            <Link to={`/me/workshops/${r.cohortId}`}>{r.title}</Link>
          </>
        ) : null}
      </p>
      <h1>{t(`evaluation.kinds.${r.kind}`)}</h1>
      <p className="lead">
        {r.cohortId ? t("evaluation.forWorkshop", { title: r.title, course: r.courseTitle }) : t("evaluation.forCourse", { course: r.courseTitle })}
      </p>
      <FormAlert message={actionData?.formError} />
      {r.respondedOn ? (
        <p className="panel notice" role="status">
          {t("evaluation.thanks", { day: r.respondedOn })}
        </p>
      ) : r.open ? (
        <>
          <p>{t(`evaluation.intro.${r.kind}`)}</p>
          <EvaluationForm
            questions={loaderData.questions}
            values={actionData?.values ?? {}}
            errors={actionData?.errors ?? {}}
            shareProfile
            threshold={loaderData.threshold}
          />
        </>
      ) : (
        <p className="notice">{t("evaluation.notOpenYet", { day: r.opensOn })}</p>
      )}
    </div>
  );
}
