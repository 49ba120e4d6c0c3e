import { data, redirect, type RouterContextProvider } from "react-router";
import type { Role, User } from "#db/schema";
import { userContext } from "#app/middleware/context";

type Ctx = Readonly<RouterContextProvider>;

export function getUser(context: Ctx): User | null {
  return context.get(userContext);
}

/** Only same-site relative paths are accepted as a post-login destination. */
export function safeRedirectPath(to: unknown, fallback = "/me"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
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
