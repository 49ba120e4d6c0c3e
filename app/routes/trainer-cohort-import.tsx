import { useTranslation } from "react-i18next";
import { countryName } from "#app/countries/countries.server";
import { Form, Link } from "react-router";
import type { Route } from "./+types/trainer-cohort-import";
import { requireTrainerCohort } from "#app/cohorts/guard.server";
import { publicOrigin } from "#app/env.server";
import { CSV_HEADER, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from "#app/cohorts/import-format";
import { done, FORM_LIMITS, invalid, readFormWithin } from "#app/forms.server";
import {
  parseParticipantsCsv,
  pendingImportRows,
  previewImport,
  runImport,
  skippedLinesCsv,
  storePendingImport,
  type ImportIssue,
  type PreviewRow,
} from "#app/cohorts/import.server";
import { LinksSheet, type PrintableLink } from "#app/components/cohort-ui";
import { withQr } from "#app/cohorts/qr.server";
import { FormAlert } from "#app/components/fields";
import { getInstance, getLocale } from "#app/middleware/i18next.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

export function loader({ context, request, params }: Route.LoaderArgs) {
  const { cohort } = requireTrainerCohort(context, request, params.id, "manage");
  return {
    title: `${getInstance(context).t("cohorts.import.title")} · ${cohort.title}`,
    cohortId: cohort.id,
    cohortTitle: cohort.title,
    timeZone: cohort.timeZone,
  };
}

/** Where the import stands after a post (the action's result): a refused file's report, the preview to confirm, or done. */
type ImportStep =
  | {
      step: "report";
      issues: ImportIssue[];
      rowCount: number;
      /** The rows without a problem, kept for "import the valid rows only" (absent when none or the whole file is wrong). */
      valid?: { count: number; skipped: number; pendingId: string; skippedCsv: string };
    }
  | { step: "preview"; rows: PreviewRow[]; newMembers: number; placesLeft: number | null; pendingId: string }
  | { step: "done"; rows: number; alreadyMembers: number; links: PrintableLink[] };

export async function action({ context, request, params }: Route.ActionArgs) {
  const { db, cohort, user } = requireTrainerCohort(context, request, params.id, "manage");
  const t = getInstance(context).t;
  // The CSV file may be up to MAX_IMPORT_BYTES; the rest of the form is a few fields.
  const read = await readFormWithin(request, { ...FORM_LIMITS, maxBytes: MAX_IMPORT_BYTES + 64 * 1024 });
  const report = (issues: ImportIssue[], rowCount: number, status: number, valid?: Extract<ImportStep, { step: "report" }>["valid"]) =>
    invalid<ImportStep>({ formError: t("cohorts.import.hasErrors", { count: issues.length }), result: { step: "report", issues, rowCount, valid } }, status);
  const previewStep = (parsedRows: Parameters<typeof previewImport>[2], pendingId: string) => {
    const preview = previewImport(db, cohort.id, parsedRows);
    const full = preview.placesLeft !== null && preview.newMembers > preview.placesLeft;
    const locale = getLocale(context);
    const rows = preview.rows.map((r) => ({ ...r, country: countryName(r.country, locale) }));
    // Over capacity: the preview is shown with the reason it cannot be confirmed.
    return done<ImportStep>(
      { step: "preview", ...preview, rows, pendingId },
      { formError: full ? t("cohorts.import.capacity", { needed: preview.newMembers, left: preview.placesLeft ?? 0 }) : null },
    );
  };
  if (!read.ok && read.status === 413) return report([{ line: 0, key: "cohorts.import.errors.tooBig", values: { max: MAX_IMPORT_ROWS } }], 0, 413);
  if (!read.ok) return invalid({ formError: t("errors.badRequest") });
  const form = read.form;
  const intent = form.get("intent");
  if (intent === "preview") {
    const file = form.get("file");
    if (!file || typeof file === "string") return report([{ line: 0, key: "cohorts.import.errors.noFile" }], 0, 400);
    const parsed = parseParticipantsCsv(new Uint8Array(await file.arrayBuffer()));
    if (!parsed.ok) {
      // The valid rows are kept (as a preview would keep them) so the trainer may import them alone;
      // the skipped lines go back as a CSV to fix and upload again.
      const valid =
        parsed.validRows.length > 0
          ? {
              count: parsed.validRows.length,
              skipped: parsed.skipped.length,
              pendingId: storePendingImport(db, cohort.id, user.id, parsed.validRows),
              skippedCsv: skippedLinesCsv(parsed, (i) => t(i.key, i.values)),
            }
          : undefined;
      return report(parsed.issues.slice(0, 500), parsed.rowCount, 400, valid);
    }
    return previewStep(parsed.rows, storePendingImport(db, cohort.id, user.id, parsed.rows));
  }
  if (intent === "preview-valid") {
    const pendingId = String(form.get("pendingId") ?? "").slice(0, 64);
    const rows = pendingImportRows(db, cohort.id, user.id, pendingId);
    if (!rows) return invalid({ formError: t("cohorts.import.expired") });
    return previewStep(rows, pendingId);
  }
  if (intent === "confirm") {
    const out = runImport(db, user, cohort.id, String(form.get("pendingId") ?? "").slice(0, 64), publicOrigin());
    if (!out.ok)
      return invalid({
        formError: out.reason === "full" ? t("cohorts.import.capacity", { needed: out.needed ?? 0, left: out.placesLeft ?? 0 }) : t("cohorts.import.expired"),
      });
    // Counts that would tell accounts from new addresses are not shown; the printed links are the new accounts' invitations.
    return done<ImportStep>({
      step: "done",
      rows: out.created + out.invited + out.alreadyMembers + out.unchanged,
      alreadyMembers: out.alreadyMembers,
      links: await withQr(out.links),
    });
  }
  return invalid({ formError: t("errors.badRequest") });
}

function UploadForm() {
  const { t } = useTranslation();
  return (
    <Form method="post" encType="multipart/form-data" className="stack">
      <input type="hidden" name="intent" value="preview" />
      <div className="field">
        <label htmlFor="f-file">{t("cohorts.import.file")}</label>
        <p id="f-file-hint" className="hint">
          {t("cohorts.import.fileHint", { max: MAX_IMPORT_ROWS })}
        </p>
        <input id="f-file" name="file" type="file" accept=".csv,text/csv" required aria-describedby="f-file-hint" />
      </div>
      <button type="submit" className="button">
        {t("cohorts.import.preview")}
      </button>
    </Form>
  );
}

export default function ImportParticipants({ loaderData: d, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const back = `/trainer/cohorts/${d.cohortId}/participants`;
  const result = actionData?.result;
  const formError = actionData?.formError ?? null;
  if (result?.step === "done") {
    return (
      <>
        <h1 className="no-print">{t("cohorts.import.title")}</h1>
        <FormAlert tone="success" message={t("cohorts.import.done", { count: result.rows, already: result.alreadyMembers })} />
        <p className="no-print">{t("cohorts.import.doneExplain")}</p>
        {result.links.length > 0 ? <LinksSheet links={result.links} cohortTitle={d.cohortTitle} timeZone={d.timeZone} /> : null}
        <p className="no-print">
          <Link to={back}>{t("cohorts.participants.back")}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>{t("cohorts.import.title")}</h1>
      {result ? null : <FormAlert message={formError} />}
      {result?.step === "report" ? (
        <section aria-labelledby="report-h">
          <FormAlert message={formError} />
          <h2 id="report-h">{t("cohorts.import.report")}</h2>
          <div className="table-scroll">
            <table className="data-table import-report">
              <thead>
                <tr>
                  <th scope="col">{t("cohorts.import.line")}</th>
                  <th scope="col">{t("cohorts.import.problem")}</th>
                </tr>
              </thead>
              <tbody>
                {result.issues.map((i, n) => (
                  <tr key={n}>
                    <td>{i.line === 0 ? t("cohorts.import.wholeFile") : i.line}</td>
                    <td>{t(i.key, i.values)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p>{t("cohorts.import.nothingChanged")}</p>
          {result.valid ? (
            <div className="panel">
              <p>{t("cohorts.import.validOnly", { count: result.valid.count, skipped: result.valid.skipped })}</p>
              <Form method="post" className="actions">
                <input type="hidden" name="intent" value="preview-valid" />
                <input type="hidden" name="pendingId" value={result.valid.pendingId} />
                <button type="submit" className="button">
                  {t("cohorts.import.previewValid", { count: result.valid.count })}
                </button>
                <a
                  className="button secondary"
                  href={`data:text/csv;charset=utf-8,${encodeURIComponent(result.valid.skippedCsv)}`}
                  download="skipped-lines.csv"
                >
                  {t("cohorts.import.downloadSkipped")}
                </a>
              </Form>
            </div>
          ) : null}
        </section>
      ) : null}
      {result?.step === "preview" ? (
        <section aria-labelledby="preview-h">
          <h2 id="preview-h">{t("cohorts.import.previewTitle", { count: result.rows.length })}</h2>
          <FormAlert message={formError} />
          <p>
            {t("cohorts.import.summary", {
              invite: result.rows.filter((r) => r.status === "invite").length,
              member: result.rows.filter((r) => r.status === "member").length,
              invited: result.rows.filter((r) => r.status === "invited" || r.status === "declined").length,
            })}
          </p>
          <p className="hint">{t("cohorts.import.consent")}</p>
          <p className="hint">{t("cohorts.import.profilesKept")}</p>
          <Form method="post" className="actions">
            <input type="hidden" name="intent" value="confirm" />
            <input type="hidden" name="pendingId" value={result.pendingId} />
            <button type="submit" className="button" disabled={!!formError}>
              {t("cohorts.import.confirm", { count: result.rows.length })}
            </button>
            <Link className="button secondary" to={back}>
              {t("cohorts.import.cancel")}
            </Link>
          </Form>
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t("cohorts.import.line")}</th>
                  <th scope="col">{t("auth.name")}</th>
                  <th scope="col">{t("auth.email")}</th>
                  <th scope="col">{t("auth.organisation")}</th>
                  <th scope="col">{t("auth.constituentGroup")}</th>
                  <th scope="col">{t("auth.sex")}</th>
                  <th scope="col">{t("auth.country")}</th>
                  <th scope="col">{t("cohorts.import.status")}</th>
                </tr>
              </thead>
              <tbody>
                {result.rows.map((r) => (
                  <tr key={r.email}>
                    <td>{r.line}</td>
                    <td>{r.name}</td>
                    <td>{r.email}</td>
                    <td>{r.organisation}</td>
                    <td>{t(`auth.groups.${r.constituentGroup}`)}</td>
                    <td>{t(`auth.sexes.${r.sex}`)}</td>
                    <td>{r.country}</td>
                    <td>{t(`cohorts.import.statuses.${r.status}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : (
        <>
          <p>{t("cohorts.import.lead")}</p>
          <pre className="csv-sample">{`${CSV_HEADER}\nSomchai Phommavong,somchai@example.org,Ministry of Health,Government,Man,Lao PDR`}</pre>
          <p className="hint">{t("cohorts.import.codes")}</p>
          <p>
            <a href={`/trainer/cohorts/${d.cohortId}/participants/import/template.csv`} download>
              {t("cohorts.import.template")}
            </a>
          </p>
          <UploadForm />
        </>
      )}
    </>
  );
}
