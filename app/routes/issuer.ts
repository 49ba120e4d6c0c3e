import { issuerProfile } from "#app/certificates/credential.server";
import { publicOrigin } from "#app/env.server";

/** The issuer's Open Badges 3.0 Profile (JSON-LD), referenced by every credential. */
export function loader() {
  return new Response(JSON.stringify(issuerProfile(publicOrigin()), null, 2), {
    headers: { "Content-Type": "application/ld+json; charset=utf-8", "Cache-Control": "public, max-age=3600" },
  });
}
