import { useTranslation } from "react-i18next";
import { Form, redirect } from "react-router";
import type { Route } from "./+types/profile";
import { changePassword, PasswordChangeSchema, ProfileSchema, updateProfile } from "#app/auth/accounts.server";
import { requireUser } from "#app/auth/guards.server";
import { startSessionAndRedirect } from "#app/auth/login-session.server";
import { minutesUntil } from "#app/auth/rate-limit.server";
import { Field, FormAlert } from "#app/components/fields";
import { NewPasswordField, ProfileFieldset } from "#app/components/profile-fields";
import { countryOptions } from "#app/countries/countries.server";
import { getDb } from "#app/db.server";
import { invalid, parseForm, readForm } from "#app/forms.server";
import { getInstance, getLocale, localeCookie } from "#app/middleware/i18next.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

export function loader({ context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const url = new URL(request.url);
  return {
    title: `${getInstance(context).t("profile.title")} · SHP Campus`,
    email: user.email,
    values: {
      name: user.name,
      nameLatin: user.nameLatin,
      country: user.country,
      organisation: user.organisation,
      constituentGroup: user.constituentGroup,
      sex: user.sex,
      jobTitle: user.jobTitle,
      locale: user.locale,
    },
    liteMode: user.liteMode,
    countries: countryOptions(getLocale(context)),
    saved: url.searchParams.get("saved"),
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireUser(context, request);
  const form = await readForm(request);
  const t = getInstance(context).t;
  const db = getDb();
  if (form.get("intent") === "password") {
    const parsed = parseForm(form, PasswordChangeSchema);
    if (!parsed.ok) return invalid({ intent: "password", errors: parsed.errors, formError: t("errors.fixBelow") });
    const result = await changePassword(db, user, parsed.data.currentPassword, parsed.data.newPassword);
    if (!result.ok && result.reason === "throttled")
      return invalid({ intent: "password", formError: t("auth.tooManyAttempts", { minutes: minutesUntil(result.retryAt) }) }, 429);
    if (!result.ok) return invalid({ intent: "password", errors: { currentPassword: { key: "profile.wrongPassword" } } });
    // All sessions ended with the change; this device continues with a fresh one.
    return startSessionAndRedirect(db, request, user.id, user.locale, "/me/profile?saved=password");
  }
  const parsed = parseForm(form, ProfileSchema);
  if (!parsed.ok) return invalid({ intent: "profile", errors: parsed.errors, formError: t("errors.fixBelow"), values: parsed.values });
  updateProfile(db, user.id, parsed.data);
  return redirect("/me/profile?saved=profile", { headers: { "Set-Cookie": await localeCookie.serialize(parsed.data.locale) } });
}

export default function Profile({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const profileErrors = actionData?.intent === "profile" ? actionData.errors : {};
  const passwordErrors = actionData?.intent === "password" ? actionData.errors : {};
  const values = actionData?.intent === "profile" ? { ...loaderData.values, ...actionData.values } : loaderData.values;
  return (
    <div className="page narrow">
      <h1>{t("profile.title")}</h1>
      <FormAlert
        tone="success"
        message={loaderData.saved === "profile" ? t("profile.saved") : loaderData.saved === "password" ? t("profile.passwordChanged") : null}
      />
      <p className="muted">
        {t("auth.email")}: {loaderData.email}
      </p>
      {/* A full-page submission: language and Lite mode apply to the whole document at once. */}
      <Form method="post" className="stack" noValidate reloadDocument>
        <input type="hidden" name="intent" value="profile" />
        <FormAlert message={actionData?.intent === "profile" ? actionData.formError : null} />
        <ProfileFieldset values={values} errors={profileErrors} countries={loaderData.countries} />
        <div className="field">
          <label className="choice">
            <input type="checkbox" name="liteMode" value="on" defaultChecked={loaderData.liteMode} />
            <span>{t("profile.lite")}</span>
          </label>
          <p className="hint">{t("profile.liteHelp")}</p>
        </div>
        <button type="submit" className="button">
          {t("profile.save")}
        </button>
      </Form>

      <h2>{t("profile.passwordTitle")}</h2>
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="password" />
        <FormAlert message={actionData?.intent === "password" ? actionData.formError : null} />
        <Field
          name="currentPassword"
          type="password"
          label={t("profile.currentPassword")}
          autoComplete="current-password"
          required
          error={passwordErrors.currentPassword}
        />
        <NewPasswordField name="newPassword" label={t("profile.newPassword")} error={passwordErrors.newPassword} />
        <button type="submit" className="button secondary">
          {t("profile.changePassword")}
        </button>
      </Form>
    </div>
  );
}
