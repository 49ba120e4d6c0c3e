import { data } from "react-router";
import type { Route } from "./+types/me-workshop-calendar";
import { requireUser } from "#app/auth/guards.server";
import { workshopAccess, workshopCalendar } from "#app/cohorts/workshop.server";
import { getDb } from "#app/db.server";
import { publicOrigin } from "#app/env.server";
import { getInstance } from "#app/middleware/i18next.server";

/**
 * The workshop's schedule as an iCalendar file (?session=<id> for one session), for the same
 * people as the workshop page. Stable UIDs and a rising SEQUENCE let a calendar update its copy.
 */
export function loader({ context, request, params }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const db = getDb();
  const access = workshopAccess(db, user, params.id);
  if (!access.ok) throw data({ error: access.status === 404 ? "not-found" : "forbidden" }, { status: access.status });
  const t = getInstance(context).t;
  const sessionId = new URL(request.url).searchParams.get("session") ?? undefined;
  const ics = workshopCalendar(db, access.cohort, {
    sessionId: sessionId?.slice(0, 64),
    pageUrl: `${publicOrigin()}/me/workshops/${access.cohort.id}`,
    labels: { online: t("workshop.online"), workshop: t("workshop.title") },
  });
  if (ics === null) throw data({ error: "not-found" }, { status: 404 });
  const name = `${access.cohort.title.replace(/[^\p{L}\p{N}]+/gu, "-").slice(0, 60) || "workshop"}${sessionId ? "-session" : ""}.ics`;
  return new Response(ics, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="workshop.ics"; filename*=UTF-8''${encodeURIComponent(name)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
