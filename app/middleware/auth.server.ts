import type { MiddlewareFunction } from "react-router";
import { getDb } from "#app/db.server";
import { SESSION_COOKIE, readCookie, sessionCookie, validateSessionToken } from "#app/auth/session.server";
import type { User } from "#db/schema";
import { requestMethodContext, sessionIdContext, userContext } from "./context";
import { isSecureRequest } from "./security.server";

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
  const response = await next();
  if (refreshedCookie && !response.headers.has("Set-Cookie")) response.headers.append("Set-Cookie", refreshedCookie);
  return response;
};
