import type { Route } from "./+types/admin-users-csv";
import { allUsers, parseUserQuery } from "#app/auth/admin-users.server";
import { requireRole } from "#app/auth/guards.server";
import { csvHeaders, toCsv } from "#app/csv.server";
import { getDb } from "#app/db.server";
import { getInstance } from "#app/middleware/i18next.server";

/** The filtered users list (same filters as /admin/users, every page) as CSV (UTF-8 with BOM). */
export function loader({ context, request }: Route.LoaderArgs) {
  requireRole(context, request, ["admin"]);
  const t = getInstance(context).t;
  const rows = allUsers(getDb(), parseUserQuery(new URL(request.url).searchParams));
  const csv = toCsv([
    [
      t("auth.name"),
      t("auth.email"),
      t("admin.role"),
      t("auth.country"),
      t("auth.organisation"),
      t("auth.constituentGroup"),
      t("auth.sex"),
      t("admin.joined"),
      t("admin.status"),
    ],
    ...rows.map((u) => [
      u.erasedAt !== null ? t("privacy.accountClosed") : u.name,
      u.erasedAt !== null ? "" : u.email,
      t(`admin.roles.${u.role}`),
      u.country,
      u.organisation,
      t(`auth.groups.${u.constituentGroup}`, { defaultValue: u.constituentGroup }),
      t(`auth.sexes.${u.sex}`, { defaultValue: u.sex }),
      new Date(u.createdAt).toISOString().slice(0, 10),
      u.deactivatedAt === null ? t("admin.statusActive") : t("admin.statusDeactivated"),
    ]),
  ]);
  return new Response(csv, { headers: csvHeaders("users.csv") });
}
