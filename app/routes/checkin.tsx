import { useTranslation } from "react-i18next";
import { Form, redirect } from "react-router";
import type { Route } from "./+types/checkin";
import { requireUser } from "#app/auth/guards.server";
import { clientAddress } from "#app/auth/login-session.server";
import { minutesUntil } from "#app/auth/rate-limit.server";
import { checkInWithCode } from "#app/cohorts/learner.server";
import { checkedInSession } from "#app/cohorts/schedule.server";
import { FormAlert } from "#app/components/fields";
import { getDb } from "#app/db.server";
import { invalid, readForm } from "#app/forms.server";
import { getInstance } from "#app/middleware/i18next.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

export function loader({ context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const url = new URL(request.url);
  // The confirmation names only a session the server finds this person checked in to: nothing
  // typed into the URL is printed.
  const session = checkedInSession(getDb(), user.id, url.searchParams.get("session") ?? "");
  const done = session ? url.searchParams.get("done") : null;
  // ?code= (the session's QR code links here) only prefills the form: letters and digits, nothing else.
  const code = (url.searchParams.get("code") ?? "").replace(/[^A-Za-z0-9]/g, "").slice(0, 12);
  return {
    title: `${getInstance(context).t("cohorts.checkin.title")} · SHP Campus`,
    done: done === "already" || done === "ok" ? done : null,
    session: session?.title ?? null,
    code,
  };
}

export async function action({ context, request }: Route.ActionArgs) {
  const user = requireUser(context, request);
  const t = getInstance(context).t;
  const form = await readForm(request);
  const code = String(form.get("code") ?? "").slice(0, 32);
  const db = getDb();
  // Wrong codes are limited per account and per address (reserved before the lookup), so codes cannot be guessed by trying many.
  const result = checkInWithCode(db, { userId: user.id, ip: clientAddress(context) }, code);
  if (!result.ok) {
    if (result.reason === "throttled")
      return invalid({ formError: t("auth.tooManyAttempts", { minutes: minutesUntil(result.retryAt) }), values: { code } }, 429);
    return invalid({ formError: t(`cohorts.checkin.errors.${result.reason}`), values: { code } });
  }
  return redirect(`/checkin?done=${result.already ? "already" : "ok"}&session=${encodeURIComponent(result.session.id)}`);
}

export default function Checkin({ loaderData: d, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  return (
    <div className="page narrow">
      <h1>{t("cohorts.checkin.title")}</h1>
      <FormAlert
        tone="success"
        message={d.done ? t(d.done === "already" ? "cohorts.checkin.already" : "cohorts.checkin.ok", { session: d.session ?? "" }) : null}
      />
      <FormAlert message={actionData?.formError} />
      <Form method="post" className="stack checkin-form">
        <div className="field">
          <label htmlFor="f-code">{t("cohorts.checkin.code")}</label>
          <p id="f-code-hint" className="hint">
            {t("cohorts.checkin.hint")}
          </p>
          <input
            id="f-code"
            name="code"
            type="text"
            inputMode="text"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={12}
            required
            aria-describedby="f-code-hint"
            defaultValue={actionData?.values.code ?? d.code}
            className="code-input"
          />
        </div>
        <button type="submit" className="button">
          {t("cohorts.checkin.button")}
        </button>
      </Form>
    </div>
  );
}
