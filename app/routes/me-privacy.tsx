import { useTranslation } from "react-i18next";
import { Form, Link, redirect } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/me-privacy";
import { requireUser } from "#app/auth/guards.server";
import { minutesUntil } from "#app/auth/rate-limit.server";
import { blankSessionCookie } from "#app/auth/session.server";
import { Field, FormAlert } from "#app/components/fields";
import { getDb } from "#app/db.server";
import { checkbox, invalid, parseForm, readForm } from "#app/forms.server";
import { outboxDir } from "#app/mail/mail.server";
import { getInstance } from "#app/middleware/i18next.server";
import { isSecureRequest } from "#app/middleware/security.server";
import { eraseOwnAccount, purgeOutbox } from "#app/privacy/erase.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

export function loader({ context, request }: Route.LoaderArgs) {
  requireUser(context, request);
  return { title: `${getInstance(context).t("privacy.me.title")} · SHP Campus` };
}

const EraseSchema = z.object({
  password: z.string().min(1, "validation.required").max(200, "validation.passwordLong"),
  confirm: z.enum(["on"], { error: "privacy.me.confirmRequired" }),
  revoke: checkbox,
});

export async function action({ context, request }: Route.ActionArgs) {
  const user = requireUser(context, request);
  const form = await readForm(request);
  const t = getInstance(context).t;
  const parsed = parseForm(form, EraseSchema);
  if (!parsed.ok) return invalid({ errors: parsed.errors, formError: t("errors.fixBelow") });
  // The platform must keep an administrator: one who leaves first hands the role on (/admin/users).
  if (user.role === "admin") return invalid({ formError: t("privacy.admin.adminAccount") });
  const db = getDb();
  const result = await eraseOwnAccount(db, user, parsed.data.password, parsed.data.revoke);
  if (!result.ok) {
    if (result.reason === "throttled") return invalid({ formError: t("auth.tooManyAttempts", { minutes: minutesUntil(result.retryAt) }) }, 429);
    if (result.reason === "wrong-password") return invalid({ errors: { password: { key: "profile.wrongPassword" } } });
    // Already erased or gone: the session that asked is no longer valid either.
    return redirect("/privacy?erased=1", { headers: { "Set-Cookie": blankSessionCookie(isSecureRequest(request)) } });
  }
  purgeOutbox(outboxDir(), user.email);
  return redirect("/privacy?erased=1", { headers: { "Set-Cookie": blankSessionCookie(isSecureRequest(request)) } });
}

export default function MyData({ actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const errors = actionData?.errors ?? {};
  return (
    <div className="page narrow">
      <h1>{t("privacy.me.title")}</h1>
      <p className="lead">{t("privacy.me.lead")}</p>
      <p>
        <Link to="/privacy">{t("privacy.me.readNotice")}</Link>
      </p>

      <section className="panel" aria-labelledby="export-h">
        <h2 id="export-h">{t("privacy.me.exportHeading")}</h2>
        <p>{t("privacy.me.exportText")}</p>
        {/* A plain link: the browser downloads the file, no JavaScript needed. */}
        <a className="button" href="/me/privacy/export.zip" download>
          {t("privacy.me.exportButton")}
        </a>
      </section>

      <section className="panel" aria-labelledby="erase-h">
        <h2 id="erase-h">{t("privacy.me.eraseHeading")}</h2>
        <p>{t("privacy.me.eraseText")}</p>
        <p>{t("privacy.me.eraseCertificates")}</p>
        <Form method="post" className="stack" noValidate reloadDocument>
          <FormAlert message={actionData?.formError} />
          <div className="field">
            <label className="choice">
              <input type="checkbox" name="revoke" value="on" />
              <span>{t("privacy.me.revoke")}</span>
            </label>
          </div>
          <div className={errors.confirm ? "field has-error" : "field"}>
            <label className="choice">
              <input
                type="checkbox"
                name="confirm"
                value="on"
                required
                aria-invalid={errors.confirm ? true : undefined}
                aria-describedby={errors.confirm ? "f-confirm-error" : undefined}
              />
              <span>{t("privacy.me.confirm")}</span>
            </label>
            {errors.confirm ? (
              <p id="f-confirm-error" className="error-text">
                {t(errors.confirm.key, errors.confirm.values)}
              </p>
            ) : null}
          </div>
          <Field name="password" type="password" label={t("privacy.me.password")} autoComplete="current-password" required error={errors.password} />
          <button type="submit" className="button danger">
            {t("privacy.me.eraseButton")}
          </button>
        </Form>
      </section>
    </div>
  );
}
