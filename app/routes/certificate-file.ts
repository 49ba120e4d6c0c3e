import type { Route } from "./+types/certificate-file";
import { certificateStatus, findCertificateByCode } from "#app/certificates/certificates.server";
import { clientAddress } from "#app/auth/login-session.server";
import { allowVerifyLookup, certificatePdf, signedCredentialFor } from "#app/certificates/present.server";
import { publicOrigin } from "#app/env.server";
import { UI_LOCALES } from "#app/content/locales";
import { getDb } from "#app/db.server";
import { getInstance } from "#app/middleware/i18next.server";

const text = (body: string, status: number, extra: Record<string, string> = {}) =>
  new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", ...extra } });

// Public like the verify page: /certificates/<code>.pdf (printable) and /certificates/<code>.json (signed Open Badge).
export async function loader({ params, context }: Route.LoaderArgs) {
  const i18n = getInstance(context);
  const t = i18n.t;
  const db = getDb();
  if (!allowVerifyLookup(db, clientAddress(context))) return text(t("certificates.verify.rateLimited"), 429, { "Retry-After": "60" });
  const match = /^(.+)\.(pdf|json)$/.exec(params.file);
  const cert = match ? findCertificateByCode(db, match[1]!) : undefined;
  if (!match || !cert) return text(t("certificates.verify.notFound"), 404);
  const origin = publicOrigin();
  const status = certificateStatus(cert);
  // A revoked or replaced certificate is no longer handed out as a document; its page says why.
  if (status !== "valid") return text(`${t(`certificates.status.${status}`)}: ${origin}/verify/${cert.code}`, 410);
  // The holder closed their account: the files would name them, and the name is gone (ADR 0019).
  // The credential the holder downloaded before stays valid; the page still confirms the certificate.
  if (cert.holderName === "") return text(`${t("privacy.verify.holderErased")} ${origin}/verify/${cert.code}`, 410);
  if (match[2] === "json") {
    return new Response(JSON.stringify(await signedCredentialFor(db, cert, origin), null, 2), {
      headers: {
        "Content-Type": "application/ld+json; charset=utf-8",
        "Content-Disposition": `inline; filename="certificate-${cert.code}.json"`,
        "Cache-Control": "no-store",
      },
    });
  }
  const pdf = await certificatePdf(db, cert, origin, (lng) => i18n.getFixedT(lng), UI_LOCALES);
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="certificate-${cert.code}.pdf"`,
      "Content-Length": String(pdf.length),
      "Cache-Control": "no-store",
    },
  });
}
