import type { Route } from "./+types/issuer-key";
import { notFound } from "#app/auth/guards.server";
import { KEY_ID, keyDocument } from "#app/certificates/credential.server";
import { publicOrigin } from "#app/env.server";
import { getDb } from "#app/db.server";

/** The public key that verifies every credential's proof, as a Multikey document. Stable URL. */
export function loader({ params }: Route.LoaderArgs) {
  if (params.id !== String(KEY_ID)) notFound();
  return new Response(JSON.stringify(keyDocument(getDb(), publicOrigin()), null, 2), {
    headers: { "Content-Type": "application/ld+json; charset=utf-8", "Cache-Control": "public, max-age=3600" },
  });
}
