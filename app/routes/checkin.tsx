import { useTranslation } from "react-i18next";
import { data, Form, redirect } from "react-router";
import type { Route } from "./+types/checkin";
import { requireUser } from "#app/auth/guards.server";
import { hitRateLimit, isRateLimited } from "#app/auth/rate-limit.server";
import { CHECKIN_ATTEMPTS } from "#app/cohorts/schedule.server";
import { FormAlert } from "#app/components/fields";
import { getDb } from "#app/db.server";
import { selfCheckIn } from "#app/learning/achievements.server";
import { readForm } from "#app/forms.server";
import { getInstance } from "#app/middleware/i18next.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

export function loader({ context, request }: Route.LoaderArgs) {
  requireUser(context, request);
  const url = new URL(request.url);
  return { title: `${getInstance(context).t("cohorts.checkin.title")} · SHP Campus`, done: url.searchParams.get("done"), session: url.searchParams.get("session")?.slice(0, 160) ?? null };
}

export async function action({ context, request }: Route.ActionArgs) {
  const user = requireUser(context, request);
  const t = getInstance(context).t;
  const form = await readForm(request);
  const code = String(form.get("code") ?? "").slice(0, 32);
  const db = getDb();
  // Wrong codes are counted per account, so codes cannot be guessed by trying many.
  const key = `checkin:${user.id}`;
  if (isRateLimited(db, key, CHECKIN_ATTEMPTS)) return data({ error: t("auth.tooManyAttempts", { minutes: 15 }), code }, { status: 429 });
  const { result } = selfCheckIn(db, { userId: user.id, code });
  if (!result.ok) {
    if (result.reason === "unknown-code") hitRateLimit(db, key, CHECKIN_ATTEMPTS);
    return data({ error: t(`cohorts.checkin.errors.${result.reason}`), code }, { status: 400 });
  }
  return redirect(`/checkin?done=${result.already ? "already" : "ok"}&session=${encodeURIComponent(result.session.title)}`);
}

export default function Checkin({ loaderData: d, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  return (
    <div className="page narrow">
      <h1>{t("cohorts.checkin.title")}</h1>
      <FormAlert tone="success" message={d.done ? t(d.done === "already" ? "cohorts.checkin.already" : "cohorts.checkin.ok", { session: d.session ?? "" }) : null} />
      <FormAlert message={actionData?.error} />
      <Form method="post" className="stack checkin-form">
        <div className="field">
          <label htmlFor="f-code">{t("cohorts.checkin.code")}</label>
          <p id="f-code-hint" className="hint">
            {t("cohorts.checkin.hint")}
          </p>
          <input id="f-code" name="code" type="text" inputMode="text" autoComplete="off" autoCapitalize="characters" spellCheck={false} maxLength={12} required aria-describedby="f-code-hint" defaultValue={actionData?.code} className="code-input" />
        </div>
        <button type="submit" className="button">
          {t("cohorts.checkin.button")}
        </button>
      </Form>
    </div>
  );
}
