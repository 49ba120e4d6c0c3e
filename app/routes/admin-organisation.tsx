import { useTranslation } from "react-i18next";
import { Form, redirect } from "react-router";
import type { Route } from "./+types/admin-organisation";
import { requireRole } from "#app/auth/guards.server";
import { getCertificateOrganisation, imageChangeFrom, MAX_IMAGE_BYTES, OrganisationSchema, saveOrganisation } from "#app/certificates/organisation.server";
import { Field, FormAlert } from "#app/components/fields";
import { getDb } from "#app/db.server";
import { publicOrigin } from "#app/env.server";
import { FORM_LIMITS, type FieldErrors, invalid, parseForm, readFormWithin } from "#app/forms.server";
import { getInstance } from "#app/middleware/i18next.server";
import { getSiteSettings } from "#app/privacy/settings.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

const dataUrl = (image: { type: string; bytes: Buffer } | null) => (image ? `data:image/${image.type};base64,${image.bytes.toString("base64")}` : null);

export function loader({ context, request }: Route.LoaderArgs) {
  requireRole(context, request, ["admin"]);
  const db = getDb();
  const organisation = getCertificateOrganisation(db, publicOrigin());
  return {
    title: `${getInstance(context).t("organisation.title")} · SHP Campus`,
    // The name as set (empty when unset), not the fallback, so the form shows what is stored.
    name: getSiteSettings(db).operator,
    signatoryName: organisation.signatory.name,
    signatoryTitle: organisation.signatory.title,
    logo: dataUrl(organisation.logo),
    signature: dataUrl(organisation.signatory.image),
    saved: new URL(request.url).searchParams.get("saved") === "1",
  };
}

// Two images of at most 200 KB each and three short fields (multipart adds a little per part).
const ORGANISATION_FORM_LIMITS = { ...FORM_LIMITS, maxBytes: 2 * MAX_IMAGE_BYTES + 64 * 1024 };

export async function action({ context, request }: Route.ActionArgs) {
  const admin = requireRole(context, request, ["admin"]);
  const t = getInstance(context).t;
  const read = await readFormWithin(request, ORGANISATION_FORM_LIMITS);
  // Too large: a translated message on the page, not an error page (the rest of the body is left unread).
  if (!read.ok && read.status === 413) return invalid({ formError: t("organisation.errors.tooLarge") }, 413);
  if (!read.ok) return invalid({ formError: t("errors.badRequest") });
  const form = read.form;
  const parsed = parseForm(form, OrganisationSchema);
  const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
  const logo = await imageChangeFrom(form.get("logo"), form.get("removeLogo") === "on");
  if (!logo.ok) errors.logo = { key: logo.key };
  const signature = await imageChangeFrom(form.get("signature"), form.get("removeSignature") === "on");
  if (!signature.ok) errors.signature = { key: signature.key };
  const values = parsed.ok ? { name: parsed.data.name, signatoryName: parsed.data.signatoryName, signatoryTitle: parsed.data.signatoryTitle } : parsed.values;
  if (!parsed.ok || !logo.ok || !signature.ok) return invalid({ formError: t("errors.fixBelow"), errors, values });
  saveOrganisation(getDb(), admin, { ...parsed.data, logo: logo.change, signature: signature.change });
  return redirect("/admin/organisation?saved=1");
}

function ImageField({
  name,
  label,
  current,
  currentLabel,
  none,
  removeLabel,
  error,
}: {
  name: string;
  label: string;
  current: string | null;
  currentLabel: string;
  none: string;
  removeLabel: string;
  error?: FieldErrors[string];
}) {
  const { t } = useTranslation();
  const id = `f-${name}`;
  return (
    <div className={error ? "field has-error" : "field"}>
      <label htmlFor={id}>{label}</label>
      <p id={`${id}-hint`} className="hint">
        {t("organisation.imageHint")}
      </p>
      {current ? (
        <figure className="organisation-image">
          <img src={current} alt={currentLabel} />
          <figcaption className="hint">{currentLabel}</figcaption>
        </figure>
      ) : (
        <p className="hint">{none}</p>
      )}
      <input
        id={id}
        name={name}
        type="file"
        accept="image/png,image/jpeg"
        aria-invalid={error ? true : undefined}
        aria-describedby={[`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(" ")}
      />
      {error ? (
        <p id={`${id}-error`} className="error-text">
          {t(error.key, error.values)}
        </p>
      ) : null}
      {current ? (
        <label className="choice">
          <input type="checkbox" name={name === "logo" ? "removeLogo" : "removeSignature"} value="on" />
          <span>{removeLabel}</span>
        </label>
      ) : null}
    </div>
  );
}

export default function AdminOrganisation({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const d = loaderData;
  const errors = actionData?.errors ?? {};
  const values = { name: d.name, signatoryName: d.signatoryName, signatoryTitle: d.signatoryTitle, ...(actionData?.values ?? {}) };
  return (
    <div className="page narrow">
      <h1>{t("organisation.title")}</h1>
      <p>{t("organisation.intro")}</p>
      <FormAlert tone="success" message={d.saved ? t("organisation.saved") : null} />
      <Form method="post" encType="multipart/form-data" className="stack" noValidate>
        <FormAlert message={actionData?.formError ?? null} />
        <Field name="name" label={t("organisation.name")} hint={t("organisation.nameHint")} maxLength={200} defaultValue={values.name} error={errors.name} />
        <ImageField
          name="logo"
          label={t("organisation.logo")}
          current={d.logo}
          currentLabel={t("organisation.currentLogo")}
          none={t("organisation.noLogo")}
          removeLabel={t("organisation.removeLogo")}
          error={errors.logo}
        />
        <fieldset className="stack">
          <legend>{t("organisation.signatoryHeading")}</legend>
          <Field
            name="signatoryName"
            label={t("organisation.signatoryName")}
            maxLength={120}
            defaultValue={values.signatoryName}
            error={errors.signatoryName}
          />
          <Field
            name="signatoryTitle"
            label={t("organisation.signatoryTitle")}
            maxLength={160}
            defaultValue={values.signatoryTitle}
            error={errors.signatoryTitle}
          />
          <ImageField
            name="signature"
            label={t("organisation.signature")}
            current={d.signature}
            currentLabel={t("organisation.currentSignature")}
            none={t("organisation.noSignature")}
            removeLabel={t("organisation.removeSignature")}
            error={errors.signature}
          />
        </fieldset>
        <p>
          <button type="submit" className="button">
            {t("organisation.save")}
          </button>
        </p>
      </Form>
    </div>
  );
}
