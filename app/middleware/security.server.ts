import { data, type MiddlewareFunction } from "react-router";

export function isSecureRequest(request: Request): boolean {
  return new URL(request.url).protocol === "https:" || request.headers.get("X-Forwarded-Proto") === "https";
}

/**
 * CSRF defence per Lucia's guide: every non-GET request must carry an Origin header naming this
 * host. Together with SameSite=Lax session cookies this blocks cross-site form posts.
 */
export const originCheckMiddleware: MiddlewareFunction<Response> = async ({ request }, next) => {
  if (request.method !== "GET" && request.method !== "HEAD") {
    const origin = request.headers.get("Origin");
    const host = request.headers.get("X-Forwarded-Host") ?? request.headers.get("Host") ?? new URL(request.url).host;
    let ok = false;
    try {
      ok = origin !== null && new URL(origin).host === host;
    } catch {
      ok = false;
    }
    if (!ok) throw data({ error: "csrf" }, { status: 403 });
  }
  return next();
};
