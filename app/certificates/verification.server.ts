import { checkStatus } from "@digitalbazaar/vc-bitstring-status-list";
import * as vc from "@digitalbazaar/vc";
import type { Db } from "#db/client";
import { certificateStatus, findCertificateByCode } from "./certificates.server";
import { knownContext, UnresolvableUrlError, type LoadedDocument } from "./contexts.server";
import {
  didDocument,
  issuerDid,
  keyId,
  legacyIssuerId,
  legacyKeyId,
  publicKeyMultibase,
  getSigningKey,
  verificationMethod,
  verifyLegacyCredential,
  verifySuite,
} from "./credential.server";
import { statusListCredential } from "./status-list.server";

/**
 * Checks an Open Badge credential ON THE SERVER, each part on its own so the page can say which
 * passed: who issued it, the signature, the revocation status, the validity dates. The document
 * loader resolves only the bundled contexts and this platform's own DID, key and status lists,
 * from the database; any other URL throws, so nothing a visitor pastes makes the server fetch
 * anything (ADR 0021).
 */

const loaded = (url: string, document: unknown): LoadedDocument => ({ contextUrl: null, documentUrl: url, document });

/** The document loader for verification: contexts, our did:web document and key, our status lists. */
export function platformDocumentLoader(db: Db, origin: string) {
  const did = issuerDid(origin);
  const statusPrefix = `${origin}/credentials/status/`;
  return async (url: string): Promise<LoadedDocument> => {
    const context = knownContext(url);
    if (context) return context;
    if (url === did) return loaded(url, didDocument(db, origin));
    if (url === keyId(origin)) return loaded(url, verificationMethod(db, origin));
    if (url.startsWith(statusPrefix) && /^[1-9]\d{0,5}$/.test(url.slice(statusPrefix.length))) {
      const list = await statusListCredential(db, origin, Number(url.slice(statusPrefix.length)));
      if (list) return loaded(url, list.credential);
    }
    throw new UnresolvableUrlError(url);
  };
}

export type CheckName = "issuer" | "signature" | "status" | "dates";
export type CheckResult = { name: CheckName; state: "pass" | "fail" | "skipped"; reason: string };
export type CredentialCheck = { ok: boolean; checks: CheckResult[]; format: "rdfc" | "legacy" | "unknown" };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const idOf = (v: unknown) => (typeof v === "string" ? v : isObject(v) && typeof v.id === "string" ? v.id : null);
const proofOf = (c: Json) => (isObject(c.proof) ? c.proof : Array.isArray(c.proof) && c.proof.length === 1 && isObject(c.proof[0]) ? c.proof[0] : null);

function datesCheck(c: Json, now: number): CheckResult {
  const from = typeof c.validFrom === "string" ? Date.parse(c.validFrom) : NaN;
  const until = c.validUntil === undefined ? null : typeof c.validUntil === "string" ? Date.parse(c.validUntil) : NaN;
  if (Number.isNaN(from) || (until !== null && Number.isNaN(until))) return { name: "dates", state: "fail", reason: "badDate" };
  if (from > now + 5 * 60_000) return { name: "dates", state: "fail", reason: "notYetValid" };
  if (until !== null && until < now) return { name: "dates", state: "fail", reason: "expired" };
  return { name: "dates", state: "pass", reason: "inWindow" };
}

const skipped = (name: CheckName): CheckResult => ({ name, state: "skipped", reason: "notChecked" });

/**
 * Runs every check. `credential` is whatever was pasted or uploaded (already parsed from JSON);
 * anything that is not one of this platform's credentials fails at "issuer" and the rest are not checked.
 */
export async function checkCredential(db: Db, origin: string, credential: unknown, now = Date.now()): Promise<CredentialCheck> {
  const c = isObject(credential) ? credential : {};
  const proof = proofOf(c);
  const issuer = idOf(c.issuer);
  const method = proof ? idOf(proof.verificationMethod) : null;
  const cryptosuite = proof?.cryptosuite;
  const ours = issuer === issuerDid(origin) && method === keyId(origin) && cryptosuite === "eddsa-rdfc-2022";
  const legacy = issuer === legacyIssuerId(origin) && method === legacyKeyId(origin) && cryptosuite === "eddsa-jcs-2022";
  if (!ours && !legacy)
    return {
      ok: false,
      format: "unknown",
      checks: [{ name: "issuer", state: "fail", reason: "unknownIssuer" }, skipped("signature"), skipped("status"), skipped("dates")],
    };
  const checks: CheckResult[] = [{ name: "issuer", state: "pass", reason: "ourIssuer" }];

  if (legacy) {
    // Handed out before ADR 0021: JCS-signed, no status list entry; its status is the certificate's.
    const signed = verifyLegacyCredential(c, publicKeyMultibase(getSigningKey(db).publicKey));
    checks.push(signed ? { name: "signature", state: "pass", reason: "signatureValid" } : { name: "signature", state: "fail", reason: "signatureInvalid" });
    if (!signed) checks.push(skipped("status"));
    else {
      const code =
        typeof c.id === "string" && c.id.startsWith(`${origin}/certificates/`) ? c.id.slice(`${origin}/certificates/`.length).replace(/\.json$/, "") : "";
      const cert = code ? findCertificateByCode(db, code) : undefined;
      const valid = cert ? certificateStatus(cert) === "valid" : false;
      checks.push({ name: "status", state: valid ? "pass" : "fail", reason: valid ? "notRevoked" : cert ? "revoked" : "statusUnavailable" });
    }
    checks.push(datesCheck(c, now));
    return { ok: checks.every((x) => x.state === "pass"), format: "legacy", checks };
  }

  const documentLoader = platformDocumentLoader(db, origin);
  // The signature on its own: dates are the next check, so verify as at the credential's own start.
  let signatureOk = false;
  try {
    const from = typeof c.validFrom === "string" && !Number.isNaN(Date.parse(c.validFrom)) ? new Date(c.validFrom) : new Date(now);
    const result = await vc.verifyCredential({
      credential: c,
      suite: verifySuite(),
      documentLoader,
      checkStatus: async () => ({ verified: true }),
      now: from,
    });
    signatureOk = result.verified;
  } catch {
    signatureOk = false;
  }
  checks.push(signatureOk ? { name: "signature", state: "pass", reason: "signatureValid" } : { name: "signature", state: "fail", reason: "signatureInvalid" });

  if (!signatureOk) checks.push(skipped("status"));
  else {
    const status = await checkStatus({
      credential: c,
      documentLoader,
      suite: verifySuite(),
      verifyBitstringStatusListCredential: true,
      verifyMatchingIssuers: true,
    });
    if (!status.verified) checks.push({ name: "status", state: "fail", reason: "statusUnavailable" });
    else if (status.results?.some((r) => r.status)) checks.push({ name: "status", state: "fail", reason: "revoked" });
    else checks.push({ name: "status", state: "pass", reason: "notRevoked" });
  }
  checks.push(datesCheck(c, now));
  return { ok: checks.every((x) => x.state === "pass"), format: "rdfc", checks };
}

/**
 * A checkStatus for @digitalbazaar/vc that fails when the revocation bit is set (the library's own
 * reports the bit but counts a readable list as verified).
 */
export function revocationCheck(db: Db, origin: string) {
  const documentLoader = platformDocumentLoader(db, origin);
  return async ({ credential }: { credential: Json }) => {
    const r = await checkStatus({ credential, documentLoader, suite: verifySuite() });
    return { ...r, verified: r.verified && !(r.results ?? []).some((x) => x.status) };
  };
}
