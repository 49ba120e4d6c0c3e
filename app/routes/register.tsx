import { useTranslation } from "react-i18next";
import { Form, Link, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/register";
import { registerAndStartSession, RegisterSchema } from "#app/auth/accounts.server";
import { getUser, safeRedirectPath } from "#app/auth/guards.server";
import { clientAddress, redirectWithSession } from "#app/auth/login-session.server";
import { limitAttempts, minutesUntil, RULES } from "#app/auth/rate-limit.server";
import { FormAlert } from "#app/components/fields";
import { AccountFields, ProfileFieldset } from "#app/components/profile-fields";
import { countryOptions } from "#app/countries/countries.server";
import { getDb } from "#app/db.server";
import { invalid, parseForm, readForm } from "#app/forms.server";
import { getInstance, getLocale } from "#app/middleware/i18next.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

export function loader({ context, request }: Route.LoaderArgs) {
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"));
  if (getUser(context)) throw redirect(redirectTo);
  return {
    title: `${getInstance(context).t("auth.registerTitle")} · SHP Campus`,
    redirectTo,
    locale: getLocale(context),
    countries: countryOptions(getLocale(context)),
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request);
  const redirectTo = safeRedirectPath(form.get("redirectTo"));
  const t = getInstance(context).t;
  const db = getDb();
  const limit = limitAttempts(db, [{ key: `register:ip:${clientAddress(context)}`, rule: RULES.registerPerIp }]);
  if (!limit.allowed) {
    return invalid({ formError: t("auth.tooManyAttempts", { minutes: minutesUntil(limit.retryAt) }) }, 429);
  }
  const parsed = parseForm(form, RegisterSchema);
  if (!parsed.ok) return invalid({ formError: t("errors.fixBelow"), errors: parsed.errors, values: parsed.values });
  const started = await registerAndStartSession(db, parsed.data);
  if (!started) {
    // Do not confirm that the account exists: the same message whatever the cause.
    const { password: _pw, ...values } = parsed.data;
    return invalid({ formError: t("auth.emailTaken"), values: values as Record<string, string> });
  }
  return redirectWithSession(request, started.token, started.expiresAt, started.user.locale, redirectTo);
}

export default function Register({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const values: Record<string, string> = { locale: loaderData.locale, ...(actionData?.values ?? {}) };
  const errors = actionData?.errors ?? {};
  return (
    <div className="page narrow">
      <h1>{t("auth.registerTitle")}</h1>
      <FormAlert message={actionData?.formError} />
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="redirectTo" value={loaderData.redirectTo} />
        <AccountFields values={values} errors={errors} />
        <ProfileFieldset values={values} errors={errors} countries={loaderData.countries} />
        <button type="submit" className="button" disabled={busy}>
          {t("auth.registerButton")}
        </button>
      </Form>
      <p>
        {t("auth.haveAccount")} <Link to={`/login?redirectTo=${encodeURIComponent(loaderData.redirectTo)}`}>{t("nav.login")}</Link>
      </p>
    </div>
  );
}
