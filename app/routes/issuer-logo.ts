import { organisationLogo } from "#app/certificates/organisation.server";
import { getDb } from "#app/db.server";

/**
 * The issuing organisation's logo, named as the `image` of the issuer profile in every credential and
 * at /issuer (ADR 0022). Public, like the profile; the address carries the logo's date, so it may be
 * cached for long.
 */
export function loader() {
  const logo = organisationLogo(getDb());
  if (!logo) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(new Uint8Array(logo.bytes), {
    headers: {
      "Content-Type": logo.type === "png" ? "image/png" : "image/jpeg",
      "Cache-Control": "public, max-age=86400",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
