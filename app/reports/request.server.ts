/**
 * What every report route needs from a request: the user (trainer or admin, else 403), their scope,
 * and the filters and display choices from the query string.
 */
import type { RouterContextProvider } from "react-router";
import { requireRole } from "#app/auth/guards.server";
import { getDb } from "#app/db.server";
import { parseFilters, scopeFor } from "./filters.server";
import { COUNT_INDICATORS, VIEWS, type CountIndicator, type View } from "./indicators";

export function reportRequest(context: Readonly<RouterContextProvider>, request: Request) {
  const user = requireRole(context, request, ["admin", "trainer"]);
  const db = getDb();
  const scope = scopeFor(db, user);
  const params = new URL(request.url).searchParams;
  const { filters, errors } = parseFilters(db, scope, params);
  const view = (VIEWS as string[]).includes(params.get("view") ?? "") ? (params.get("view") as View) : "all";
  const crosstab = (COUNT_INDICATORS as readonly string[]).includes(params.get("xt") ?? "") ? (params.get("xt") as CountIndicator) : "enrolled";
  return { user, db, scope, filters, errors, view, crosstab, params };
}
