import { didDocument } from "#app/certificates/credential.server";
import { getDb } from "#app/db.server";
import { publicOrigin } from "#app/env.server";

/** The issuer's did:web DID document: the Multikey that signs credentials, for assertions (ADR 0021). */
export function loader() {
  return new Response(JSON.stringify(didDocument(getDb(), publicOrigin()), null, 2), {
    headers: { "Content-Type": "application/did+ld+json; charset=utf-8", "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" },
  });
}
