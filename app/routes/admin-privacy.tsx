import { useTranslation } from "react-i18next";
import { Form, redirect } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/admin-privacy";
import { findUserByEmail } from "#app/auth/accounts.server";
import { requireRole } from "#app/auth/guards.server";
import { Field, FormAlert } from "#app/components/fields";
import { getDb } from "#app/db.server";
import { inTransaction } from "#db/client";
import { checkbox, done, type FieldErrors, invalid, parseForm, readForm } from "#app/forms.server";
import { outboxDir } from "#app/mail/mail.server";
import { getInstance } from "#app/middleware/i18next.server";
import { eraseAccount, purgeOutbox } from "#app/privacy/erase.server";
import { enqueueRetentionSweep } from "#app/privacy/retention.server";
import { ContactSettingsSchema, getSiteSettings, RetentionSchema, retentionDryRun, saveContactSettings, setRetention } from "#app/privacy/settings.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

export function loader({ context, request }: Route.LoaderArgs) {
  requireRole(context, request, ["admin"]);
  const url = new URL(request.url);
  const db = getDb();
  const email = (url.searchParams.get("email") ?? "").trim().toLowerCase().slice(0, 254);
  const found = email ? findUserByEmail(db, email) : undefined;
  return {
    title: `${getInstance(context).t("privacy.admin.title")} · SHP Campus`,
    settings: getSiteSettings(db),
    email,
    account: found && found.erasedAt === null ? { id: found.id, name: found.name, email: found.email, role: found.role } : null,
    done: url.searchParams.get("done"),
  };
}

const EraseSchema = z.object({
  userId: z.string().min(1).max(64),
  confirmEmail: z.string().trim().toLowerCase().min(1, "validation.required").max(254, "validation.tooLong"),
  revoke: checkbox,
});

export async function action({ context, request }: Route.ActionArgs) {
  const admin = requireRole(context, request, ["admin"]);
  const form = await readForm(request);
  const t = getInstance(context).t;
  const db = getDb();
  const intent = String(form.get("intent") ?? "");
  const fail = (errors: FieldErrors, formError: string | null = t("errors.fixBelow"), status = 400) =>
    invalid<{ years: number; count: number }>({ intent, errors, formError }, status);

  if (intent === "contact") {
    const parsed = parseForm(form, ContactSettingsSchema);
    if (!parsed.ok) return fail(parsed.errors);
    saveContactSettings(db, admin, parsed.data);
    return redirect("/admin/privacy?done=saved");
  }
  if (intent === "retention-preview" || intent === "retention-enable") {
    const parsed = parseForm(form, RetentionSchema);
    if (!parsed.ok) return fail(parsed.errors);
    const years = parsed.data.years;
    if (intent === "retention-preview") return done({ years, count: retentionDryRun(db, years) }, { intent });
    // On, and a sweep now: the erasures run in the background, one job per account (/admin/jobs).
    inTransaction(db, (tx) => {
      setRetention(tx, admin, years);
      enqueueRetentionSweep(tx, { actor: admin });
    });
    return redirect("/admin/privacy?done=retention");
  }
  if (intent === "retention-disable") {
    setRetention(db, admin, null);
    return redirect("/admin/privacy?done=saved");
  }
  if (intent === "erase") {
    const parsed = parseForm(form, EraseSchema);
    if (!parsed.ok) return fail(parsed.errors);
    const target = db.$client.prepare("select id, email, role from users where id = ? and erased_at is null").get(parsed.data.userId) as
      { id: string; email: string; role: string } | undefined;
    if (!target) return fail({}, t("privacy.admin.notFound"), 404);
    if (target.email !== parsed.data.confirmEmail) return fail({ confirmEmail: { key: "privacy.admin.mismatch" } });
    if (target.role === "admin") return fail({}, t("privacy.admin.adminAccount"));
    const result = eraseAccount(db, { userId: target.id, actor: admin, revokeCertificates: parsed.data.revoke, via: "admin" });
    if (!result.ok) return fail({}, t("privacy.admin.notFound"), 404);
    purgeOutbox(outboxDir(), target.email);
    return redirect("/admin/privacy?done=erased");
  }
  return fail({}, t("errors.fixBelow"));
}

export default function AdminPrivacy({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const d = loaderData;
  const errorsFor = (intent: string) => (actionData?.intent === intent ? actionData.errors : {});
  const retentionIntent = actionData?.intent?.startsWith("retention") ? actionData : null;
  const done =
    d.done === "saved"
      ? t("privacy.admin.saved")
      : d.done === "erased"
        ? t("privacy.admin.erased")
        : d.done === "retention"
          ? t("privacy.admin.retentionQueued")
          : null;
  return (
    <div className="page narrow">
      <h1>{t("privacy.admin.title")}</h1>
      <FormAlert tone="success" message={done} />

      <section className="panel" aria-labelledby="contact-h">
        <h2 id="contact-h">{t("privacy.admin.contactHeading")}</h2>
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="contact" />
          <FormAlert message={actionData?.intent === "contact" ? actionData.formError : null} />
          <Field name="operator" label={t("privacy.admin.operator")} maxLength={200} defaultValue={d.settings.operator} error={errorsFor("contact").operator} />
          <Field
            name="contactEmail"
            type="email"
            label={t("privacy.admin.contactEmail")}
            maxLength={254}
            defaultValue={d.settings.contactEmail}
            error={errorsFor("contact").contactEmail}
          />
          <button type="submit" className="button">
            {t("privacy.admin.save")}
          </button>
        </Form>
      </section>

      <section className="panel" aria-labelledby="retention-h">
        <h2 id="retention-h">{t("privacy.admin.retentionHeading")}</h2>
        <p>{d.settings.retentionEnabled ? t("privacy.admin.retentionIsOn", { count: d.settings.retentionYears }) : t("privacy.admin.retentionIsOff")}</p>
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="retention-preview" />
          <FormAlert message={retentionIntent?.formError} />
          <Field
            name="years"
            type="number"
            label={t("privacy.admin.years")}
            hint={t("privacy.admin.yearsHint")}
            defaultValue={String(retentionIntent?.result?.years ?? (d.settings.retentionYears || ""))}
            error={retentionIntent?.errors.years}
          />
          <button type="submit" className="button secondary">
            {t("privacy.admin.preview")}
          </button>
        </Form>
        {retentionIntent?.result ? (
          <Form method="post" className="stack">
            <p role="status">{t("privacy.admin.previewResult", { count: retentionIntent.result.count, years: retentionIntent.result.years })}</p>
            <input type="hidden" name="intent" value="retention-enable" />
            <input type="hidden" name="years" value={retentionIntent.result.years} />
            <button type="submit" className="button danger">
              {t("privacy.admin.enable")}
            </button>
          </Form>
        ) : null}
        {d.settings.retentionEnabled ? (
          <Form method="post">
            <input type="hidden" name="intent" value="retention-disable" />
            <button type="submit" className="button secondary">
              {t("privacy.admin.disable")}
            </button>
          </Form>
        ) : null}
      </section>

      <section className="panel" aria-labelledby="requests-h">
        <h2 id="requests-h">{t("privacy.admin.requestsHeading")}</h2>
        <p>{t("privacy.admin.requestsHelp")}</p>
        <form method="get" className="search-form">
          <label htmlFor="f-lookup">{t("privacy.admin.lookup")}</label>
          <input id="f-lookup" name="email" type="email" defaultValue={d.email} maxLength={254} required />
          <button type="submit" className="button secondary">
            {t("privacy.admin.find")}
          </button>
        </form>
        {d.email && !d.account ? <p role="status">{t("privacy.admin.notFound")}</p> : null}
        {d.account ? (
          <div className="stack">
            <p>
              <strong>{d.account.name}</strong> · {d.account.email} · {t(`admin.roles.${d.account.role}`)}
            </p>
            <p>
              <a className="button secondary" href={`/admin/privacy/export/${d.account.id}`} download>
                {t("privacy.admin.exportLink")}
              </a>
            </p>
            <Form method="post" className="stack" noValidate>
              <input type="hidden" name="intent" value="erase" />
              <input type="hidden" name="userId" value={d.account.id} />
              <FormAlert message={actionData?.intent === "erase" ? actionData.formError : null} />
              <div className="field">
                <label className="choice">
                  <input type="checkbox" name="revoke" value="on" />
                  <span>{t("privacy.admin.revoke")}</span>
                </label>
              </div>
              <Field
                name="confirmEmail"
                type="email"
                label={t("privacy.admin.confirmEmail")}
                maxLength={254}
                required
                error={errorsFor("erase").confirmEmail}
              />
              <button type="submit" className="button danger">
                {t("privacy.admin.eraseButton")}
              </button>
            </Form>
          </div>
        ) : null}
      </section>
    </div>
  );
}
