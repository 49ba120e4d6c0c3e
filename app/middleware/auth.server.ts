import type { MiddlewareFunction } from "react-router";
import { getDb } from "#app/db.server";
import { SESSION_COOKIE, readCookie, sessionCookie, validateSessionToken } from "#app/auth/session.server";
import type { User } from "#db/schema";
import { requestMethodContext, sessionIdContext, userContext } from "./context";
import { isSecureRequest } from "./security.server";
import { OWNER_HEADER, ownerTag, SIGNED_OUT } from "#app/offline/owner.server";

/** The user of each request, for the locale finder (which only sees the request). */
export const userByRequest = new WeakMap<Request, User>();

export const authMiddleware: MiddlewareFunction<Response> = async ({ request, context }, next) => {
  context.set(requestMethodContext, request.method);
  const token = readCookie(request, SESSION_COOKIE);
  let refreshedCookie: string | null = null;
  if (token) {
    const result = validateSessionToken(getDb(), token);
    if (result.user) {
      context.set(userContext, result.user);
      context.set(sessionIdContext, result.sessionId);
      userByRequest.set(request, result.user);
      if (result.refreshed) refreshedCookie = sessionCookie(token, result.expiresAt, isSecureRequest(request));
    }
  }
  // An answer kept on a device and sent later names whose it is: refused for anyone else (docs/decisions/0018).
  const user = context.get(userContext);
  const tag = user ? ownerTag(getDb(), user.id) : SIGNED_OUT;
  const answeredBy = request.method === "POST" ? request.headers.get(OWNER_HEADER) : null;
  const response = answeredBy && answeredBy !== tag ? new Response(null, { status: 409 }) : await next();
  if (refreshedCookie && !response.headers.has("Set-Cookie")) response.headers.append("Set-Cookie", refreshedCookie);
  applyCachePolicy(response, token !== null);
  // Whose pages these are, for a device that keeps some offline (docs/decisions/0018).
  response.headers.set(OWNER_HEADER, tag);
  return response;
};

/**
 * Nothing answered to a request carrying a session may be stored by a browser or a proxy: HTML
 * documents, `.data` responses and files alike (without it, Back after logging out showed the
 * participant list from the browser's cache). Answers to anonymous requests that do not say
 * otherwise vary by cookie, so no cache hands one person's page to another.
 */
export function applyCachePolicy(response: Response, hasSession: boolean) {
  if (hasSession) {
    response.headers.set("Cache-Control", "private, no-store");
  } else if (!response.headers.has("Cache-Control")) {
    response.headers.append("Vary", "Cookie");
  }
}
