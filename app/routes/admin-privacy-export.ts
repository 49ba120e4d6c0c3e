import type { Route } from "./+types/admin-privacy-export";
import { notFound, requireRole } from "#app/auth/guards.server";
import { getDb } from "#app/db.server";
import { publicOrigin } from "#app/env.server";
import { exportPersonalData, zipHeaders } from "#app/privacy/export.server";

// GET /admin/privacy/export/<user id>: a person's data, exported by an administrator on their request (audited).
export async function loader({ context, request, params }: Route.LoaderArgs) {
  const admin = requireRole(context, request, ["admin"]);
  const db = getDb();
  const userId = params.user.slice(0, 64);
  const exists = db.$client.prepare("select 1 from users where id = ? and erased_at is null").get(userId);
  if (!exists) notFound();
  const { zip, fileName } = await exportPersonalData(db, { userId, actorId: admin.id, origin: publicOrigin() });
  return new Response(new Uint8Array(zip), { headers: zipHeaders(fileName.replace("my-data", `data-${userId.slice(0, 8)}`), zip.length) });
}
