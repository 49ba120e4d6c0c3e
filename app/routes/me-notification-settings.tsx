import { useTranslation } from "react-i18next";
import { Form, Link, redirect } from "react-router";
import type { Route } from "./+types/me-notification-settings";
import { requireUser } from "#app/auth/guards.server";
import { getDb } from "#app/db.server";
import { readForm } from "#app/forms.server";
import { getInstance } from "#app/middleware/i18next.server";
import { NOTIFICATION_KINDS } from "#app/notifications/kinds";
import { emailPreferences, saveEmailPreferences } from "#app/notifications/notify.server";
import { FormAlert } from "#app/components/fields";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

export function loader({ context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  return {
    title: `${getInstance(context).t("notifications.prefs.title")} · SHP Campus`,
    prefs: emailPreferences(getDb(), user.id),
    saved: new URL(request.url).searchParams.has("saved"),
  };
}

/** One checkbox per kind: checked means "send me e-mails of this kind". Unknown values are ignored. */
export async function action({ context, request }: Route.ActionArgs) {
  const user = requireUser(context, request);
  const form = await readForm(request);
  const enabled = new Set(form.getAll("email").map((v) => String(v).slice(0, 40)));
  saveEmailPreferences(getDb(), user.id, enabled);
  return redirect("/me/notifications/settings?saved");
}

export default function NotificationSettings({ loaderData: d }: Route.ComponentProps) {
  const { t } = useTranslation();
  return (
    <div className="page">
      <h1>{t("notifications.prefs.title")}</h1>
      <p>{t("notifications.prefs.intro")}</p>
      <FormAlert tone="success" message={d.saved ? t("notifications.prefs.saved") : null} />
      <Form method="post" className="stack">
        <fieldset>
          <legend>{t("notifications.prefs.email")}</legend>
          {NOTIFICATION_KINDS.map((kind) => (
            <label key={kind} className="choice">
              <input type="checkbox" name="email" value={kind} defaultChecked={d.prefs[kind]} />
              <span>{t(`notifications.kinds.${kind}.name`)}</span>
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button">
          {t("notifications.prefs.save")}
        </button>
      </Form>
      <p>
        <Link to="/me/notifications">{t("notifications.prefs.back")}</Link>
      </p>
    </div>
  );
}
