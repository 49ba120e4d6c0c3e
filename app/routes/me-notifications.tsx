import { useTranslation } from "react-i18next";
import { Form, Link, redirect } from "react-router";
import type { Route } from "./+types/me-notifications";
import { requireUser } from "#app/auth/guards.server";
import { getDb } from "#app/db.server";
import { env } from "#app/env.server";
import { invalid, readForm } from "#app/forms.server";
import { formatInstant } from "#app/i18n/datetime";
import { getInstance, getLocale } from "#app/middleware/i18next.server";
import { listNotifications, markAllNotificationsRead, markNotificationRead } from "#app/notifications/notify.server";
import { FormAlert } from "#app/components/fields";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

export function loader({ context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const locale = getLocale(context);
  const items = listNotifications(getDb(), user.id, locale).map((n) => ({ ...n, when: formatInstant(n.createdAt, "dateTime", locale, env.TIME_ZONE) }));
  return {
    title: `${getInstance(context).t("notifications.title")} · SHP Campus`,
    items,
    allRead: new URL(request.url).searchParams.has("all-read"),
  };
}

/** Plain forms: mark one read (and optionally follow its link), or all. */
export async function action({ context, request }: Route.ActionArgs) {
  const user = requireUser(context, request);
  const form = await readForm(request);
  const db = getDb();
  if (form.get("intent") === "read-all") {
    markAllNotificationsRead(db, user.id);
    return redirect("/me/notifications?all-read");
  }
  const id = Number(String(form.get("id") ?? "").slice(0, 20));
  if (!markNotificationRead(db, user.id, id)) return invalid({ intent: "read", formError: getInstance(context).t("notifications.notFound") }, 404);
  if (form.get("intent") === "open") {
    const item = listNotifications(db, user.id, getLocale(context)).find((n) => n.id === id);
    if (item) return redirect(item.path);
  }
  return redirect("/me/notifications");
}

export default function Notifications({ loaderData: d, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const unread = d.items.filter((n) => !n.read).length;
  return (
    <div className="page">
      <h1>{t("notifications.title")}</h1>
      <p>
        <Link to="/me/notifications/settings">{t("notifications.settingsLink")}</Link>
      </p>
      <FormAlert tone="success" message={d.allRead ? t("notifications.allRead") : null} />
      <FormAlert message={actionData?.formError} />
      {unread > 0 ? (
        <Form method="post">
          <input type="hidden" name="intent" value="read-all" />
          <button type="submit" className="button small secondary">
            {t("notifications.markAllRead")}
          </button>
        </Form>
      ) : null}
      {d.items.length === 0 ? (
        <p>{t("notifications.empty")}</p>
      ) : (
        <ul className="notification-list">
          {d.items.map((n) => (
            <li key={n.id} className={n.read ? "notification" : "notification unread"}>
              <p className="notification-title">
                {n.read ? null : <strong className="badge pending">{t("notifications.unread")} </strong>}
                {n.title}
              </p>
              <p className="hint">{n.when}</p>
              <div className="notification-actions">
                {n.read ? (
                  <Link to={n.path}>{t("notifications.open")}</Link>
                ) : (
                  <>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="id" value={n.id} />
                      <input type="hidden" name="intent" value="open" />
                      <button type="submit" className="link-button">
                        {t("notifications.open")}
                      </button>
                    </Form>{" "}
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="id" value={n.id} />
                      <input type="hidden" name="intent" value="read" />
                      <button type="submit" className="link-button" aria-label={`${t("notifications.markRead")}: ${n.title}`}>
                        {t("notifications.markRead")}
                      </button>
                    </Form>
                  </>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
