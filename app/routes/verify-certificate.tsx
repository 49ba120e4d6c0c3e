import { useTranslation } from "react-i18next";
import { dateFormat } from "#app/i18n/datetime";
import { data, Link, redirect } from "react-router";
import type { Route } from "./+types/verify-certificate";
import { normaliseCode } from "#app/certificates/codes";
import { clientAddress } from "#app/auth/login-session.server";
import { findCertificateByCode } from "#app/certificates/certificates.server";
import { allowVerifyLookup, holderShare, signedCredentialFor, verificationView } from "#app/certificates/present.server";
import { checkCredential } from "#app/certificates/verification.server";
import { CredentialChecks } from "#app/components/credential-checks";
import { getUser } from "#app/auth/guards.server";
import { CertificateShare, CredentialHelp } from "#app/components/certificate-share";
import { publicOrigin } from "#app/env.server";
import { VerifyForm } from "#app/components/verify-form";
import { getDb } from "#app/db.server";
import { getInstance, getLocale } from "#app/middleware/i18next.server";
import fontsKhmer from "#app/styles/fonts-km.css?url";
import fontsLao from "#app/styles/fonts-lo.css?url";
import fontsThai from "#app/styles/fonts-th.css?url";

// A holder's name in a script the page's language does not load a font for still gets its font.
const NAME_FONTS = [
  { lang: "lo", script: /[\u0E80-\u0EFF]/u, href: fontsLao },
  { lang: "th", script: /[\u0E00-\u0E7F]/u, href: fontsThai },
  { lang: "km", script: /[\u1780-\u17FF\u19E0-\u19FF]/u, href: fontsKhmer },
];

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title ?? "SHP Campus" }, { name: "robots", content: "noindex" }];

export function headers({ loaderHeaders }: Route.HeadersArgs) {
  return loaderHeaders;
}

const noStore = { "Cache-Control": "no-store" };

// Public: anyone with the code may check it, without an account; it never redirects to login.
export async function loader({ params, context }: Route.LoaderArgs) {
  const t = getInstance(context).t;
  const db = getDb();
  if (!allowVerifyLookup(db, clientAddress(context)))
    return data(
      { kind: "rate-limited" as const, title: `${t("certificates.verify.rateLimitedTitle")} · SHP Campus` },
      { status: 429, headers: { ...noStore, "Retry-After": "60" } },
    );
  const canonical = normaliseCode(params.code);
  if (canonical && canonical !== params.code) throw redirect(`/verify/${canonical}`);
  const view = canonical ? verificationView(db, canonical, getLocale(context)) : null;
  // Unknown and malformed codes look the same: the page reveals nothing about other certificates.
  if (!view) return data({ kind: "not-found" as const, title: `${t("certificates.verify.notFoundTitle")} · SHP Campus` }, { status: 404, headers: noStore });
  // The certificate's signed credential, checked on the server as any verifier would: issuer (our
  // did:web), signature, revocation list, dates (ADR 0021).
  const origin = publicOrigin();
  const cert = findCertificateByCode(db, view.code)!;
  const checked = await checkCredential(db, origin, await signedCredentialFor(db, cert, origin));
  // The holder, signed in, also gets the sharing block (LinkedIn, copy the link).
  const share = holderShare(db, view.code, getUser(context)?.id, origin);
  return data(
    {
      kind: "found" as const,
      title: `${t("certificates.verify.pageTitle", { code: view.code })} · SHP Campus`,
      view,
      checks: checked.checks,
      checksOk: checked.ok,
      share,
    },
    { headers: noStore },
  );
}

export default function VerifyCertificate({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  if (loaderData.kind === "rate-limited")
    return (
      <div className="page narrow">
        <h1>{t("certificates.verify.rateLimitedTitle")}</h1>
        <p>{t("certificates.verify.rateLimited")}</p>
      </div>
    );
  if (loaderData.kind === "not-found")
    return (
      <div className="page narrow">
        <h1>{t("certificates.verify.notFoundTitle")}</h1>
        <p className="alert alert-error">{t("certificates.verify.notFound")}</p>
        <VerifyForm />
      </div>
    );
  const v = loaderData.view;
  const fmt = dateFormat(i18n.language, "dateLong", "UTC");
  return (
    <div className="page narrow certificate-page">
      {/* A Lao, Thai or Khmer name on a page in another language still gets its font (React hoists this to <head>). */}
      {NAME_FONTS.filter((f) => f.script.test(v.holderName) && i18n.language !== f.lang).map((f) => (
        <link key={f.lang} rel="stylesheet" href={f.href} precedence="default" />
      ))}
      <p className="muted">{t("certificates.verify.title")}</p>
      <h1>{t(`certificates.kind.${v.kind}`)}</h1>

      <section aria-labelledby="status-h" className={`certificate-status status-${v.status}`}>
        <h2 id="status-h">
          {t("certificates.verify.status")}: <span className="status-word">{t(`certificates.status.${v.status}`)}</span>
        </h2>
        {v.status === "valid" ? <p>{t("certificates.verify.validText", { issuer: v.issuer })}</p> : null}
        {v.status === "revoked" ? (
          <>
            <p>{t("certificates.verify.revokedText", { date: fmt.format(v.revokedAt!) })}</p>
            {v.revokedReason ? <p>{t("certificates.verify.revokedReason", { reason: v.revokedReason })}</p> : null}
          </>
        ) : null}
        {v.status === "replaced" ? (
          <>
            <p>
              {t(v.replacedReason === "superseded" ? "certificates.verify.supersededText" : "certificates.verify.replacedText", {
                date: fmt.format(v.replacedAt!),
              })}
            </p>
            {v.replacedBy ? (
              <p>
                <Link to={`/verify/${v.replacedBy}`}>{t("certificates.verify.replacedLink")}</Link>
              </p>
            ) : null}
          </>
        ) : null}
      </section>

      <CredentialChecks checks={loaderData.checks} ok={loaderData.checksOk} headingId="checks-h" lead={t("certificates.checks.lead")} />

      <dl className="certificate-details">
        <dt>{t("certificates.verify.holder")}</dt>
        {v.holderErased ? (
          <dd className="holder-name holder-erased">{t("privacy.verify.holderErased")}</dd>
        ) : (
          <dd className="holder-name" lang={v.holderLocale}>
            {v.holderName}
          </dd>
        )}
        <dt>{t("certificates.verify.course")}</dt>
        <dd>
          <Link to={`/courses/${v.course.slug}`}>{v.course.title}</Link>
        </dd>
        {v.cohort ? (
          <>
            <dt>{t("certificates.verify.cohort")}</dt>
            <dd>{v.cohort.title}</dd>
          </>
        ) : null}
        <dt>{t("certificates.verify.achieved")}</dt>
        <dd>{fmt.format(v.achievedOn)}</dd>
        <dt>{t("certificates.verify.issued")}</dt>
        <dd>{fmt.format(v.issuedAt)}</dd>
        <dt>{t("certificates.verify.issuer")}</dt>
        <dd>{v.issuer}</dd>
        <dt>{t("certificates.verify.code")}</dt>
        <dd>
          <code>{v.code}</code>
        </dd>
      </dl>

      {v.criteria.length > 0 ? (
        <section aria-labelledby="criteria-h">
          <h2 id="criteria-h">{t("certificates.criteria.title")}</h2>
          <ul className="criteria">
            {v.criteria.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </section>
      ) : null}

      {v.outcomes.length > 0 ? (
        <section aria-labelledby="outcomes-h">
          <h2 id="outcomes-h">{t("certificates.verify.outcomes")}</h2>
          <ul lang={v.outcomesLang}>
            {v.outcomes.map((o) => (
              <li key={o}>{o}</li>
            ))}
          </ul>
        </section>
      ) : null}

      {/* The files name the holder: not handed out once the holder has closed their account (ADR 0019). */}
      {v.status === "valid" && !v.holderErased ? (
        <section className="panel">
          <p>
            <a className="button" href={`/certificates/${v.code}.pdf`}>
              {t("certificates.downloadPdf")}
            </a>{" "}
            <a className="button secondary" href={`/certificates/${v.code}.json`}>
              {t("certificates.downloadBadge")}
            </a>
          </p>
          <CredentialHelp issuer={v.issuer} />
          <p className="muted">
            {t("certificates.verify.tamper", { issuer: v.issuer })} <a href="/.well-known/did.json">{t("certificates.verify.publicKey")}</a>
          </p>
        </section>
      ) : null}

      {loaderData.share ? (
        <section className="panel" aria-labelledby="share-h">
          <h2 id="share-h">{t("certificates.share.heading")}</h2>
          <CertificateShare share={loaderData.share} label={t("certificates.mine.shareLabel", { course: v.course.title })} credential={false} />
        </section>
      ) : null}

      <p>
        <Link to="/verify">{t("certificates.verify.another")}</Link> · <Link to="/verify/file">{t("certificates.file.link")}</Link>
      </p>
    </div>
  );
}
