import { useTranslation } from "react-i18next";
import { Form, Link } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/set-password";
import { passwordField } from "#app/auth/accounts.server";
import { startSessionAndRedirect } from "#app/auth/login-session.server";
import { NO_PASSWORD_YET, setPasswordWithToken, userForSetPasswordToken } from "#app/cohorts/invitations.server";
import { getCohort } from "#app/cohorts/cohorts.server";
import { FormAlert } from "#app/components/fields";
import { NewPasswordField } from "#app/components/profile-fields";
import { getDb } from "#app/db.server";
import { invalid, parseForm, readForm } from "#app/forms.server";
import { getInstance } from "#app/middleware/i18next.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

// A personal page (the link is a credential; the page names the account): never cached.
export const headers: Route.HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

const Schema = z.object({ password: passwordField });

export function loader({ context, params }: Route.LoaderArgs) {
  const db = getDb();
  const user = userForSetPasswordToken(db, params.token);
  const cohort = user?.passwordHash === NO_PASSWORD_YET && user.createdByCohortId ? getCohort(db, user.createdByCohortId) : undefined;
  return {
    title: `${getInstance(context).t("cohorts.setPassword.title")} · SHP Campus`,
    valid: !!user,
    // A trainer's invitation (no password yet) or a password reset (the account has one).
    invited: user?.passwordHash === NO_PASSWORD_YET,
    name: user?.name ?? null,
    cohort: cohort?.title ?? null,
    email: user?.email ?? null,
  };
}

export async function action({ context, request, params }: Route.ActionArgs) {
  const t = getInstance(context).t;
  const parsed = parseForm(await readForm(request), Schema);
  if (!parsed.ok) return invalid({ errors: parsed.errors, formError: t("errors.fixBelow") });
  const db = getDb();
  const user = await setPasswordWithToken(db, params.token, parsed.data.password);
  if (!user) return invalid({ formError: t("cohorts.setPassword.invalid") });
  return startSessionAndRedirect(db, request, user.id, user.locale, "/me");
}

export default function SetPassword({ loaderData: d, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  return (
    <div className="page narrow">
      <h1>{t("cohorts.setPassword.title")}</h1>
      {d.valid ? (
        <>
          <p>
            {d.invited
              ? d.cohort
                ? t("cohorts.setPassword.leadCohort", { name: d.name, email: d.email, cohort: d.cohort })
                : t("cohorts.setPassword.lead", { name: d.name, email: d.email })
              : t("auth.reset.setLead", { email: d.email })}
          </p>
          <FormAlert message={actionData?.formError} />
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="username" value={d.email ?? ""} autoComplete="username" />
            <NewPasswordField name="password" label={t("profile.newPassword")} error={actionData?.errors.password} />
            <button type="submit" className="button">
              {t("cohorts.setPassword.button")}
            </button>
          </Form>
        </>
      ) : (
        <>
          <p className="notice">{t("cohorts.setPassword.invalid")}</p>
          <p>
            <Link to="/forgot-password">{t("auth.reset.requestNew")}</Link>
          </p>
        </>
      )}
    </div>
  );
}
