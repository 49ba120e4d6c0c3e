import fs from "node:fs";
import { generateKeyPairSync } from "node:crypto";
import Ajv2019 from "ajv/dist/2019";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { createTestDb, insertUser } from "#tests/helpers/db";
import { issueCertificate } from "./certificates.server";
import { buildCredential, getSigningKey, issuerProfile, keyDocument, publicKeyMultibase, signCredential, verifyCredential } from "./credential.server";

const schema = JSON.parse(fs.readFileSync("tests/fixtures/openbadges/ob_v3p0_achievementcredential_schema.json", "utf8"));
const ajv = new Ajv2019({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);
const ORIGIN = "https://campus.example.org";

function signedFixture() {
  const db = createTestDb();
  const user = insertUser(db, { name: "ສົມສະໄໝ ພົມມະຈັນ", locale: "lo" });
  const { certificate } = issueCertificate(db, {
    userId: user.id,
    courseSlug: "shp-foundations",
    holderName: user.name,
    locale: "lo",
    achievedOn: Date.UTC(2026, 10, 20),
    now: Date.UTC(2026, 10, 21),
  });
  const achievement = {
    slug: "shp-foundations",
    title: "Social health protection: foundations",
    description: "Why social health protection matters.",
    criteria: "Complete every lesson and pass the final assessment (70%).",
  };
  const unsigned = buildCredential(certificate, achievement, ORIGIN);
  const signed = signCredential(db, unsigned, ORIGIN, certificate.issuedAt);
  return { db, certificate, unsigned, signed, key: keyDocument(db, ORIGIN) };
}

/** Every leaf of a JSON value as a path, so each can be tampered with in turn. */
function leafPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leafPaths(v, [...path, i]));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...path, k]));
  return [path];
}

function tampered(doc: unknown, path: (string | number)[]): Record<string, unknown> {
  const copy = structuredClone(doc) as Record<string, unknown>;
  let node: Record<string | number, unknown> = copy;
  for (const p of path.slice(0, -1)) node = node[p] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  const v = node[last];
  node[last] = typeof v === "string" ? `${v}x` : typeof v === "boolean" ? !v : typeof v === "number" ? v + 1 : "changed";
  return copy;
}

describe("Open Badges 3.0 credential", () => {
  it("validates against the OB 3.0 AchievementCredential JSON schema, signed and unsigned", () => {
    const { unsigned, signed } = signedFixture();
    expect(validate(unsigned), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(signed), JSON.stringify(validate.errors)).toBe(true);
    expect(signed).toMatchObject({
      type: ["VerifiableCredential", "OpenBadgeCredential"],
      credentialSubject: {
        type: ["AchievementSubject"],
        identifier: [{ identityType: "name", identityHash: "ສົມສະໄໝ ພົມມະຈັນ", hashed: false }],
        achievement: { type: ["Achievement"] },
      },
      proof: { type: "DataIntegrityProof", cryptosuite: "eddsa-jcs-2022", verificationMethod: `${ORIGIN}/issuer/keys/1`, proofPurpose: "assertionMethod" },
    });
  });

  it("the schema is not a rubber stamp: it rejects credentials that break the spec", () => {
    const { unsigned } = signedFixture();
    const { validFrom: _drop, ...noDate } = unsigned;
    expect(validate(noDate)).toBe(false);
    expect(validate({ ...unsigned, type: ["VerifiableCredential"] })).toBe(false);
    const extra = structuredClone(unsigned) as { credentialSubject: Record<string, unknown> };
    extra.credentialSubject.holderName = "not an OB 3.0 property";
    expect(validate(extra)).toBe(false);
    expect(validate({ ...unsigned, validFrom: "21 November 2026" })).toBe(false);
  });

  it("verifies with the published Multikey, and changing any field breaks the signature", () => {
    const { signed, key } = signedFixture();
    expect(key).toMatchObject({ type: "Multikey", id: `${ORIGIN}/issuer/keys/1`, controller: `${ORIGIN}/issuer` });
    expect(key.publicKeyMultibase).toMatch(/^z6Mk/);
    expect(verifyCredential(signed, key.publicKeyMultibase)).toBe(true);
    const paths = leafPaths(signed).filter((p) => !(p[0] === "proof" && p[1] === "proofValue"));
    expect(paths.length).toBeGreaterThan(20);
    for (const p of paths) expect(verifyCredential(tampered(signed, p), key.publicKeyMultibase), `changed ${p.join(".")}`).toBe(false);
    // Adding a field, removing one, or swapping the proof value also fails.
    expect(verifyCredential({ ...signed, extra: 1 }, key.publicKeyMultibase)).toBe(false);
    const { awardedDate: _a, ...removed } = signed;
    expect(verifyCredential(removed, key.publicKeyMultibase)).toBe(false);
    expect(verifyCredential(tampered(signed, ["proof", "proofValue"]), key.publicKeyMultibase)).toBe(false);
  });

  it("does not verify with another key", () => {
    const { signed } = signedFixture();
    const other = generateKeyPairSync("ed25519").publicKey.export({ format: "jwk" }).x!;
    expect(verifyCredential(signed, publicKeyMultibase(Buffer.from(other, "base64url")))).toBe(false);
  });

  it("is deterministic and keeps one key per platform", () => {
    const { db, certificate, signed } = signedFixture();
    expect(getSigningKey(db).publicKey).toEqual(getSigningKey(db).publicKey);
    const again = signCredential(
      db,
      buildCredential(
        certificate,
        {
          slug: "shp-foundations",
          title: "Social health protection: foundations",
          description: "Why social health protection matters.",
          criteria: "Complete every lesson and pass the final assessment (70%).",
        },
        ORIGIN,
      ),
      ORIGIN,
      certificate.issuedAt,
    );
    expect(again).toEqual(signed);
    expect(issuerProfile(ORIGIN)).toMatchObject({ id: `${ORIGIN}/issuer`, type: ["Profile"], name: "SHP Campus" });
  });
});
