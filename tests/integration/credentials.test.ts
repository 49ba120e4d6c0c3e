/**
 * The action tier for credentials (ADR 0021): the signed Open Badge download, the DID document, the
 * status list, the verify page's server-side checks and "verify this file", called as React Router
 * calls them against a real SQLite file.
 */
import { decodeList } from "@digitalbazaar/vc-bitstring-status-list";
import { describe, expect, it } from "vitest";
import { getDb } from "#app/db.server";
import { publicOrigin } from "#app/env.server";
import { issueCertificate, revokeCertificate } from "#app/certificates/certificates.server";
import { issuerDid } from "#app/certificates/credential.server";
import { insertUser } from "#tests/helpers/db";
import { callAction, callLoader, formOf } from "#tests/helpers/route";
import * as certificateFile from "#app/routes/certificate-file";
import * as credentialStatus from "#app/routes/credential-status";
import * as didJson from "#app/routes/did-json";
import * as issuer from "#app/routes/issuer";
import * as verifyCertificate from "#app/routes/verify-certificate";
import * as verifyFile from "#app/routes/verify-file";

type Check = { name: string; state: string; reason: string };
type FileResult = { formError: string | null; result?: { ok: boolean; checks: Check[]; said: { holder: string | null; achievement: string | null } | null } };

function issued(name = "ສົມສະໄໝ ພົມມະຈັນ") {
  const db = getDb();
  const user = insertUser(db, { name, locale: "lo" });
  const { certificate } = issueCertificate(db, {
    userId: user.id,
    courseSlug: "shp-foundations",
    holderName: name,
    locale: "lo",
    achievedOn: Date.now() - 86_400_000,
  });
  return { user, certificate };
}

async function downloadCredential(code: string) {
  const res = await callLoader(certificateFile, { user: null, url: `/certificates/${code}.json`, params: { file: `${code}.json` } });
  expect(res.status).toBe(200);
  return JSON.parse(res.body!) as Record<string, unknown>;
}

const states = (checks: Check[] | null | undefined) => Object.fromEntries((checks ?? []).map((c) => [c.name, c.state]));

describe("verify this file (paste or upload), checked on the server", () => {
  it("a downloaded credential passes every check, pasted or uploaded", async () => {
    const { certificate } = issued();
    const credential = await downloadCredential(certificate.code);
    const pasted = await callAction(verifyFile, { user: null, url: "/verify/file", form: formOf({ json: JSON.stringify(credential) }) });
    expect(pasted.status).toBe(200);
    const r = (pasted.data as FileResult).result!;
    expect(states(r.checks)).toEqual({ issuer: "pass", signature: "pass", status: "pass", dates: "pass" });
    expect(r.ok).toBe(true);
    expect(r.said).toMatchObject({ holder: "ສົມສະໄໝ ພົມມະຈັນ", achievement: expect.any(String) });

    const form = new FormData();
    form.append("json", "");
    form.append("file", new Blob([JSON.stringify(credential)], { type: "application/json" }), "certificate.json");
    const uploaded = await callAction(verifyFile, { user: null, url: "/verify/file", form });
    expect((uploaded.data as FileResult).result!.ok).toBe(true);
  });

  it("a tampered credential fails the signature check and says nothing about its content", async () => {
    const { certificate } = issued();
    const credential = (await downloadCredential(certificate.code)) as { credentialSubject: { identifier: { identityHash: string }[] } };
    credential.credentialSubject.identifier[0]!.identityHash = "Someone Else";
    const r = ((await callAction(verifyFile, { user: null, url: "/verify/file", form: formOf({ json: JSON.stringify(credential) }) })).data as FileResult)
      .result!;
    expect(states(r.checks)).toMatchObject({ issuer: "pass", signature: "fail", status: "skipped" });
    expect(r.ok).toBe(false);
    expect(r.said).toBeNull();
  });

  it("after revocation the file fails the status check", async () => {
    const { user, certificate } = issued();
    const credential = await downloadCredential(certificate.code);
    expect(revokeCertificate(getDb(), user, certificate.code, "issued in error").ok).toBe(true);
    const r = ((await callAction(verifyFile, { user: null, url: "/verify/file", form: formOf({ json: JSON.stringify(credential) }) })).data as FileResult)
      .result!;
    expect(r.checks.find((c) => c.name === "status")).toMatchObject({ state: "fail", reason: "revoked" });
  });

  it("bad, empty, huge or foreign input gives a translated error or a failed check, never a 500", async () => {
    const post = (form: FormData, lng = "en") => callAction(verifyFile, { user: null, url: "/verify/file", form, lng });
    const notJson = await post(formOf({ json: "{ not json" }));
    expect(notJson.status).toBe(400);
    expect((notJson.data as FileResult).formError).toBe("This is not a credential file: it is not valid JSON.");
    const lao = await post(formOf({ json: "{ not json" }), "lo");
    expect((lao.data as FileResult).formError).toMatch(/JSON/);
    expect((lao.data as FileResult).formError).not.toBe((notJson.data as FileResult).formError);
    expect((await post(formOf({ json: "   " }))).status).toBe(400);
    const huge = await post(formOf({ json: JSON.stringify({ padding: "x".repeat(300 * 1024) }) }));
    expect(huge.status).toBe(413);
    expect((huge.data as FileResult).formError).toContain("256 KB");
    for (const json of [
      "null",
      "42",
      '"text"',
      "[]",
      JSON.stringify({ issuer: "did:web:evil.example", proof: { verificationMethod: "did:web:evil.example#k" } }),
    ]) {
      const r = await post(formOf({ json }));
      expect(r.status, json).toBe(200);
      expect((r.data as FileResult).result!.checks[0], json).toMatchObject({ name: "issuer", state: "fail", reason: "unknownIssuer" });
    }
    // Our issuer, but a status list elsewhere: nothing is fetched, the check fails.
    const { certificate } = issued();
    const credential = (await downloadCredential(certificate.code)) as { credentialStatus: Record<string, string> };
    credential.credentialStatus.statusListCredential = "https://evil.example/status/1";
    expect(((await post(formOf({ json: JSON.stringify(credential) }))).data as FileResult).result!.ok).toBe(false);
  });
});

describe("the verify page runs the full check on the server", () => {
  it("shows each check passing, and the status check failing once revoked", async () => {
    const { user, certificate } = issued();
    const before = await callLoader(verifyCertificate, { user: null, url: `/verify/${certificate.code}`, params: { code: certificate.code } });
    expect(before.status).toBe(200);
    expect(states((before.data as { checks: Check[] }).checks)).toEqual({ issuer: "pass", signature: "pass", status: "pass", dates: "pass" });
    revokeCertificate(getDb(), user, certificate.code, "issued in error");
    const after = await callLoader(verifyCertificate, { user: null, url: `/verify/${certificate.code}`, params: { code: certificate.code } });
    expect(states((after.data as { checks: Check[] }).checks)).toMatchObject({ signature: "pass", status: "fail" });
  });
});

describe("issuer, DID document and status list", () => {
  it("serve the did:web document, the profile at /issuer, and a signed list that shows a revocation at once", async () => {
    const origin = publicOrigin();
    const did = JSON.parse((await callLoader(didJson, { user: null, url: "/.well-known/did.json" })).body!);
    expect(did).toMatchObject({ id: issuerDid(origin), assertionMethod: [`${issuerDid(origin)}#key-1`] });
    const profile = JSON.parse((await callLoader(issuer, { user: null, url: "/issuer" })).body!);
    expect(profile).toMatchObject({ id: issuerDid(origin), type: ["Profile"], url: origin, name: expect.any(String) });

    const { user, certificate } = issued();
    const index = certificate.statusIndex!;
    const list = async () => {
      const res = await callLoader(credentialStatus, { user: null, url: "/credentials/status/1", params: { list: "1" } });
      expect(res.status).toBe(200);
      const c = JSON.parse(res.body!) as { credentialSubject: { encodedList: string }; proof: { cryptosuite: string } };
      expect(c.proof.cryptosuite).toBe("eddsa-rdfc-2022");
      return decodeList({ encodedList: c.credentialSubject.encodedList });
    };
    expect((await list()).getStatus(index)).toBe(false);
    revokeCertificate(getDb(), user, certificate.code, "issued in error");
    expect((await list()).getStatus(index)).toBe(true);
    for (const bad of ["0", "2x", "999999", "-1"])
      expect((await callLoader(credentialStatus, { user: null, url: `/credentials/status/${bad}`, params: { list: bad } })).status, bad).toBe(404);
  });
});
