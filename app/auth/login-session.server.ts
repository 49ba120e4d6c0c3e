import { redirect, type RouterContextProvider } from "react-router";
import type { Db } from "#db/client";
import { clientAddressContext } from "#app/middleware/context";
import { isSecureRequest } from "#app/middleware/security.server";
import { localeCookie } from "#app/middleware/i18next.server";
import { createSession, sessionCookie } from "./session.server";

/** Issues a fresh session (never reusing one from before login) and redirects. */
export async function startSessionAndRedirect(db: Db, request: Request, userId: string, locale: string, to: string) {
  const { token, expiresAt } = createSession(db, userId);
  return redirectWithSession(request, token, expiresAt, locale, to);
}

/** Sets the cookie of a session already created (e.g. inside a registration transaction) and redirects. */
export async function redirectWithSession(request: Request, token: string, expiresAt: number, locale: string, to: string) {
  const headers = new Headers();
  headers.append("Set-Cookie", sessionCookie(token, expiresAt, isSecureRequest(request)));
  headers.append("Set-Cookie", await localeCookie.serialize(locale));
  return redirect(to, { headers });
}

/** The client's address for per-IP limits: Express's `req.ip` (under TRUST_PROXY), never a header read here. */
export function clientAddress(context: Readonly<RouterContextProvider>): string {
  return context.get(clientAddressContext);
}
