import type { Route } from "./+types/issuer-key";
import { notFound } from "#app/auth/guards.server";
import { KEY_ID, legacyKeyDocument } from "#app/certificates/credential.server";
import { publicOrigin } from "#app/env.server";
import { getDb } from "#app/db.server";

/**
 * The public key as a Multikey document under the pre-ADR-0021 issuer: credentials handed out
 * before then name it as their key. New ones name the key in /.well-known/did.json. Stable URL.
 */
export function loader({ params }: Route.LoaderArgs) {
  if (params.id !== String(KEY_ID)) notFound();
  return new Response(JSON.stringify(legacyKeyDocument(getDb(), publicOrigin()), null, 2), {
    headers: { "Content-Type": "application/ld+json; charset=utf-8", "Cache-Control": "public, max-age=3600" },
  });
}
