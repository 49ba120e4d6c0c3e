import { useTranslation } from "react-i18next";
import { dateFormat } from "#app/i18n/datetime";
import { data, Form, Link, redirect } from "react-router";
import type { Route } from "./+types/admin-certificates";
import { requireRole } from "#app/auth/guards.server";
import { AdminCertificateSchema, manageCertificate, certificateRows } from "#app/certificates/admin.server";
import { FormAlert, SearchForm } from "#app/components/fields";
import { getDb } from "#app/db.server";
import { invalid, parseForm, readForm } from "#app/forms.server";
import { getInstance, getLocale } from "#app/middleware/i18next.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

export function loader({ context, request }: Route.LoaderArgs) {
  const user = requireRole(context, request, ["admin", "trainer"]);
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").slice(0, 100);
  return {
    title: `${getInstance(context).t("certificates.admin.title")} · SHP Campus`,
    q,
    isAdmin: user.role === "admin",
    done: url.searchParams.get("done"),
    doneCode: url.searchParams.get("code"),
    rows: certificateRows(getDb(), user, q, getLocale(context)),
  };
}

export async function action({ context, request }: Route.ActionArgs) {
  const user = requireRole(context, request, ["admin", "trainer"]);
  const t = getInstance(context).t;
  const parsed = parseForm(await readForm(request), AdminCertificateSchema);
  if (!parsed.ok) {
    const err = Object.values(parsed.errors)[0] ?? { key: "errors.badRequest" };
    return invalid({ formError: t(err.key, err.values), errors: parsed.errors, values: parsed.values });
  }
  const result = manageCertificate(getDb(), user, parsed.data);
  if (!result.ok) {
    if (result.reason === "not-found") throw data({ error: "not-found" }, { status: 404 });
    if (result.reason === "forbidden") throw data({ error: "forbidden" }, { status: 403 });
    const message = {
      "already-revoked": "alreadyRevoked",
      revoked: "cannotReissueRevoked",
      replaced: "alreadyReplaced",
      "no-change": "noNameChange",
      "name-required": "nameRequired",
    }[result.reason];
    return invalid({ formError: t(`certificates.admin.${message}`), values: { code: parsed.data.code } });
  }
  const back = new URL(request.url).searchParams.get("q") ?? "";
  return redirect(`/admin/certificates?${new URLSearchParams({ q: back, done: parsed.data.intent, code: result.code })}`);
}

export default function AdminCertificates({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const fmt = dateFormat(i18n.language, "date", "UTC");
  const done =
    loaderData.done === "revoke"
      ? t("certificates.admin.revokedDone", { code: loaderData.doneCode })
      : loaderData.done === "reissue"
        ? t("certificates.admin.reissuedDone", { code: loaderData.doneCode })
        : null;
  const action = `/admin/certificates${loaderData.q ? `?q=${encodeURIComponent(loaderData.q)}` : ""}`;
  return (
    <div className="page">
      <h1>{t("certificates.admin.title")}</h1>
      {loaderData.isAdmin ? null : <p className="muted">{t("certificates.admin.trainerNote")}</p>}
      <FormAlert message={actionData?.formError} />
      <FormAlert tone="success" message={done} />
      <SearchForm id="cert-q" label={t("certificates.admin.search")} button={t("certificates.admin.searchButton")} defaultValue={loaderData.q} />
      {loaderData.rows.length === 0 ? (
        <p>{t("certificates.admin.none")}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t("certificates.admin.code")}</th>
                <th scope="col">{t("certificates.admin.holder")}</th>
                <th scope="col">{t("certificates.admin.course")}</th>
                <th scope="col">{t("certificates.admin.issuedOn")}</th>
                <th scope="col">{t("certificates.admin.status")}</th>
                <th scope="col">{t("certificates.admin.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {loaderData.rows.map((r) => (
                <tr key={r.code} data-code={r.code}>
                  <td>
                    <Link to={`/verify/${r.code}`}>
                      <code>{r.code}</code>
                    </Link>
                  </td>
                  <td>
                    {r.holderName === "" ? (
                      <span className="muted">{t("privacy.accountClosed")}</span>
                    ) : (
                      <>
                        <span lang={r.locale}>{r.holderName}</span>
                        <br />
                        <span className="muted">{r.email}</span>
                      </>
                    )}
                  </td>
                  <td>{r.courseTitle}</td>
                  <td>{fmt.format(r.issuedAt)}</td>
                  <td>{t(`certificates.status.${r.status}`)}</td>
                  <td>
                    {r.status === "valid" ? (
                      <div className="stack-small">
                        <Form method="post" action={action} className="inline-form">
                          <input type="hidden" name="intent" value="revoke" />
                          <input type="hidden" name="code" value={r.code} />
                          <label htmlFor={`reason-${r.code}`} className="visually-hidden">
                            {t("certificates.admin.reason")}: {r.code}
                          </label>
                          <input id={`reason-${r.code}`} name="reason" type="text" maxLength={500} required placeholder={t("certificates.admin.reason")} />
                          <button type="submit" className="button small secondary">
                            {t("certificates.admin.revoke")}
                          </button>
                        </Form>
                        <Form method="post" action={action} className="inline-form">
                          <input type="hidden" name="intent" value="reissue" />
                          <input type="hidden" name="code" value={r.code} />
                          {r.holderName === "" ? null : loaderData.isAdmin ? (
                            <>
                              <label htmlFor={`name-${r.code}`} className="visually-hidden">
                                {t("certificates.admin.newName")}: {r.code}
                              </label>
                              <input id={`name-${r.code}`} name="holderName" type="text" maxLength={200} required defaultValue={r.currentName} />
                              <button type="submit" className="button small secondary">
                                {t("certificates.admin.reissue")}
                              </button>
                            </>
                          ) : r.currentName !== r.holderName ? (
                            <button type="submit" className="button small secondary">
                              {t("certificates.admin.reissueProfileName", { name: r.currentName })}
                            </button>
                          ) : null}
                        </Form>
                      </div>
                    ) : null}
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
