import { useTranslation } from "react-i18next";
import { CONSTITUENT_GROUPS, SEXES } from "#app/vocabulary";
import { LOCALE_NAMES, UI_LOCALES } from "#app/content/locales";
import { Field, SelectField, type FieldError } from "./fields";

/** Country options come from the server (names in the page's language from the server's ICU data). */
export type CountryOption = { value: string; label: string };

/** A password being chosen (registration, a password change, a set-password link), with the rules as its hint. */
export function NewPasswordField({ name, label, error }: { name: string; label: string; error?: FieldError }) {
  const { t } = useTranslation();
  return <Field name={name} type="password" label={label} hint={t("auth.passwordHint")} autoComplete="new-password" required error={error} />;
}

/** A new account's credentials (e-mail and a new password), shared by /register and a workshop's join page. */
export function AccountFields({ values, errors }: { values: Record<string, string>; errors: Record<string, FieldError> }) {
  const { t } = useTranslation();
  return (
    <>
      <Field name="email" type="email" label={t("auth.email")} autoComplete="email" required maxLength={254} defaultValue={values.email} error={errors.email} />
      <NewPasswordField name="password" label={t("auth.password")} error={errors.password} />
    </>
  );
}

/** The profile fields shared by registration and the profile page. */

export function ProfileFieldset({
  values,
  errors,
  countries,
}: {
  values: Record<string, string>;
  errors: Record<string, FieldError>;
  countries: CountryOption[];
}) {
  const { t } = useTranslation();
  return (
    <>
      <Field name="name" label={t("auth.name")} autoComplete="name" required maxLength={120} defaultValue={values.name} error={errors.name} />
      <Field
        name="nameLatin"
        label={t("auth.nameLatin")}
        hint={t("auth.nameLatinHint")}
        maxLength={120}
        defaultValue={values.nameLatin}
        error={errors.nameLatin}
      />
      <SelectField name="country" label={t("auth.country")} required defaultValue={values.country} error={errors.country} options={countries} />
      <Field
        name="organisation"
        label={t("auth.organisation")}
        autoComplete="organization"
        maxLength={160}
        defaultValue={values.organisation}
        error={errors.organisation}
      />
      <Field
        name="jobTitle"
        label={t("auth.jobTitle")}
        autoComplete="organization-title"
        maxLength={120}
        defaultValue={values.jobTitle}
        error={errors.jobTitle}
      />
      <SelectField
        name="constituentGroup"
        label={t("auth.constituentGroup")}
        required
        defaultValue={values.constituentGroup}
        error={errors.constituentGroup}
        options={CONSTITUENT_GROUPS.map((g) => ({ value: g, label: t(`auth.groups.${g}`) }))}
      />
      <SelectField
        name="sex"
        label={t("auth.sex")}
        required
        defaultValue={values.sex}
        error={errors.sex}
        options={SEXES.map((s) => ({ value: s, label: t(`auth.sexes.${s}`) }))}
      />
      <p className="hint">
        {t("auth.whyWeAsk")} {/* A new tab: what was typed in this form stays. */}
        <a href="/privacy" target="_blank" rel="noopener">
          {t("privacy.registerLink")}
        </a>
      </p>
      <SelectField
        name="locale"
        label={t("auth.preferredLanguage")}
        required
        defaultValue={values.locale}
        error={errors.locale}
        options={UI_LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
      />
    </>
  );
}
