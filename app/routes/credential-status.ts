import type { Route } from "./+types/credential-status";
import { statusListCredential } from "#app/certificates/status-list.server";
import { getDb } from "#app/db.server";
import { publicOrigin } from "#app/env.server";

/**
 * The signed revocation list (BitstringStatusListCredential) that every credential points at.
 * Public and stable; re-signed when a certificate is revoked and before its validity window lapses.
 * Clients revalidate on every use (no-cache, with an ETag), so a revocation shows at once (ADR 0021).
 */
export async function loader({ params, request }: Route.LoaderArgs) {
  const list = /^[1-9]\d{0,5}$/.test(params.list) ? Number(params.list) : 0;
  const signed = list ? await statusListCredential(getDb(), publicOrigin(), list) : null;
  if (!signed) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const headers = {
    "Cache-Control": "no-cache",
    ETag: signed.etag,
    "Access-Control-Allow-Origin": "*",
  };
  if (request.headers.get("If-None-Match") === signed.etag) return new Response(null, { status: 304, headers });
  return new Response(JSON.stringify(signed.credential, null, 2), {
    headers: { ...headers, "Content-Type": "application/vc+ld+json; charset=utf-8" },
  });
}
