import { data, redirect, type RouterContextProvider } from "react-router";
import type { Role, User } from "#db/schema";
import { userContext } from "#app/middleware/context";

type Ctx = Readonly<RouterContextProvider>;

export function getUser(context: Ctx): User | null {
  return context.get(userContext);
}

const REDIRECT_BASE = "http://redirect.invalid";
const MAX_REDIRECT_LENGTH = 2000;

/**
 * The one gate for a destination a request names (post-login `redirectTo`): a path on this site or
 * the fallback. The value is resolved against a fixed base the way a browser would resolve a
 * Location header (tabs and newlines dropped, backslashes read as slashes…); only a result on that
 * same base is kept, and only its path, query and fragment are returned. Control characters,
 * backslashes and over-long values are refused outright, so the result is always a valid header.
 */
export function safeRedirectPath(to: unknown, fallback = "/me"): string {
  if (typeof to !== "string" || to.length > MAX_REDIRECT_LENGTH || !to.startsWith("/")) return fallback;
  if (/[\u0000-\u001f\u007f\\]/.test(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, REDIRECT_BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== REDIRECT_BASE) return fallback;
  const path = url.pathname + url.search + url.hash;
  // "/.//host" resolves to the path "//host", which a browser would read as another site.
  if (!path.startsWith("/") || path.startsWith("//")) return fallback;
  return path;
}

/** The logged-in user, or a redirect to /login that comes back here afterwards. */
export function requireUser(context: Ctx, request: Request): User {
  const user = context.get(userContext);
  if (!user) {
    const url = new URL(request.url);
    const back = request.method === "GET" ? url.pathname + url.search : url.pathname;
    throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
  }
  return user;
}

export function requireRole(context: Ctx, request: Request, roles: readonly Role[]): User {
  const user = requireUser(context, request);
  if (!roles.includes(user.role)) throw data({ error: "forbidden" }, { status: 403 });
  return user;
}

export function notFound(): never {
  throw data({ error: "not-found" }, { status: 404 });
}
