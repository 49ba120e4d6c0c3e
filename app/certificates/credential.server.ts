import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, verify } from "node:crypto";
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";
import { cryptosuite as eddsaRdfc2022 } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import * as vc from "@digitalbazaar/vc";
import canonicalize from "canonicalize";
import { eq } from "drizzle-orm";
import type { Db } from "#db/client";
import { signingKeys, type Certificate } from "#db/schema";
import { base58 } from "@scure/base";
import { contextLoader } from "./contexts.server";
import type { Organisation } from "./organisation.server";
import type { StatusEntry } from "./status-entry.server";

/**
 * Open Badges 3.0 credentials (W3C Verifiable Credentials 2.0) signed with the platform's Ed25519
 * key as a Data Integrity proof, cryptosuite eddsa-rdfc-2022 (RDF Dataset Canonicalization), by
 * the Digital Bazaar libraries, so that common verifiers (the DCC's verifier-core) accept them
 * (ADR 0021). The issuer is did:web for the public origin; its DID document carries the key as a
 * Multikey. The key is created on first use and kept in the database; the private half never leaves it.
 *
 * Credentials handed out before ADR 0021 were signed with eddsa-jcs-2022 by the issuer
 * <origin>/issuer; verifyLegacyCredential still checks those.
 */

export const VC_CONTEXT = "https://www.w3.org/ns/credentials/v2";
export const OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
/** 1EdTech's extensions context: defines the credentialSchema type 1EdTechJsonSchemaValidator2019. */
export const OB_EXTENSIONS_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json";
export const OB_SCHEMA = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json";
export const KEY_ID = 1;

type SigningKey = { id: number; publicKey: Uint8Array; privateKeyDer: Buffer };

/** The platform key (id 1), generated and stored on first use. */
export function getSigningKey(db: Db): SigningKey {
  let row = db.select().from(signingKeys).where(eq(signingKeys.id, KEY_ID)).get();
  if (!row) {
    const { publicKey, privateKey } = generateKeyPairSync("ed25519");
    const raw = Buffer.from(publicKey.export({ format: "jwk" }).x!, "base64url");
    db.insert(signingKeys)
      .values({ id: KEY_ID, publicKey: raw.toString("base64url"), privateKey: privateKey.export({ format: "der", type: "pkcs8" }).toString("base64url") })
      .onConflictDoNothing()
      .run();
    row = db.select().from(signingKeys).where(eq(signingKeys.id, KEY_ID)).get()!;
  }
  return { id: row.id, publicKey: Buffer.from(row.publicKey, "base64url"), privateKeyDer: Buffer.from(row.privateKey, "base64url") };
}

export const base58Encode = (bytes: Uint8Array): string => base58.encode(bytes);

/** Base58 (Bitcoin alphabet) as in multibase "z" strings; null for anything that is not base58. */
export function base58Decode(text: string): Uint8Array | null {
  try {
    return base58.decode(text);
  } catch {
    return null;
  }
}

/** Multibase (base58btc) of the multicodec ed25519-pub key: "z6Mk…". */
export function publicKeyMultibase(raw: Uint8Array): string {
  return `z${base58Encode(Uint8Array.from([0xed, 0x01, ...raw]))}`;
}

function publicKeyFromMultibase(multibase: string) {
  const bytes = multibase.startsWith("z") ? base58Decode(multibase.slice(1)) : null;
  if (!bytes || bytes.length !== 34 || bytes[0] !== 0xed || bytes[1] !== 0x01) return null;
  return createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: Buffer.from(bytes.slice(2)).toString("base64url") }, format: "jwk" });
}

/**
 * The issuer's DID: did:web for the public origin's host, the port's colon percent-encoded
 * (http://localhost:3201 → did:web:localhost%3A3201). It resolves to <origin>/.well-known/did.json.
 */
export function issuerDid(origin: string): string {
  return `did:web:${encodeURIComponent(new URL(origin).host)}`;
}
export const keyId = (origin: string) => `${issuerDid(origin)}#key-${KEY_ID}`;
export const statusListUrl = (origin: string, list: number) => `${origin}/credentials/status/${list}`;

/** The issuer id and key of credentials handed out before ADR 0021 (still verifiable). */
export const legacyIssuerId = (origin: string) => `${origin}/issuer`;
export const legacyKeyId = (origin: string) => `${origin}/issuer/keys/${KEY_ID}`;

const DID_CONTEXT = "https://www.w3.org/ns/did/v1";
const MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1";

/** The platform key as a Multikey verification method. */
export function verificationMethod(db: Db, origin: string) {
  return {
    "@context": MULTIKEY_CONTEXT,
    id: keyId(origin),
    type: "Multikey",
    controller: issuerDid(origin),
    publicKeyMultibase: publicKeyMultibase(getSigningKey(db).publicKey),
  };
}

/** The DID document served at /.well-known/did.json: the key, authorised to assert credentials. */
export function didDocument(db: Db, origin: string) {
  const { "@context": _c, ...method } = verificationMethod(db, origin);
  return {
    "@context": [DID_CONTEXT, MULTIKEY_CONTEXT],
    id: issuerDid(origin),
    verificationMethod: [method],
    assertionMethod: [method.id],
  };
}

/** The issuer as an Open Badges Profile: name, web address, contact e-mail and logo when they are set. */
export function issuerProfileObject(org: Organisation, origin: string) {
  return {
    id: issuerDid(origin),
    type: ["Profile"],
    name: org.name,
    url: org.url,
    ...(org.email ? { email: org.email } : {}),
    ...(org.logoUrl ? { image: { id: org.logoUrl, type: "Image", caption: org.name } } : {}),
  };
}

/** The issuer's Open Badges Profile document, served at /issuer. */
export function issuerProfile(org: Organisation, origin: string) {
  return {
    "@context": [VC_CONTEXT, OB_CONTEXT],
    ...issuerProfileObject(org, origin),
    description: "An open-source learning platform for capacity building in social health protection.",
  };
}

/** The Multikey document of the key that signed credentials before ADR 0021, served at /issuer/keys/1. */
export function legacyKeyDocument(db: Db, origin: string) {
  return {
    "@context": MULTIKEY_CONTEXT,
    id: legacyKeyId(origin),
    type: "Multikey",
    controller: legacyIssuerId(origin),
    publicKeyMultibase: publicKeyMultibase(getSigningKey(db).publicKey),
  };
}

export type AchievementInfo = {
  slug: string;
  /** English title and summary: the credential's language. */
  title: string;
  description: string;
  criteria: string;
  cohortTitle?: string | null;
};

type Json = Record<string, unknown>;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** The unsigned OpenBadgeCredential for a certificate. Deterministic: same input, same document. */
export function buildCredential(cert: Certificate, achievement: AchievementInfo, origin: string, org: Organisation, status: StatusEntry): Json {
  const kindName = cert.kind === "completion" ? "Certificate of completion" : "Certificate of participation";
  return {
    "@context": [VC_CONTEXT, OB_CONTEXT, OB_EXTENSIONS_CONTEXT],
    id: `${origin}/certificates/${cert.code}.json`,
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    name: `${kindName}: ${achievement.title}`,
    description: `Verify at ${origin}/verify/${cert.code}`,
    issuer: issuerProfileObject(org, origin),
    validFrom: iso(cert.issuedAt),
    awardedDate: iso(cert.achievedOn),
    credentialSubject: {
      type: ["AchievementSubject"],
      identifier: [{ type: "IdentityObject", identityHash: cert.holderName, identityType: "name", hashed: false }],
      achievement: {
        id: `${origin}/courses/${achievement.slug}#${cert.cohortId ? `cohort-${cert.cohortId}` : "achievement"}`,
        type: ["Achievement"],
        achievementType: cert.kind === "completion" ? "CertificateOfCompletion" : "ext:CertificateOfParticipation",
        name: achievement.title,
        description: achievement.description,
        criteria: { narrative: achievement.criteria },
        ...(achievement.cohortTitle ? { tag: [achievement.cohortTitle] } : {}),
      },
    },
    credentialStatus: {
      id: `${statusListUrl(origin, status.list)}#${status.index}`,
      type: "BitstringStatusListEntry",
      statusPurpose: "revocation",
      statusListIndex: String(status.index),
      statusListCredential: statusListUrl(origin, status.list),
    },
    credentialSchema: [{ id: OB_SCHEMA, type: "1EdTechJsonSchemaValidator2019" }],
  };
}

function jcs(value: unknown): Buffer {
  const text = canonicalize(value);
  if (text === undefined) throw new Error("cannot canonicalize");
  return Buffer.from(text, "utf8");
}

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest();

/** eddsa-jcs-2022 hash data: SHA-256(JCS(proof config)) ‖ SHA-256(JCS(document without proof)). */
function hashData(document: Json, proofConfig: Json): Buffer {
  return Buffer.concat([sha256(jcs(proofConfig)), sha256(jcs(document))]);
}

/** The platform key as a Multikey key pair (with its private half) for the Digital Bazaar signer. */
async function multikeyPair(db: Db, origin: string) {
  const key = getSigningKey(db);
  const jwk = createPrivateKey({ key: key.privateKeyDer, format: "der", type: "pkcs8" }).export({ format: "jwk" });
  return Ed25519Multikey.fromJwk({ jwk: jwk as Json, secretKey: true, id: keyId(origin), controller: issuerDid(origin) });
}

/** The eddsa-rdfc-2022 suite that verifies (no signer: the key comes from the DID document). */
export const verifySuite = () => new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });

// Signing canonicalises the document as RDF (tens of milliseconds); the result depends only on the
// document, the key and the date, so it is kept (ADR 0021). Bounded: oldest entries leave first.
const signedCache = new Map<string, Json>();
const SIGNED_CACHE_SIZE = 500;

/**
 * Adds a DataIntegrityProof (eddsa-rdfc-2022) made with the platform key, created at `created`.
 * Deterministic: Ed25519 signatures over the same canonical document are the same bytes.
 */
export async function signCredential(db: Db, credential: Json, origin: string, created: number): Promise<Json> {
  const key = getSigningKey(db);
  const cacheKey = `${Buffer.from(key.publicKey).toString("base64url")}|${created}|${JSON.stringify(credential)}`;
  const hit = signedCache.get(cacheKey);
  if (hit) return structuredClone(hit);
  const pair = await multikeyPair(db, origin);
  const suite = new DataIntegrityProof({ signer: pair.signer(), cryptosuite: eddsaRdfc2022, date: new Date(created) });
  const signed = await vc.issue({
    credential: structuredClone(credential),
    suite,
    documentLoader: contextLoader,
    now: new Date(Math.max(created, Date.now())),
  });
  if (signedCache.size >= SIGNED_CACHE_SIZE) signedCache.delete(signedCache.keys().next().value!);
  signedCache.set(cacheKey, signed);
  return structuredClone(signed);
}

/**
 * Checks a credential handed out before ADR 0021 (eddsa-jcs-2022, issuer <origin>/issuer) against
 * a Multikey public key. Any change to the document fails it.
 */
export function verifyLegacyCredential(signed: Json, multibaseKey: string): boolean {
  const { proof, ...document } = signed as Json & { proof?: Json };
  if (!proof || proof.type !== "DataIntegrityProof" || proof.cryptosuite !== "eddsa-jcs-2022" || typeof proof.proofValue !== "string") return false;
  const { proofValue, ...config } = proof;
  const signature = (proofValue as string).startsWith("z") ? base58Decode((proofValue as string).slice(1)) : null;
  const key = publicKeyFromMultibase(multibaseKey);
  if (!signature || signature.length !== 64 || !key) return false;
  try {
    return verify(null, hashData(document, { ...config, "@context": document["@context"] }), key, signature);
  } catch {
    return false;
  }
}
