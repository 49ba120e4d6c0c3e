import { useTranslation } from "react-i18next";
import { Form, Link } from "react-router";
import type { Route } from "./+types/verify-file";
import { clientAddress } from "#app/auth/login-session.server";
import { allowVerifyLookup } from "#app/certificates/present.server";
import { checkCredential, type CheckResult } from "#app/certificates/verification.server";
import { CredentialChecks } from "#app/components/credential-checks";
import { getDb } from "#app/db.server";
import { publicOrigin } from "#app/env.server";
import { done, FORM_LIMITS, invalid, readFormWithin } from "#app/forms.server";
import { FormAlert } from "#app/components/fields";
import { formatInstant } from "#app/i18n/datetime";
import { getInstance, getLocale } from "#app/middleware/i18next.server";

/** A credential file is a few kilobytes; anything past this is refused before it is parsed. */
export const MAX_CREDENTIAL_BYTES = 256 * 1024;

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title ?? "SHP Campus" }, { name: "robots", content: "noindex" }];

export function loader({ context }: Route.LoaderArgs) {
  return { title: `${getInstance(context).t("certificates.file.title")} · SHP Campus` };
}

type FileCheck = { checks: CheckResult[]; ok: boolean; said: Said | null };
type Said = { holder: string | null; achievement: string | null; issuer: string | null; validFrom: string | null };

const str = (v: unknown) => (typeof v === "string" && v.length <= 500 ? v : null);

/** What a credential whose signature holds says about itself, for the page (dates formatted here). */
function whatItSays(c: Record<string, unknown>, locale: string): Said {
  const subject = (c.credentialSubject ?? {}) as { identifier?: { identityHash?: unknown }[]; achievement?: { name?: unknown } };
  const issuer = c.issuer as { name?: unknown } | undefined;
  const from = typeof c.validFrom === "string" ? Date.parse(c.validFrom) : NaN;
  return {
    holder: str(Array.isArray(subject.identifier) ? subject.identifier[0]?.identityHash : null),
    achievement: str(subject.achievement?.name),
    issuer: str(issuer?.name),
    validFrom: Number.isNaN(from) ? null : formatInstant(from, "dateLong", locale, "UTC"),
  };
}

// Public, like the verify page: anyone may check a credential file. A plain form (no JavaScript):
// paste the JSON or choose the file. The server checks it and fetches nothing (ADR 0021).
export async function action({ request, context }: Route.ActionArgs) {
  const t = getInstance(context).t;
  const db = getDb();
  const fail = (formError: string, status: number) => invalid<FileCheck>({ formError }, status);
  if (!allowVerifyLookup(db, clientAddress(context))) return fail(t("certificates.verify.rateLimited"), 429);
  const read = await readFormWithin(request, { ...FORM_LIMITS, maxFields: 10, maxBytes: MAX_CREDENTIAL_BYTES + 16 * 1024 });
  const tooLarge = t("certificates.file.tooLarge", { kb: MAX_CREDENTIAL_BYTES / 1024 });
  if (!read.ok) return fail(read.status === 413 ? tooLarge : t("errors.badRequest"), read.status);
  const file = read.form.get("file");
  const pasted = read.form.get("json");
  let text = "";
  if (file && typeof file !== "string" && file.size > 0) {
    if (file.size > MAX_CREDENTIAL_BYTES) return fail(tooLarge, 413);
    text = await file.text();
  } else if (typeof pasted === "string") text = pasted;
  if (!text.trim()) return fail(t("certificates.file.empty"), 400);
  if (text.length > MAX_CREDENTIAL_BYTES) return fail(tooLarge, 413);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return fail(t("certificates.file.notJson"), 400);
  }
  const result = await checkCredential(db, publicOrigin(), parsed);
  const signed = result.checks.find((c) => c.name === "signature")?.state === "pass";
  return done<FileCheck>({ checks: result.checks, ok: result.ok, said: signed ? whatItSays(parsed as Record<string, unknown>, getLocale(context)) : null });
}

export default function VerifyFile({ actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const checked = actionData?.result;
  const said = checked?.said;
  return (
    <div className="page narrow">
      <h1>{t("certificates.file.title")}</h1>
      <p className="lead">{t("certificates.file.lead")}</p>
      <FormAlert message={actionData?.formError} />
      {checked ? (
        <>
          <CredentialChecks checks={checked.checks} ok={checked.ok} headingId="file-checks-h" />
          {said ? (
            <section aria-labelledby="said-h">
              <h2 id="said-h">{t("certificates.file.says")}</h2>
              <dl className="certificate-details">
                {said.holder ? (
                  <>
                    <dt>{t("certificates.verify.holder")}</dt>
                    <dd className="holder-name">{said.holder}</dd>
                  </>
                ) : null}
                {said.achievement ? (
                  <>
                    <dt>{t("certificates.verify.course")}</dt>
                    <dd lang="en">{said.achievement}</dd>
                  </>
                ) : null}
                {said.validFrom ? (
                  <>
                    <dt>{t("certificates.verify.issued")}</dt>
                    <dd>{said.validFrom}</dd>
                  </>
                ) : null}
                {said.issuer ? (
                  <>
                    <dt>{t("certificates.verify.issuer")}</dt>
                    <dd>{said.issuer}</dd>
                  </>
                ) : null}
              </dl>
            </section>
          ) : null}
        </>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="stack">
        <div className="field">
          <label htmlFor="credential-json">{t("certificates.file.pasteLabel")}</label>
          <textarea id="credential-json" name="json" rows={8} spellCheck={false} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="credential-file">{t("certificates.file.fileLabel")}</label>
          <input id="credential-file" name="file" type="file" accept=".json,application/json,application/ld+json" />
        </div>
        <button type="submit" className="button">
          {t("certificates.file.button")}
        </button>
      </Form>
      <p>
        <Link to="/verify">{t("certificates.verify.another")}</Link>
      </p>
    </div>
  );
}
