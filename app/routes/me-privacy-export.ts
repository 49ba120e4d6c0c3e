import type { Route } from "./+types/me-privacy-export";
import { requireUser } from "#app/auth/guards.server";
import { getDb } from "#app/db.server";
import { publicOrigin } from "#app/env.server";
import { exportPersonalData, zipHeaders } from "#app/privacy/export.server";

// GET /me/privacy/export.zip: the signed-in person's data as one zip (a plain link: no JavaScript).
export async function loader({ context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const { zip, fileName } = await exportPersonalData(getDb(), { userId: user.id, actorId: user.id, origin: publicOrigin() });
  return new Response(new Uint8Array(zip), { headers: zipHeaders(fileName, zip.length) });
}
