import { RouterContextProvider } from "react-router";
import type { User } from "#db/schema";
import { userContext } from "#app/middleware/context";
import { i18nextMiddleware } from "#app/middleware/i18next.server";

type RouteArgs = { request: Request; params: Record<string, string>; context: RouterContextProvider; url: URL; pattern: string };
// Route modules type their args precisely (per route); the harness passes what React Router passes.
type ActionModule = { action: (args: never) => unknown };
type LoaderModule = { loader: (args: never) => unknown };

/** `body`: the text of a Response a resource route returned (a CSV, a calendar), else null. */
export type RouteResult = { status: number; location: string | null; data: unknown; body?: string | null };

/** A response, a thrown redirect or a `data()` value, read the same way. */
async function settle(run: () => unknown): Promise<RouteResult> {
  let value: unknown;
  try {
    value = await run();
  } catch (thrown) {
    value = thrown;
  }
  if (value instanceof Response)
    return { status: value.status, location: value.headers.get("Location"), data: null, body: value.body ? await value.text() : null };
  if (value && typeof value === "object" && "type" in value && (value as { type: unknown }).type === "DataWithResponseInit") {
    const v = value as unknown as { data: unknown; init: { status?: number } | null };
    return { status: v.init?.status ?? 200, location: null, data: v.data };
  }
  return { status: 200, location: null, data: value };
}

/**
 * Calls a route module's action (or loader) as React Router would — a real Request, the user in the
 * router context, the i18next middleware run — against the real database of this vitest worker
 * (getDb()), with no HTTP server. The "action tier": a route that forgets a consequence fails here.
 */
async function call(
  kind: "action" | "loader",
  mod: ActionModule | LoaderModule,
  args: { user: User | null; params?: Record<string, string>; form?: FormData; url: string; lng?: string },
): Promise<RouteResult> {
  const context = new RouterContextProvider();
  context.set(userContext, args.user);
  const url = new URL(args.url, "http://localhost");
  if (args.lng) url.searchParams.set("lng", args.lng);
  const request = kind === "action" ? new Request(url, { method: "POST", body: args.form ?? new FormData() }) : new Request(url);
  const params = args.params ?? {};
  const routeArgs: RouteArgs = { request, params, context, url, pattern: "" };
  let result: RouteResult | undefined;
  await i18nextMiddleware({ ...routeArgs, unstable_pattern: "" } as never, async () => {
    result = await settle(() => (kind === "action" ? (mod as ActionModule).action(routeArgs as never) : (mod as LoaderModule).loader(routeArgs as never)));
    return new Response(null);
  });
  return result!;
}

export const callAction = (mod: ActionModule, args: Parameters<typeof call>[2]) => call("action", mod, args);
export const callLoader = (mod: LoaderModule, args: Parameters<typeof call>[2]) => call("loader", mod, args);

/** A FormData from plain entries (repeated keys allowed). */
export function formOf(entries: Record<string, string | string[]>): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(entries)) for (const one of Array.isArray(v) ? v : [v]) form.append(k, one);
  return form;
}
