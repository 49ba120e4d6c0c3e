import { useTranslation } from "react-i18next";
import { Form, Link, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/login";
import { authenticate, LoginSchema } from "#app/auth/accounts.server";
import { getUser, safeRedirectPath } from "#app/auth/guards.server";
import { clientAddress, startSessionAndRedirect } from "#app/auth/login-session.server";
import { minutesUntil } from "#app/auth/rate-limit.server";
import { Field, FormAlert } from "#app/components/fields";
import { getDb } from "#app/db.server";
import { invalid, parseForm, readForm } from "#app/forms.server";
import { getInstance } from "#app/middleware/i18next.server";
import type { Role } from "#db/schema";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

/** Where someone lands after login when no page asked for it: trainers their cohorts, admins the users list. */
function homeFor(role: Role): string {
  return role === "admin" ? "/admin/users" : role === "trainer" ? "/trainer" : "/me";
}

export function loader({ context, request }: Route.LoaderArgs) {
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"), "");
  const user = getUser(context);
  if (user) throw redirect(redirectTo || homeFor(user.role));
  return { title: `${getInstance(context).t("auth.loginTitle")} · SHP Campus`, redirectTo };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request);
  const redirectTo = safeRedirectPath(form.get("redirectTo"), "");
  const parsed = parseForm(form, LoginSchema);
  if (!parsed.ok) return invalid({ errors: parsed.errors, values: parsed.values });
  const db = getDb();
  const result = await authenticate(db, parsed.data.email, parsed.data.password, clientAddress(context));
  const t = getInstance(context).t;
  if (!result.ok) {
    const formError =
      result.reason === "throttled"
        ? t("auth.tooManyAttempts", { minutes: minutesUntil(result.retryAt ?? Date.now()) })
        : result.reason === "deactivated"
          ? t("auth.deactivated")
          : t("auth.invalidCredentials");
    return invalid({ formError, values: { email: parsed.data.email } }, result.reason === "throttled" ? 429 : 400);
  }
  return startSessionAndRedirect(db, request, result.user.id, result.user.locale, redirectTo || homeFor(result.user.role));
}

export default function Login({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="page narrow">
      <h1>{t("auth.loginTitle")}</h1>
      <FormAlert message={actionData?.formError} />
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="redirectTo" value={loaderData.redirectTo} />
        <Field
          name="email"
          type="email"
          label={t("auth.email")}
          autoComplete="username"
          required
          defaultValue={actionData?.values.email}
          error={actionData?.errors.email}
        />
        <Field name="password" type="password" label={t("auth.password")} autoComplete="current-password" required error={actionData?.errors.password} />
        <button type="submit" className="button" disabled={busy}>
          {t("auth.loginButton")}
        </button>
      </Form>
      <p>
        <Link to="/forgot-password">{t("auth.forgotLink")}</Link>
      </p>
      <p>
        {t("auth.noAccount")}{" "}
        <Link to={loaderData.redirectTo ? `/register?redirectTo=${encodeURIComponent(loaderData.redirectTo)}` : "/register"}>{t("nav.register")}</Link>
      </p>
    </div>
  );
}
