import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from "node:crypto";
import canonicalize from "canonicalize";
import { eq } from "drizzle-orm";
import type { Db } from "#db/client";
import { signingKeys, type Certificate } from "#db/schema";
import { base58 } from "@scure/base";
import { ISSUER_NAME } from "./issuer";

/**
 * Open Badges 3.0 credentials (W3C Verifiable Credentials 2.0) signed with the platform's Ed25519
 * key as a Data Integrity proof, cryptosuite eddsa-jcs-2022 (JSON Canonicalization Scheme, RFC 8785).
 * The key is created on first use and kept in the database; the private half never leaves it.
 */

export const VC_CONTEXT = "https://www.w3.org/ns/credentials/v2";
export const OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
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

export const issuerId = (origin: string) => `${origin}/issuer`;
export const keyId = (origin: string) => `${origin}/issuer/keys/${KEY_ID}`;

/** The issuer's Open Badges Profile, served at /issuer. */
export function issuerProfile(origin: string) {
  return {
    "@context": [VC_CONTEXT, OB_CONTEXT],
    id: issuerId(origin),
    type: ["Profile"],
    name: ISSUER_NAME,
    url: origin,
    description: "An open-source learning platform for capacity building in social health protection.",
  };
}

/** The public key as a Multikey document, served at /issuer/keys/1. */
export function keyDocument(db: Db, origin: string) {
  return {
    "@context": "https://w3id.org/security/multikey/v1",
    id: keyId(origin),
    type: "Multikey",
    controller: issuerId(origin),
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
export function buildCredential(cert: Certificate, achievement: AchievementInfo, origin: string): Json {
  const kindName = cert.kind === "completion" ? "Certificate of completion" : "Certificate of participation";
  return {
    "@context": [VC_CONTEXT, OB_CONTEXT],
    id: `${origin}/certificates/${cert.code}.json`,
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    name: `${kindName}: ${achievement.title}`,
    description: `Verify at ${origin}/verify/${cert.code}`,
    issuer: { id: issuerId(origin), type: ["Profile"], name: ISSUER_NAME, url: origin },
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

/** Adds a DataIntegrityProof (eddsa-jcs-2022) made with the platform key. */
export function signCredential(db: Db, credential: Json, origin: string, created: number): Json {
  const key = getSigningKey(db);
  const proof = {
    type: "DataIntegrityProof",
    cryptosuite: "eddsa-jcs-2022",
    created: iso(created),
    verificationMethod: keyId(origin),
    proofPurpose: "assertionMethod",
  };
  const data = hashData(credential, { ...proof, "@context": credential["@context"] });
  const signature = sign(null, data, createPrivateKey({ key: key.privateKeyDer, format: "der", type: "pkcs8" }));
  return { ...credential, proof: { ...proof, proofValue: `z${base58Encode(signature)}` } };
}

/** Checks an eddsa-jcs-2022 proof against a Multikey public key. Any change to the document fails it. */
export function verifyCredential(signed: Json, multibaseKey: string): boolean {
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
