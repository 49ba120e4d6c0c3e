import { issuerProfile } from "#app/certificates/credential.server";
import { getOrganisation } from "#app/certificates/organisation.server";
import { getDb } from "#app/db.server";
import { publicOrigin } from "#app/env.server";

/**
 * The issuer's Open Badges 3.0 Profile (JSON-LD): name, web address, contact. Its id is the
 * platform's did:web (ADR 0021); credentials handed out before that named this URL as issuer, so it stays.
 */
export function loader() {
  const origin = publicOrigin();
  return new Response(JSON.stringify(issuerProfile(getOrganisation(getDb(), origin), origin), null, 2), {
    headers: { "Content-Type": "application/ld+json; charset=utf-8", "Cache-Control": "public, max-age=300" },
  });
}
