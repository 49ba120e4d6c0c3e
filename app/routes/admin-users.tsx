import { useTranslation } from "react-i18next";
import { dateFormat, zoneLabel } from "#app/i18n/datetime";
import { usePlatformTimeZone } from "#app/i18n/use-platform";
import { data, Form, redirect } from "react-router";
import type { Route } from "./+types/admin-users";
import { RoleChangeSchema, searchUsers, setRole } from "#app/auth/accounts.server";
import { requireRole } from "#app/auth/guards.server";
import { AdminResetLinkSchema, createResetLinkByAdmin } from "#app/auth/password-reset.server";
import { publicOrigin } from "#app/env.server";
import { FormAlert, SearchForm } from "#app/components/fields";
import { getDb } from "#app/db.server";
import { parseForm, readForm } from "#app/forms.server";
import { ROLES } from "#app/vocabulary";
import { getInstance } from "#app/middleware/i18next.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

export function loader({ context, request }: Route.LoaderArgs) {
  requireRole(context, request, ["admin"]);
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").slice(0, 100);
  return {
    title: `${getInstance(context).t("admin.usersTitle")} · SHP Campus`,
    q,
    changed: url.searchParams.get("changed"),
    users: searchUsers(getDb(), q).map((u) => ({ id: u.id, name: u.name, email: u.email, role: u.role, createdAt: u.createdAt })),
  };
}

export async function action({ context, request }: Route.ActionArgs) {
  const admin = requireRole(context, request, ["admin"]);
  const t = getInstance(context).t;
  const form = await readForm(request);
  if (form.get("intent") === "reset-link") {
    const parsed = parseForm(form, AdminResetLinkSchema);
    if (!parsed.ok) return data({ error: t("errors.badRequest"), resetLink: null }, { status: 400 });
    // Shown once, in this response: only the link's SHA-256 is stored.
    const link = createResetLinkByAdmin(getDb(), admin, parsed.data.userId, publicOrigin());
    if (!link) throw data({ error: "not-found" }, { status: 404 });
    return { error: null, resetLink: { name: link.name, email: link.email, url: link.url, expiresAt: link.expiresAt } };
  }
  const parsed = parseForm(form, RoleChangeSchema);
  if (!parsed.ok) return data({ error: t("validation.choose"), resetLink: null }, { status: 400 });
  const result = setRole(getDb(), admin, parsed.data.userId, parsed.data.role);
  if (result === "self-demote") return data({ error: t("admin.cannotDemoteSelf"), resetLink: null }, { status: 400 });
  if (result === "not-found") throw data({ error: "not-found" }, { status: 404 });
  return redirect(`/admin/users?changed=${encodeURIComponent(parsed.data.userId)}`);
}

export default function AdminUsers({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const timeZone = usePlatformTimeZone();
  const fmt = dateFormat(i18n.language, "date", timeZone);
  const changed = loaderData.users.find((u) => u.id === loaderData.changed);
  return (
    <div className="page">
      <h1>{t("admin.usersTitle")}</h1>
      <FormAlert message={actionData?.error} />
      <FormAlert tone="success" message={changed ? t("admin.roleChanged", { name: changed.name }) : null} />
      {actionData?.resetLink ? (
        <div className="alert alert-success" role="status">
          <p>
            {t("admin.resetLinkCreated", {
              name: actionData.resetLink.name,
              email: actionData.resetLink.email,
              expires: `${dateFormat(i18n.language, "dateTime", timeZone).format(actionData.resetLink.expiresAt)} (${zoneLabel(timeZone, actionData.resetLink.expiresAt)})`,
            })}
          </p>
          <p>
            <code className="reset-link">{actionData.resetLink.url}</code>
          </p>
        </div>
      ) : null}
      <SearchForm id="user-q" label={t("admin.search")} button={t("admin.searchButton")} defaultValue={loaderData.q} />
      {loaderData.users.length === 0 ? (
        <p>{t("admin.noUsers")}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t("auth.name")}</th>
                <th scope="col">{t("auth.email")}</th>
                <th scope="col">{t("admin.joined")}</th>
                <th scope="col">{t("admin.role")}</th>
                <th scope="col">{t("admin.passwordColumn")}</th>
              </tr>
            </thead>
            <tbody>
              {loaderData.users.map((u) => (
                <tr key={u.id}>
                  <td>{u.name}</td>
                  <td>{u.email}</td>
                  <td>{fmt.format(u.createdAt)}</td>
                  <td>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="role" />
                      <input type="hidden" name="userId" value={u.id} />
                      <label htmlFor={`role-${u.id}`} className="visually-hidden">
                        {t("admin.role")}: {u.name}
                      </label>
                      <select id={`role-${u.id}`} name="role" defaultValue={u.role}>
                        {ROLES.map((r) => (
                          <option key={r} value={r}>
                            {t(`admin.roles.${r}`)}
                          </option>
                        ))}
                      </select>
                      <button type="submit" className="button small secondary">
                        {t("admin.changeRole")}
                      </button>
                    </Form>
                  </td>
                  <td>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="reset-link" />
                      <input type="hidden" name="userId" value={u.id} />
                      <button type="submit" className="button small secondary">
                        {t("admin.createResetLink")}
                        <span className="visually-hidden">: {u.name}</span>
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
