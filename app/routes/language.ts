import { eq } from "drizzle-orm";
import { redirect } from "react-router";
import type { Route } from "./+types/language";
import { getUser, safeRedirectPath } from "#app/auth/guards.server";
import { UI_LOCALES } from "#app/content/locales";
import { getDb } from "#app/db.server";
import { readForm } from "#app/forms.server";
import { localeCookie } from "#app/middleware/i18next.server";
import { users } from "#db/schema";

export function loader() {
  return redirect("/");
}

/**
 * The header's language switch (a plain form): remembers the choice in the lng cookie and, for a
 * signed-in person, as their preferred language — so it holds at the next login, in e-mails and
 * on certificates, instead of flipping back.
 */
export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request);
  const lng = String(form.get("lng") ?? "");
  const back = safeRedirectPath(form.get("back"), "/");
  if (!(UI_LOCALES as readonly string[]).includes(lng)) return redirect(back);
  const user = getUser(context);
  if (user && user.locale !== lng) getDb().update(users).set({ locale: lng }).where(eq(users.id, user.id)).run();
  return redirect(back, { headers: { "Set-Cookie": await localeCookie.serialize(lng) } });
}
