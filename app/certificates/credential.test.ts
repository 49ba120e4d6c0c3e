import fs from "node:fs";
import { createHash, createPrivateKey, generateKeyPairSync, sign } from "node:crypto";
import * as vc from "@digitalbazaar/vc";
import { decodeList } from "@digitalbazaar/vc-bitstring-status-list";
import Ajv2019 from "ajv/dist/2019";
import addFormats from "ajv-formats";
import canonicalize from "canonicalize";
import { base58 } from "@scure/base";
import { describe, expect, it } from "vitest";
import { createTestDb, insertUser } from "#tests/helpers/db";
import type { Db } from "#db/client";
import { issueCertificate, reissueCertificate, revokeCertificate } from "./certificates.server";
import { contextLoader } from "./contexts.server";
import {
  buildCredential,
  didDocument,
  getSigningKey,
  issuerDid,
  issuerProfile,
  keyId,
  legacyIssuerId,
  legacyKeyId,
  publicKeyMultibase,
  signCredential,
  verifyLegacyCredential,
  verifySuite,
} from "./credential.server";
import { getOrganisation } from "./organisation.server";
import { signedCredentialFor } from "./present.server";
import { ensureStatusEntry, STATUS_LIST_SIZE } from "./status-entry.server";
import { STATUS_LIST_WINDOW_MS, statusListCredential } from "./status-list.server";
import { checkCredential, platformDocumentLoader, revocationCheck } from "./verification.server";

// A hand-written SUBSET of the official OB 3.0 AchievementCredential schema: no npm package
// publishes the official file (ADR 0021), so the subset is what the tests can validate against.
const schema = JSON.parse(fs.readFileSync("tests/fixtures/openbadges/ob_v3p0_achievementcredential_schema.json", "utf8"));
const ajv = new Ajv2019({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);
const ORIGIN = "https://campus.example.org";
const NOW = Date.UTC(2026, 10, 22);

const achievement = {
  slug: "shp-foundations",
  title: "Social health protection: foundations",
  description: "Why social health protection matters.",
  criteria: "Complete every lesson and pass the final assessment (70%).",
};

async function signedFixture() {
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
  const entry = ensureStatusEntry(db, certificate);
  const unsigned = buildCredential(certificate, achievement, ORIGIN, getOrganisation(db, ORIGIN), entry);
  const signed = await signCredential(db, unsigned, ORIGIN, certificate.issuedAt);
  return { db, user, certificate, unsigned, signed, entry };
}

/** @digitalbazaar/vc's own verification: the signature (via our DID), then the revocation status. */
function verifyWithLibrary(db: Db, credential: Record<string, unknown>, now = NOW) {
  return vc.verifyCredential({
    credential,
    suite: verifySuite(),
    documentLoader: platformDocumentLoader(db, ORIGIN),
    checkStatus: revocationCheck(db, ORIGIN),
    now: new Date(now),
  });
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

describe("Open Badges 3.0 credential (eddsa-rdfc-2022, did:web, Bitstring Status List)", () => {
  it("validates against the OB 3.0 AchievementCredential schema (subset), signed and unsigned", async () => {
    const { unsigned, signed, entry } = await signedFixture();
    expect(validate(unsigned), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(signed), JSON.stringify(validate.errors)).toBe(true);
    expect(signed).toMatchObject({
      type: ["VerifiableCredential", "OpenBadgeCredential"],
      issuer: { id: "did:web:campus.example.org", type: ["Profile"], name: "SHP Campus", url: ORIGIN },
      credentialSubject: {
        type: ["AchievementSubject"],
        identifier: [{ identityType: "name", identityHash: "ສົມສະໄໝ ພົມມະຈັນ", hashed: false }],
        achievement: { type: ["Achievement"] },
      },
      credentialStatus: {
        type: "BitstringStatusListEntry",
        statusPurpose: "revocation",
        statusListIndex: String(entry.index),
        statusListCredential: `${ORIGIN}/credentials/status/1`,
      },
      credentialSchema: [{ id: "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json" }],
      proof: {
        type: "DataIntegrityProof",
        cryptosuite: "eddsa-rdfc-2022",
        verificationMethod: "did:web:campus.example.org#key-1",
        proofPurpose: "assertionMethod",
      },
    });
  });

  it("the schema is not a rubber stamp: it rejects credentials that break the spec", async () => {
    const { unsigned } = await signedFixture();
    const { validFrom: _drop, ...noDate } = unsigned;
    expect(validate(noDate)).toBe(false);
    expect(validate({ ...unsigned, type: ["VerifiableCredential"] })).toBe(false);
    const extra = structuredClone(unsigned) as { credentialSubject: Record<string, unknown> };
    extra.credentialSubject.holderName = "not an OB 3.0 property";
    expect(validate(extra)).toBe(false);
    expect(validate({ ...unsigned, validFrom: "21 November 2026" })).toBe(false);
  });

  it("verifies with @digitalbazaar/vc: signature through the did:web document, then status", async () => {
    const { db, signed } = await signedFixture();
    const result = await verifyWithLibrary(db, signed);
    expect(result.error, String(result.error?.errors?.map((e) => e.message) ?? result.error)).toBeUndefined();
    expect(result.verified).toBe(true);
    expect(result.statusResult?.verified).toBe(true);
    const checked = await checkCredential(db, ORIGIN, signed, NOW);
    expect(checked.checks.map((c) => [c.name, c.state])).toEqual([
      ["issuer", "pass"],
      ["signature", "pass"],
      ["status", "pass"],
      ["dates", "pass"],
    ]);
    expect(checked.ok).toBe(true);
  });

  it("after revocation the status check fails, and the list shows the bit", async () => {
    const { db, user, certificate, signed, entry } = await signedFixture();
    expect((await verifyWithLibrary(db, signed)).verified).toBe(true);
    expect(revokeCertificate(db, user, certificate.code, "issued in error").ok).toBe(true);
    const result = await verifyWithLibrary(db, signed);
    expect(result.verified).toBe(false);
    expect(result.statusResult?.verified).toBe(false);
    const checked = await checkCredential(db, ORIGIN, signed, NOW);
    expect(checked.ok).toBe(false);
    expect(checked.checks.find((c) => c.name === "signature")?.state).toBe("pass");
    expect(checked.checks.find((c) => c.name === "status")).toMatchObject({ state: "fail", reason: "revoked" });
    const list = await statusListCredential(db, ORIGIN, 1, NOW);
    const bits = await decodeList({ encodedList: (list!.credential.credentialSubject as { encodedList: string }).encodedList });
    expect(bits.getStatus(entry.index)).toBe(true);
  });

  it("a replaced certificate's credential is revoked in the list; its successor's is not", async () => {
    const { db, user, certificate, signed } = await signedFixture();
    const r = reissueCertificate(db, user, certificate.code, "Somsamai Phommachan");
    expect(r.ok).toBe(true);
    expect((await checkCredential(db, ORIGIN, signed, NOW)).checks.find((c) => c.name === "status")?.reason).toBe("revoked");
    const successor = await signedCredentialFor(db, r.ok ? r.certificate : certificate, ORIGIN);
    expect((await verifyWithLibrary(db, successor, Date.now())).verified).toBe(true);
  });

  it("tampering with any field (name, course, date, issuer, status entry…) fails verification", async () => {
    const { db, signed } = await signedFixture();
    const named = [
      ["credentialSubject", "identifier", 0, "identityHash"],
      ["credentialSubject", "achievement", "name"],
      ["validFrom"],
      ["awardedDate"],
      ["issuer", "name"],
      ["credentialStatus", "statusListIndex"],
    ];
    for (const p of named) expect((await verifyWithLibrary(db, tampered(signed, p))).verified, `changed ${p.join(".")}`).toBe(false);
    const paths = leafPaths(signed).filter((p) => p[0] !== "proof" && p[0] !== "@context");
    expect(paths.length).toBeGreaterThan(20);
    for (const p of paths) expect((await verifyWithLibrary(db, tampered(signed, p))).verified, `changed ${p.join(".")}`).toBe(false);
    // Adding a field, removing one, or changing the proof value also fails.
    expect((await verifyWithLibrary(db, { ...signed, extra: 1 })).verified).toBe(false);
    const { awardedDate: _a, ...removed } = signed;
    expect((await verifyWithLibrary(db, removed)).verified).toBe(false);
    expect((await verifyWithLibrary(db, tampered(signed, ["proof", "proofValue"]))).verified).toBe(false);
    // The server's own check says which part failed.
    const checked = await checkCredential(db, ORIGIN, tampered(signed, ["credentialSubject", "identifier", 0, "identityHash"]), NOW);
    expect(checked.checks.find((c) => c.name === "signature")).toMatchObject({ state: "fail", reason: "signatureInvalid" });
  });

  it("the status list credential verifies on its own: signed, ≥131,072 entries, gzip + multibase, validity window", async () => {
    const { db } = await signedFixture();
    const list = (await statusListCredential(db, ORIGIN, 1, NOW))!;
    const c = list.credential as Record<string, unknown> & { credentialSubject: { encodedList: string; statusPurpose: string; type: string } };
    expect(c).toMatchObject({
      id: `${ORIGIN}/credentials/status/1`,
      type: ["VerifiableCredential", "BitstringStatusListCredential"],
      issuer: issuerDid(ORIGIN),
      credentialSubject: { type: "BitstringStatusList", statusPurpose: "revocation" },
    });
    expect(c.credentialSubject.encodedList.startsWith("u")).toBe(true);
    const bits = await decodeList({ encodedList: c.credentialSubject.encodedList });
    expect(bits.length).toBeGreaterThanOrEqual(131_072);
    expect(Date.parse(c.validUntil as string) - Date.parse(c.validFrom as string)).toBe(STATUS_LIST_WINDOW_MS);
    const result = await vc.verifyCredential({ credential: c, suite: verifySuite(), documentLoader: platformDocumentLoader(db, ORIGIN), now: new Date(NOW) });
    expect(result.verified).toBe(true);
    // Tampering with the list breaks its signature.
    const flipped = structuredClone(c);
    const encoded = flipped.credentialSubject.encodedList;
    flipped.credentialSubject.encodedList = `${encoded.slice(0, 20)}${encoded[20] === "A" ? "B" : "A"}${encoded.slice(21)}`;
    expect(
      (await vc.verifyCredential({ credential: flipped, suite: verifySuite(), documentLoader: platformDocumentLoader(db, ORIGIN), now: new Date(NOW) }))
        .verified,
    ).toBe(false);
  });

  it("the status list is re-signed once older than half its window, and not before", async () => {
    const { db } = await signedFixture();
    const first = (await statusListCredential(db, ORIGIN, 1, NOW))!;
    const soon = (await statusListCredential(db, ORIGIN, 1, NOW + STATUS_LIST_WINDOW_MS / 2 - 1000))!;
    expect(soon.credential.validFrom).toBe(first.credential.validFrom);
    const later = NOW + STATUS_LIST_WINDOW_MS / 2 + 1000;
    const renewed = (await statusListCredential(db, ORIGIN, 1, later))!;
    expect(Date.parse(renewed.credential.validUntil as string)).toBeGreaterThan(later + STATUS_LIST_WINDOW_MS / 2);
    expect(await statusListCredential(db, ORIGIN, 2, NOW)).toBeNull();
  });

  it("status positions are random, unique and stored with the certificate", async () => {
    const db = createTestDb();
    const seen = new Set<number>();
    for (let i = 0; i < 30; i++) {
      const u = insertUser(db);
      const { certificate } = issueCertificate(db, {
        userId: u.id,
        courseSlug: "shp-foundations",
        holderName: u.name,
        locale: "en",
        achievedOn: NOW,
        now: NOW,
      });
      expect(certificate.statusList).toBe(1);
      expect(certificate.statusIndex).toBeGreaterThanOrEqual(0);
      expect(certificate.statusIndex).toBeLessThan(STATUS_LIST_SIZE);
      seen.add(certificate.statusIndex!);
      expect(ensureStatusEntry(db, certificate)).toEqual({ list: 1, index: certificate.statusIndex });
    }
    expect(seen.size).toBe(30);
    // Not handed out in order.
    const sorted = [...seen].sort((a, b) => a - b);
    expect([...seen]).not.toEqual(sorted);
  });

  it("the document loader serves bundled contexts and our own DID, and refuses every other URL", async () => {
    const { db, signed } = await signedFixture();
    const load = platformDocumentLoader(db, ORIGIN);
    expect((await load("https://www.w3.org/ns/credentials/v2")).document).toBeTruthy();
    expect((await load("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json")).document).toBeTruthy();
    expect((await load(issuerDid(ORIGIN))).document).toMatchObject({ assertionMethod: [keyId(ORIGIN)] });
    for (const url of [
      "https://evil.example/status/1",
      "did:web:evil.example",
      `${ORIGIN}/credentials/status/x`,
      "http://169.254.169.254/latest",
      "file:///etc/passwd",
    ])
      await expect(load(url), url).rejects.toThrow(/Not resolvable/);
    await expect(contextLoader(issuerDid(ORIGIN))).rejects.toThrow(/Not resolvable/);
    // A credential from another issuer is not checked here; one pointing at a foreign status list fails.
    const foreign = await checkCredential(db, ORIGIN, { ...signed, issuer: { id: "did:web:evil.example", type: ["Profile"], name: "X" } }, NOW);
    expect(foreign.checks[0]).toMatchObject({ name: "issuer", state: "fail", reason: "unknownIssuer" });
    expect(foreign.ok).toBe(false);
    const elsewhere = structuredClone(signed) as { credentialStatus: Record<string, string> };
    elsewhere.credentialStatus.statusListCredential = "https://evil.example/status/1";
    expect((await checkCredential(db, ORIGIN, elsewhere, NOW)).ok).toBe(false);
    expect((await checkCredential(db, ORIGIN, "not an object", NOW)).ok).toBe(false);
  });

  it("did:web for the origin, with the key as a Multikey for assertions; the profile names the organisation", () => {
    const db = createTestDb();
    expect(issuerDid("http://localhost:3201")).toBe("did:web:localhost%3A3201");
    const doc = didDocument(db, ORIGIN);
    expect(doc).toMatchObject({ id: "did:web:campus.example.org", assertionMethod: ["did:web:campus.example.org#key-1"] });
    expect(doc.verificationMethod[0]).toMatchObject({ type: "Multikey", controller: "did:web:campus.example.org" });
    expect(doc.verificationMethod[0]!.publicKeyMultibase).toMatch(/^z6Mk/);
    expect(getSigningKey(db).publicKey).toEqual(getSigningKey(db).publicKey);
    expect(issuerProfile({ name: "Ministry of Labour", url: ORIGIN, email: "certs@example.org", logoUrl: null }, ORIGIN)).toMatchObject({
      id: "did:web:campus.example.org",
      type: ["Profile"],
      name: "Ministry of Labour",
      url: ORIGIN,
      email: "certs@example.org",
    });
  });

  it("is deterministic: the same certificate gives the same signed credential", async () => {
    const { db, certificate } = await signedFixture();
    const first = await signedCredentialFor(db, certificate, ORIGIN);
    expect(await signedCredentialFor(db, certificate, ORIGIN)).toEqual(first);
    expect((await verifyWithLibrary(db, first)).verified).toBe(true);
  });

  it("credentials handed out before ADR 0021 (eddsa-jcs-2022, issuer /issuer) still verify, and follow revocation", async () => {
    const { db, user, certificate, unsigned } = await signedFixture();
    // The old format, signed as the platform did before (JCS hash of proof config ‖ document).
    const { credentialStatus: _s, ...rest } = unsigned;
    const old: Record<string, unknown> = { ...rest, issuer: { id: legacyIssuerId(ORIGIN), type: ["Profile"], name: "SHP Campus", url: ORIGIN } };
    const proof = {
      type: "DataIntegrityProof",
      cryptosuite: "eddsa-jcs-2022",
      created: "2026-11-21T00:00:00Z",
      verificationMethod: legacyKeyId(ORIGIN),
      proofPurpose: "assertionMethod",
    };
    const h = (v: unknown) => createHash("sha256").update(canonicalize(v)!).digest();
    const data = Buffer.concat([h({ ...proof, "@context": old["@context"] }), h(old)]);
    const key = createPrivateKey({ key: getSigningKey(db).privateKeyDer, format: "der", type: "pkcs8" });
    const legacy = { ...old, proof: { ...proof, proofValue: `z${base58.encode(sign(null, data, key))}` } };
    expect(verifyLegacyCredential(legacy, publicKeyMultibase(getSigningKey(db).publicKey))).toBe(true);
    const other = generateKeyPairSync("ed25519").publicKey.export({ format: "jwk" }).x!;
    expect(verifyLegacyCredential(legacy, publicKeyMultibase(Buffer.from(other, "base64url")))).toBe(false);
    const ok = await checkCredential(db, ORIGIN, legacy, NOW);
    expect(ok).toMatchObject({ ok: true, format: "legacy" });
    expect((await checkCredential(db, ORIGIN, tampered(legacy, ["credentialSubject", "achievement", "name"]), NOW)).ok).toBe(false);
    revokeCertificate(db, user, certificate.code, "issued in error");
    expect((await checkCredential(db, ORIGIN, legacy, NOW)).checks.find((c) => c.name === "status")).toMatchObject({ state: "fail", reason: "revoked" });
  });
});
