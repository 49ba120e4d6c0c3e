import { useTranslation } from "react-i18next";
import { Form, Link, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/forgot-password";
import { getUser } from "#app/auth/guards.server";
import { clientAddress } from "#app/auth/login-session.server";
import { ForgotPasswordSchema, requestPasswordReset } from "#app/auth/password-reset.server";
import { publicOrigin } from "#app/env.server";
import { Field, FormAlert } from "#app/components/fields";
import { getDb } from "#app/db.server";
import { done, invalid, parseForm, readForm } from "#app/forms.server";
import { getMailTransport } from "#app/mail/mail.server";
import { getInstance } from "#app/middleware/i18next.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

export function loader({ context }: Route.LoaderArgs) {
  if (getUser(context)) throw redirect("/me/profile");
  return { title: `${getInstance(context).t("auth.reset.title")} · SHP Campus` };
}

export async function action({ request, context }: Route.ActionArgs) {
  if (getUser(context)) throw redirect("/me/profile");
  const i18n = getInstance(context);
  const parsed = parseForm(await readForm(request), ForgotPasswordSchema);
  if (!parsed.ok) return invalid({ errors: parsed.errors, values: parsed.values });
  const outcome = requestPasswordReset(
    getDb(),
    { email: parsed.data.email, ip: clientAddress(context), origin: publicOrigin() },
    { mailer: getMailTransport(), tFor: (lng) => i18n.getFixedT(lng) },
  );
  if (outcome.status === "rate-limited") {
    const minutes = Math.max(1, Math.ceil((outcome.retryAt - Date.now()) / 60000));
    return invalid({ formError: i18n.t("auth.tooManyAttempts", { minutes }), values: { email: parsed.data.email } }, 429);
  }
  return done({ sentTo: parsed.data.email });
}

export default function ForgotPassword({ actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="page narrow">
      <h1>{t("auth.reset.title")}</h1>
      {actionData?.result?.sentTo ? (
        <p className="alert alert-success" role="status">
          {t("auth.reset.sent", { email: actionData.result.sentTo })}
        </p>
      ) : (
        <>
          <p>{t("auth.reset.lead")}</p>
          <FormAlert message={actionData?.formError} />
          <Form method="post" className="stack" noValidate>
            <Field
              name="email"
              type="email"
              label={t("auth.email")}
              autoComplete="username"
              required
              maxLength={254}
              defaultValue={actionData?.values.email}
              error={actionData?.errors.email}
            />
            <button type="submit" className="button" disabled={busy}>
              {t("auth.reset.button")}
            </button>
          </Form>
        </>
      )}
      <p className="muted">{t("auth.reset.noMail")}</p>
      <p>
        <Link to="/login">{t("nav.login")}</Link>
      </p>
    </div>
  );
}
