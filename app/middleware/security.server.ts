import { data, type MiddlewareFunction } from "react-router";
import { publicOrigin } from "#app/env.server";

/**
 * Whether the request came over HTTPS. The request's URL carries Express's `req.protocol`, which
 * follows X-Forwarded-Proto only from a proxy trusted by TRUST_PROXY: the header is never read here.
 */
export function isSecureRequest(request: Request): boolean {
  return new URL(request.url).protocol === "https:";
}

/**
 * CSRF defence per Lucia's guide: every non-GET request must carry an Origin header naming this
 * host (the Host header, or X-Forwarded-Host from a proxy trusted by TRUST_PROXY: both are in the
 * request's URL, built by the Express adapter) or PUBLIC_ORIGIN. Together with SameSite=Lax
 * session cookies this blocks cross-site form posts. (Comparing with the request's own Host is
 * right here: a browser never lets a page on another site set it. Links use PUBLIC_ORIGIN.)
 */
export const originCheckMiddleware: MiddlewareFunction<Response> = async ({ request }, next) => {
  if (request.method !== "GET" && request.method !== "HEAD" && !isOneClickUnsubscribe(request)) {
    const origin = request.headers.get("Origin");
    const host = new URL(request.url).host;
    let ok = false;
    try {
      ok = origin !== null && (new URL(origin).host === host || new URL(origin).origin === new URL(publicOrigin()).origin);
    } catch {
      ok = false;
    }
    if (!ok) throw data({ error: "csrf" }, { status: 403 });
  }
  return next();
};

/**
 * RFC 8058 one-click unsubscribe: a mail provider POSTs to the List-Unsubscribe address from its own
 * servers, without an Origin header. That route uses no cookie (a signed token in the path says who
 * and which kind), so a cross-site post can do nothing there that the link itself could not.
 */
function isOneClickUnsubscribe(request: Request): boolean {
  return request.method === "POST" && /^\/unsubscribe\/[A-Za-z0-9_.-]+(\.data)?$/.test(new URL(request.url).pathname);
}
