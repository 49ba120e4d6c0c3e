import { redirect } from "react-router";
import type { Route } from "./+types/logout";
import { blankSessionCookie, invalidateSession } from "#app/auth/session.server";
import { getDb } from "#app/db.server";
import { sessionIdContext } from "#app/middleware/context";
import { isSecureRequest } from "#app/middleware/security.server";

export function loader() {
  return redirect("/");
}

export function action({ request, context }: Route.ActionArgs) {
  const sessionId = context.get(sessionIdContext);
  if (sessionId) invalidateSession(getDb(), sessionId);
  // The courses stored for offline use and answers not yet sent go with the session (docs/decisions/0018):
  // the browser empties this site's caches and storage, service worker included.
  return redirect("/", { headers: { "Set-Cookie": blankSessionCookie(isSecureRequest(request)), "Clear-Site-Data": '"cache", "storage"' } });
}
