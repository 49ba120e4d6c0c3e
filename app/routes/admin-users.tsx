import { useTranslation } from "react-i18next";
import { dateFormat, zoneLabel } from "#app/i18n/datetime";
import { usePlatformTimeZone } from "#app/i18n/use-platform";
import { data, Form, Link, redirect } from "react-router";
import type { Route } from "./+types/admin-users";
import { RoleChangeSchema, setRole } from "#app/auth/accounts.server";
import { deactivateUser, listUsers, parseUserQuery, reactivateUser, userCountries, userQueryString, type UserQuery } from "#app/auth/admin-users.server";
import { requireRole } from "#app/auth/guards.server";
import { AdminResetLinkSchema, createResetLinkByAdmin } from "#app/auth/password-reset.server";
import { publicOrigin } from "#app/env.server";
import { FormAlert } from "#app/components/fields";
import { getDb } from "#app/db.server";
import { done, invalid, parseForm, readForm } from "#app/forms.server";
import { ROLES } from "#app/vocabulary";
import { getInstance } from "#app/middleware/i18next.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

export function loader({ context, request }: Route.LoaderArgs) {
  requireRole(context, request, ["admin"]);
  const url = new URL(request.url);
  const query = parseUserQuery(url.searchParams);
  const db = getDb();
  const list = listUsers(db, query);
  const t = getInstance(context).t;
  return {
    title: `${t("admin.usersTitle")} · SHP Campus`,
    query: { ...query, page: list.page },
    back: userQueryString({ ...query, page: list.page }),
    changed: url.searchParams.get("changed"),
    done: url.searchParams.get("done"),
    countries: userCountries(db),
    list: { total: list.total, page: list.page, pages: list.pages, from: list.from, to: list.to },
    prevHref: list.page > 1 ? pageHref(query, list.page - 1) : null,
    nextHref: list.page < list.pages ? pageHref(query, list.page + 1) : null,
    exportHref: `/admin/users.csv${userQueryString(query, { page: 1 }) ? `?${userQueryString(query, { page: 1 })}` : ""}`,
    users: list.rows.map((u) => ({
      id: u.id,
      // An erased account (app/privacy/erase.server.ts) shows as closed: its row is an anonymous tombstone.
      name: u.erasedAt !== null ? t("privacy.accountClosed") : u.name,
      email: u.erasedAt !== null ? "—" : u.email,
      role: u.role,
      country: u.country,
      createdAt: u.createdAt,
      lastActiveAt: u.erasedAt !== null ? null : u.lastActiveAt,
      deactivated: u.deactivatedAt !== null,
    })),
  };
}

/** After an action, the same list view (search, filters, page) as before it, with what happened. */
function backTo(form: FormData, extra: Record<string, string>) {
  const query = parseUserQuery(new URLSearchParams(String(form.get("back") ?? "").slice(0, 500)));
  const qs = new URLSearchParams(userQueryString(query));
  for (const [k, v] of Object.entries(extra)) qs.set(k, v);
  return redirect(`/admin/users?${qs}`);
}

export async function action({ context, request }: Route.ActionArgs) {
  const admin = requireRole(context, request, ["admin"]);
  const t = getInstance(context).t;
  const form = await readForm(request);
  const db = getDb();
  const intent = form.get("intent");
  if (intent === "reset-link") {
    const parsed = parseForm(form, AdminResetLinkSchema);
    if (!parsed.ok) return invalid({ formError: t("errors.badRequest") });
    // Shown once, in this response: only the link's SHA-256 is stored.
    const link = createResetLinkByAdmin(db, admin, parsed.data.userId, publicOrigin());
    if (!link) throw data({ error: "not-found" }, { status: 404 });
    return done({ resetLink: { name: link.name, email: link.email, url: link.url, expiresAt: link.expiresAt } });
  }
  if (intent === "deactivate" || intent === "reactivate") {
    const userId = String(form.get("userId") ?? "").slice(0, 64);
    const result = intent === "deactivate" ? deactivateUser(db, admin, userId) : reactivateUser(db, admin, userId);
    if (result === "self") return invalid({ formError: t("admin.cannotDeactivateSelf") });
    if (result === "not-found") throw data({ error: "not-found" }, { status: 404 });
    return backTo(form, { changed: userId, done: intent });
  }
  const parsed = parseForm(form, RoleChangeSchema);
  if (!parsed.ok) return invalid({ formError: t("validation.choose") });
  const result = setRole(db, admin, parsed.data.userId, parsed.data.role);
  if (result === "self-demote") return invalid({ formError: t("admin.cannotDemoteSelf") });
  if (result === "not-found") throw data({ error: "not-found" }, { status: 404 });
  return backTo(form, { changed: parsed.data.userId, done: "role" });
}

function pageHref(query: UserQuery, page: number) {
  const qs = userQueryString(query, { page });
  return qs ? `/admin/users?${qs}` : "/admin/users";
}

export default function AdminUsers({ loaderData: d, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const timeZone = usePlatformTimeZone();
  const fmt = dateFormat(i18n.language, "date", timeZone);
  const changed = d.users.find((u) => u.id === d.changed);
  const doneKey = d.done === "deactivate" ? "admin.deactivated" : d.done === "reactivate" ? "admin.reactivated" : "admin.roleChanged";
  const nf = new Intl.NumberFormat(i18n.language);
  return (
    <div className="page">
      <h1>{t("admin.usersTitle")}</h1>
      <FormAlert message={actionData?.formError} />
      <FormAlert tone="success" message={changed ? t(doneKey, { name: changed.name }) : null} />
      {actionData?.result?.resetLink ? (
        <div className="alert alert-success" role="status">
          <p>
            {t("admin.resetLinkCreated", {
              name: actionData.result.resetLink.name,
              email: actionData.result.resetLink.email,
              expires: `${dateFormat(i18n.language, "dateTime", timeZone).format(actionData.result.resetLink.expiresAt)} (${zoneLabel(timeZone, actionData.result.resetLink.expiresAt)})`,
            })}
          </p>
          <p>
            <code className="reset-link">{actionData.result.resetLink.url}</code>
          </p>
        </div>
      ) : null}
      <form method="get" className="filters user-filters">
        <div className="field">
          <label htmlFor="user-q">{t("admin.search")}</label>
          <input id="user-q" name="q" type="search" defaultValue={d.query.q} maxLength={100} />
        </div>
        <div className="field">
          <label htmlFor="user-role">{t("admin.role")}</label>
          <select id="user-role" name="role" defaultValue={d.query.role}>
            <option value="">{t("admin.anyRole")}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`admin.roles.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="user-country">{t("auth.country")}</label>
          <select id="user-country" name="country" defaultValue={d.query.country}>
            <option value="">{t("admin.anyCountry")}</option>
            {d.countries.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="user-status">{t("admin.status")}</label>
          <select id="user-status" name="status" defaultValue={d.query.status}>
            <option value="">{t("admin.anyStatus")}</option>
            <option value="active">{t("admin.statusActive")}</option>
            <option value="deactivated">{t("admin.statusDeactivated")}</option>
          </select>
        </div>
        <button type="submit" className="button secondary">
          {t("admin.searchButton")}
        </button>
      </form>
      <p className="list-figures" role="status">
        {d.list.total === 0 ? t("admin.noUsers") : t("admin.range", { from: nf.format(d.list.from), to: nf.format(d.list.to), total: nf.format(d.list.total) })}{" "}
        <a href={d.exportHref} download>
          {t("admin.exportCsv")}
        </a>
      </p>
      {d.users.length === 0 ? null : (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t("auth.name")}</th>
                <th scope="col">{t("auth.email")}</th>
                <th scope="col">{t("auth.country")}</th>
                <th scope="col">{t("admin.joined")}</th>
                <th scope="col">{t("admin.lastActive")}</th>
                <th scope="col">{t("admin.role")}</th>
                <th scope="col">{t("admin.passwordColumn")}</th>
                <th scope="col">{t("admin.status")}</th>
              </tr>
            </thead>
            <tbody>
              {d.users.map((u) => (
                <tr key={u.id} data-user={u.email}>
                  <td>{u.name}</td>
                  <td>{u.email}</td>
                  <td>{u.country}</td>
                  <td>{fmt.format(u.createdAt)}</td>
                  <td>{u.lastActiveAt === null ? "—" : fmt.format(u.lastActiveAt)}</td>
                  <td>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="role" />
                      <input type="hidden" name="userId" value={u.id} />
                      <input type="hidden" name="back" value={d.back} />
                      <label htmlFor={`role-${u.id}`} className="visually-hidden">
                        {t("admin.role")}: {u.name}
                      </label>
                      {/* Keyed by the role too: after an action the select shows the saved value, never a stale one. */}
                      <select key={`${u.id}-${u.role}`} id={`role-${u.id}`} name="role" defaultValue={u.role}>
                        {ROLES.map((r) => (
                          <option key={r} value={r}>
                            {t(`admin.roles.${r}`)}
                          </option>
                        ))}
                      </select>
                      <button type="submit" className="button small secondary">
                        {t("admin.changeRole")}
                        <span className="visually-hidden">: {u.name}</span>
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
                  <td>
                    {u.deactivated ? (
                      <span className="badge pending">{t("admin.statusDeactivated")}</span>
                    ) : (
                      <span className="badge">{t("admin.statusActive")}</span>
                    )}
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value={u.deactivated ? "reactivate" : "deactivate"} />
                      <input type="hidden" name="userId" value={u.id} />
                      <input type="hidden" name="back" value={d.back} />
                      <button type="submit" className="button small secondary">
                        {t(u.deactivated ? "admin.reactivate" : "admin.deactivate")}
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
      {d.list.pages > 1 ? (
        <nav className="pager" aria-label={t("admin.pages")}>
          {d.prevHref ? (
            <Link to={d.prevHref} rel="prev">
              ← {t("admin.previousPage")}
            </Link>
          ) : null}
          <span>{t("admin.pageOf", { page: nf.format(d.list.page), pages: nf.format(d.list.pages) })}</span>
          {d.nextHref ? (
            <Link to={d.nextHref} rel="next">
              {t("admin.nextPage")} →
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
