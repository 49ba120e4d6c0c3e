import { useTranslation } from "react-i18next";
import { Form, redirect } from "react-router";
import type { Route } from "./+types/admin-jobs";
import { requireRole } from "#app/auth/guards.server";
import { FormAlert } from "#app/components/fields";
import { getDb } from "#app/db.server";
import { env } from "#app/env.server";
import { readForm } from "#app/forms.server";
import { formatInstant, formatNumber } from "#app/i18n/datetime";
import { DEFAULT_MAX_ATTEMPTS, jobOverview, retryDeadJobs } from "#app/jobs/queue.server";
import { getInstance, getLocale } from "#app/middleware/i18next.server";
import { JOB_STATUSES } from "#db/schema";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

/** Administrators: how many jobs wait, run, are done or dead, and the jobs that failed (dead letters), with Retry. */
export function loader({ context, request }: Route.LoaderArgs) {
  requireRole(context, request, ["admin"]);
  const locale = getLocale(context);
  const { counts, troubled, byKind } = jobOverview(getDb());
  const retried = Math.max(0, Math.min(1000, Number(new URL(request.url).searchParams.get("retried")) || 0));
  return {
    title: `${getInstance(context).t("notifications.jobs.title")} · SHP Campus`,
    counts: JOB_STATUSES.map((s) => ({ status: s, n: formatNumber(counts[s] ?? 0, locale) })),
    byKind: byKind.map((k) => ({ kind: k.kind, n: JOB_STATUSES.map((s) => formatNumber(k.counts[s] ?? 0, locale)) })),
    statuses: JOB_STATUSES,
    troubled: troubled.map((j) => ({
      ...j,
      next: j.status === "queued" ? formatInstant(j.runAt, "dateTime", locale, env.TIME_ZONE) : "",
    })),
    retried,
    maxAttempts: DEFAULT_MAX_ATTEMPTS,
  };
}

export async function action({ context, request }: Route.ActionArgs) {
  requireRole(context, request, ["admin"]);
  const form = await readForm(request);
  const ids = form
    .getAll("id")
    .map((v) => Number(String(v).slice(0, 20)))
    .filter((n) => Number.isSafeInteger(n));
  const retried = retryDeadJobs(getDb(), ids);
  return redirect(`/admin/jobs?retried=${retried}`);
}

export default function AdminJobs({ loaderData: d }: Route.ComponentProps) {
  const { t } = useTranslation();
  return (
    <div className="page">
      <h1>{t("notifications.jobs.title")}</h1>
      <p>{t("notifications.jobs.intro", { max: d.maxAttempts })}</p>
      <FormAlert tone="success" message={d.retried ? t("notifications.jobs.retried", { count: d.retried }) : null} />
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{t("notifications.jobs.status")}</th>
            <th scope="col">{t("notifications.jobs.count")}</th>
          </tr>
        </thead>
        <tbody>
          {d.counts.map((c) => (
            <tr key={c.status}>
              <th scope="row">{t(`notifications.jobs.statuses.${c.status}`)}</th>
              <td>{c.n}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {d.byKind.length > 0 ? (
        <>
          <h2>{t("notifications.jobs.byKind")}</h2>
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t("notifications.jobs.kind")}</th>
                  {d.statuses.map((s) => (
                    <th scope="col" key={s}>
                      {t(`notifications.jobs.statuses.${s}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {d.byKind.map((k) => (
                  <tr key={k.kind}>
                    <th scope="row">
                      <code>{k.kind}</code>
                    </th>
                    {k.n.map((n, i) => (
                      <td key={d.statuses[i]}>{n}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      <h2>{t("notifications.jobs.troubled")}</h2>
      {d.troubled.length === 0 ? (
        <p>{t("notifications.jobs.none")}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t("notifications.jobs.kind")}</th>
                <th scope="col">{t("notifications.jobs.status")}</th>
                <th scope="col">{t("notifications.jobs.attempts")}</th>
                <th scope="col">{t("notifications.jobs.nextRun")}</th>
                <th scope="col">{t("notifications.jobs.error")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("notifications.jobs.retry")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {d.troubled.map((j) => (
                <tr key={j.id}>
                  <td>
                    {j.kind}
                    <br />
                    <code>{j.key}</code>
                  </td>
                  <td>{t(`notifications.jobs.statuses.${j.status}`)}</td>
                  <td>
                    {j.attempts}/{j.maxAttempts}
                  </td>
                  <td>{j.next}</td>
                  <td>{j.lastError}</td>
                  <td>
                    {j.status === "dead" ? (
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="id" value={j.id} />
                        <button type="submit" className="button small secondary">
                          {t("notifications.jobs.retry")}
                        </button>
                      </Form>
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
