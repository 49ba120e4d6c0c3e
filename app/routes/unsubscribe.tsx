import { useTranslation } from "react-i18next";
import { data, Form, Link } from "react-router";
import type { Route } from "./+types/unsubscribe";
import { getDb } from "#app/db.server";
import { done, invalid, readForm } from "#app/forms.server";
import { getInstance } from "#app/middleware/i18next.server";
import { readUnsubscribeToken, unsubscribe } from "#app/notifications/notify.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }, { name: "robots", content: "noindex" }];

/**
 * The unsubscribe link of an e-mail (no sign-in needed: the signed token says who and which kind).
 * GET only shows a confirmation (link scanners and previews fetch links); the button POSTs. Mail
 * clients' one-click unsubscribe (RFC 8058) POSTs "List-Unsubscribe=One-Click" here directly: this
 * path is exempt from the Origin check (app/middleware/security.server.ts), since the token, not a
 * cookie, authorises it.
 */
export function loader({ context, params }: Route.LoaderArgs) {
  const t = getInstance(context).t;
  const who = readUnsubscribeToken(getDb(), params.token);
  return data(
    { title: `${t("notifications.unsubscribe.title")} · SHP Campus`, kind: who ? t(`notifications.kinds.${who.kind}.name`) : null },
    { status: who ? 200 : 404 },
  );
}

export async function action({ context, params, request }: Route.ActionArgs) {
  const t = getInstance(context).t;
  await readForm(request);
  const result = unsubscribe(getDb(), params.token);
  if (!result) return invalid({ intent: "unsubscribe", formError: t("notifications.unsubscribe.invalid") }, 404);
  return done({ kind: t(`notifications.kinds.${result.kind}.name`) }, { intent: "unsubscribe" });
}

export default function Unsubscribe({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const kind = actionData ? (actionData.result?.kind ?? null) : loaderData.kind;
  return (
    <div className="page">
      <h1>{t("notifications.unsubscribe.title")}</h1>
      {kind === null ? (
        <p role="alert">{actionData?.formError ?? t("notifications.unsubscribe.invalid")}</p>
      ) : actionData?.result ? (
        <p role="status">{t("notifications.unsubscribe.done", { kind })}</p>
      ) : (
        <Form method="post">
          <p>{t("notifications.unsubscribe.confirm", { kind })}</p>
          <input type="hidden" name="List-Unsubscribe" value="One-Click" />
          <button type="submit" className="button">
            {t("notifications.unsubscribe.button")}
          </button>
        </Form>
      )}
      <p>
        <Link to="/me/notifications/settings">{t("notifications.unsubscribe.preferences")}</Link>
      </p>
    </div>
  );
}
