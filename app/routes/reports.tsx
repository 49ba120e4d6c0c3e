import { useTranslation } from "react-i18next";
import { dateFormat, numberFormat } from "#app/i18n/datetime";
import { usePlatformTimeZone } from "#app/i18n/use-platform";
import { Form, Link } from "react-router";
import type { Route } from "./+types/reports";
import reportsCss from "#app/styles/reports.css?url";
import { BarChart, DumbbellChart } from "#app/components/report-charts";
import { ReportTable } from "#app/components/report-tables";
import { getCatalog } from "#app/content/content.server";
import { pick } from "#app/content/locales";
import { getInstance, getLocale } from "#app/middleware/i18next.server";
import { countryName } from "#app/countries/countries.server";
import { filtersToParams, scopeCohorts, scopeCountries, scopeQuarters } from "#app/reports/filters.server";
import { COUNT_INDICATORS, INDICATOR_FORMAT, VIEWS } from "#app/reports/indicators";
import { buildReport } from "#app/reports/report.server";
import { reportRequest } from "#app/reports/request.server";
import { CONSTITUENT_GROUPS, SEXES } from "#app/vocabulary";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: reportsCss }];

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

export function loader({ context, request }: Route.LoaderArgs) {
  const { db, scope, filters, errors, view, crosstab } = reportRequest(context, request);
  const t = getInstance(context).t;
  const locale = getLocale(context);
  const report = buildReport(db, scope, filters, { view, crosstab });
  const query = filtersToParams(filters);
  return {
    title: `${t("reports.title")} · SHP Campus`,
    scope: scope.kind === "all" ? "all" : scope.cohortIds.length ? "trainer" : "none",
    filters,
    errors: errors.map((e) => ({ field: e.field, message: t(e.message) })),
    query: query.toString(),
    report,
    options: {
      courses: getCatalog().courses.map((c) => ({ slug: c.slug, title: pick(c.title, locale).text })),
      cohorts: scopeCohorts(db, scope, filters.course).map((c) => ({ id: c.id, title: c.title })),
      // Grouped by ISO code; named in the page's language on the server.
      countries: scopeCountries(db, scope)
        .map((c) => ({ code: c, name: countryName(c, locale) }))
        .sort((a, b) => a.name.localeCompare(b.name, locale)),
      quarters: scopeQuarters(db, scope),
    },
  };
}

export default function Reports({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const timeZone = usePlatformTimeZone();
  const { report, filters, options, errors } = loaderData;
  const k = report.threshold;
  const q = loaderData.query;
  const withParams = (extra: Record<string, string>) =>
    `?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(q)), view: report.view, xt: report.crosstabIndicator, ...extra })}`;
  const csv = (table: string) => `/reports/csv/${table}${withParams({})}`;
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  const num = numberFormat(i18n.language);
  const date = dateFormat(i18n.language, "dateTime", timeZone);
  const sexLabel = (s: string) => (s === "total" ? t("reports.total") : t(`auth.sexes.${s}`));
  const quarterLabel = (q: string) => t("reports.filters.quarter", { year: q.slice(0, 4), quarter: q.slice(6) });
  // A period is a whole quarter (ADR 0011); the selected one is offered even when outside the list.
  const quarterOptions = (selected: string | null) =>
    [...(selected && !options.quarters.includes(selected) ? [selected] : []), ...options.quarters].map((q) => (
      <option key={q} value={q}>
        {quarterLabel(q)}
      </option>
    ));
  const groupLabel = (g: string) => (g === "total" ? t("reports.total") : t(`auth.groups.${g}`));
  const indicatorCols = report.bySex.cols.map((ind) => ({ key: ind, label: t(`reports.indicators.${ind}`), percent: INDICATOR_FORMAT[ind] === "percent" }));
  const applied = [
    filters.from && `${t("reports.filters.from")} ${quarterLabel(filters.from)}`,
    filters.to && `${t("reports.filters.to")} ${quarterLabel(filters.to)}`,
    filters.course && options.courses.find((c) => c.slug === filters.course)?.title,
    filters.cohort && options.cohorts.find((c) => c.id === filters.cohort)?.title,
    filters.country,
    filters.group && t(`auth.groups.${filters.group}`),
    filters.sex && t(`auth.sexes.${filters.sex}`),
  ].filter(Boolean);
  const enrolledIdx = report.bySex.cols.indexOf("enrolled");
  const completedIdx = report.bySex.cols.indexOf("completed");
  const bars = (rows: string[], cells: { v: number | null }[][], label: (k: string) => string) =>
    rows.filter((r) => r !== "total").map((r, i) => ({ label: label(r), values: [cells[i]![enrolledIdx]!.v, cells[i]![completedIdx]!.v] }));
  const series = [
    { label: t("reports.indicators.enrolled"), className: "chart-a" },
    { label: t("reports.indicators.completed"), className: "chart-b" },
  ];

  return (
    <div className="page report">
      <h1>{t("reports.title")}</h1>
      <p className="lead">{t("reports.intro")}</p>
      <p className="muted">
        {t(loaderData.scope === "all" ? "reports.scopeAll" : loaderData.scope === "trainer" ? "reports.scopeTrainer" : "reports.scopeNone")}
      </p>

      <Form method="get" className="report-filters no-print" aria-label={t("reports.filters.legend")}>
        <fieldset>
          <legend>{t("reports.filters.legend")}</legend>
          <div className="filter-grid">
            <FilterField label={t("reports.filters.from")} error={errorFor("from")} id="f-from">
              <select id="f-from" name="from" defaultValue={filters.from ?? ""} aria-invalid={!!errorFor("from") || undefined}>
                <option value="">{t("reports.filters.any")}</option>
                {quarterOptions(filters.from)}
              </select>
            </FilterField>
            <FilterField label={t("reports.filters.to")} error={errorFor("to")} id="f-to">
              <select id="f-to" name="to" defaultValue={filters.to ?? ""} aria-invalid={!!errorFor("to") || undefined}>
                <option value="">{t("reports.filters.any")}</option>
                {quarterOptions(filters.to)}
              </select>
            </FilterField>
            <FilterField label={t("reports.filters.course")} error={errorFor("course")} id="f-course">
              <select id="f-course" name="course" defaultValue={filters.course ?? ""}>
                <option value="">{t("reports.filters.any")}</option>
                {options.courses.map((c) => (
                  <option key={c.slug} value={c.slug}>
                    {c.title}
                  </option>
                ))}
              </select>
            </FilterField>
            <FilterField label={t("reports.filters.cohort")} error={errorFor("cohort")} id="f-cohort">
              <select id="f-cohort" name="cohort" defaultValue={filters.cohort ?? ""}>
                <option value="">{t("reports.filters.any")}</option>
                {options.cohorts.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.title}
                  </option>
                ))}
              </select>
            </FilterField>
            <FilterField label={t("reports.filters.country")} error={errorFor("country")} id="f-country">
              <select id="f-country" name="country" defaultValue={filters.country ?? ""}>
                <option value="">{t("reports.filters.any")}</option>
                {options.countries.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.name}
                  </option>
                ))}
              </select>
            </FilterField>
            <FilterField label={t("reports.filters.group")} error={errorFor("group")} id="f-group">
              <select id="f-group" name="group" defaultValue={filters.group ?? ""}>
                <option value="">{t("reports.filters.any")}</option>
                {CONSTITUENT_GROUPS.map((g) => (
                  <option key={g} value={g}>
                    {t(`auth.groups.${g}`)}
                  </option>
                ))}
              </select>
            </FilterField>
            <FilterField label={t("reports.filters.sex")} error={errorFor("sex")} id="f-sex">
              <select id="f-sex" name="sex" defaultValue={filters.sex ?? ""}>
                <option value="">{t("reports.filters.any")}</option>
                {SEXES.map((s) => (
                  <option key={s} value={s}>
                    {t(`auth.sexes.${s}`)}
                  </option>
                ))}
              </select>
            </FilterField>
          </div>
          <input type="hidden" name="view" value={report.view} />
          <input type="hidden" name="xt" value={report.crosstabIndicator} />
          <div className="actions">
            <button type="submit" className="button">
              {t("reports.filters.apply")}
            </button>
            <Link to="/reports" className="button secondary">
              {t("reports.filters.clear")}
            </Link>
          </div>
        </fieldset>
      </Form>

      <p className="report-meta">
        <strong>{t("reports.filters.applied")}:</strong> {applied.length ? applied.join(" · ") : t("reports.filters.none")}
        <br />
        {t("reports.generated", { date: date.format(report.generatedAt) })} · {t("reports.threshold", { threshold: k })}
      </p>
      {report.pending > 0 ? <p className="notice">{t("reports.pending", { count: report.pending })}</p> : null}
      <p className="no-print report-actions">
        <span className="muted">{t("reports.printHint")}</span> ·{" "}
        <a href={`/reports/xapi.jsonl${q ? `?${q}` : ""}`} download>
          {t("reports.xapi")}
        </a>{" "}
        · <Link to="/reports/evaluations">{t("reports.evaluationsLink")}</Link>
      </p>
      <p className="muted small no-print">{t("reports.xapiHint")}</p>

      <section aria-labelledby="r-summary">
        <h2 id="r-summary">{t("reports.sections.summary")}</h2>
        <ReportTable
          spec={{
            caption: t("reports.sections.summary"),
            corner: t("reports.indicator"),
            cols: report.summary.cols.map((m) => ({ key: m, label: t(`reports.modes.${m}`) })),
            rows: report.summary.rows.map((ind, i) => ({ key: ind, label: t(`reports.indicators.${ind}`), cells: report.summary.cells[i]! })),
            percentRows: report.summary.rows.map((ind) => INDICATOR_FORMAT[ind] === "percent"),
            threshold: k,
          }}
        />
        <CsvLink href={csv("summary")} table={t("reports.sections.summary")} />
      </section>

      <nav className="view-switch no-print" aria-label={t("reports.view.label")}>
        <span>{t("reports.view.label")}:</span>
        {VIEWS.map((v) =>
          v === report.view ? (
            <strong key={v} aria-current="true">
              {t(`reports.view.${v}`)}
            </strong>
          ) : (
            <Link key={v} to={withParams({ view: v })} preventScrollReset>
              {t(`reports.view.${v}`)}
            </Link>
          ),
        )}
      </nav>
      <p className="print-only">
        {t("reports.view.label")}: {t(`reports.view.${report.view}`)}
      </p>

      <section aria-labelledby="r-sex">
        <h2 id="r-sex">{t("reports.sections.bySex")}</h2>
        <ReportTable
          spec={{
            caption: `${t("reports.sections.bySex")} — ${t(`reports.view.${report.view}`)}`,
            corner: t("reports.filters.sex"),
            cols: indicatorCols,
            rows: report.bySex.rows.map((s, i) => ({ key: s, label: sexLabel(s), cells: report.bySex.cells[i]!, total: s === "total" })),
            threshold: k,
          }}
        />
        <CsvLink href={csv("by-sex")} table={t("reports.sections.bySex")} />
        <BarChart
          title={t("reports.charts.bySex")}
          series={series}
          categories={bars(report.bySex.rows, report.bySex.cells, sexLabel)}
          hiddenLabel={t("reports.charts.hiddenBar")}
          format={(n) => num.format(n)}
        />
      </section>

      <section aria-labelledby="r-group">
        <h2 id="r-group">{t("reports.sections.byGroup")}</h2>
        <ReportTable
          spec={{
            caption: `${t("reports.sections.byGroup")} — ${t(`reports.view.${report.view}`)}`,
            corner: t("reports.filters.group"),
            cols: indicatorCols,
            rows: report.byGroup.rows.map((g, i) => ({ key: g, label: groupLabel(g), cells: report.byGroup.cells[i]!, total: g === "total" })),
            threshold: k,
          }}
        />
        <CsvLink href={csv("by-group")} table={t("reports.sections.byGroup")} />
        <BarChart
          title={t("reports.charts.byGroup")}
          series={series}
          categories={bars(report.byGroup.rows, report.byGroup.cells, groupLabel)}
          hiddenLabel={t("reports.charts.hiddenBar")}
          format={(n) => num.format(n)}
        />
      </section>

      <section aria-labelledby="r-xtab">
        <h2 id="r-xtab">{t("reports.sections.crosstab")}</h2>
        <nav className="view-switch no-print" aria-label={t("reports.crosstabShow")}>
          <span>{t("reports.crosstabShow")}:</span>
          {COUNT_INDICATORS.map((ind) =>
            ind === report.crosstabIndicator ? (
              <strong key={ind} aria-current="true">
                {t(`reports.indicators.${ind}`)}
              </strong>
            ) : (
              <Link key={ind} to={withParams({ xt: ind })} preventScrollReset>
                {t(`reports.indicators.${ind}`)}
              </Link>
            ),
          )}
        </nav>
        <ReportTable
          spec={{
            caption: `${t("reports.sections.crosstab")} — ${t(`reports.indicators.${report.crosstabIndicator}`)} — ${t(`reports.view.${report.view}`)}`,
            corner: `${t("reports.filters.group")} \\ ${t("reports.filters.sex")}`,
            cols: report.crosstab.cols.map((s) => ({ key: s, label: sexLabel(s) })),
            rows: report.crosstab.rows.map((g, i) => ({ key: g, label: groupLabel(g), cells: report.crosstab.cells[i]!, total: g === "total" })),
            threshold: k,
          }}
        />
        <CsvLink href={csv("crosstab")} table={t("reports.sections.crosstab")} />
      </section>

      <section aria-labelledby="r-gain">
        <h2 id="r-gain">{t("reports.sections.gain")}</h2>
        {report.gain.overall.n.s === "ok" && report.gain.overall.n.v === 0 ? (
          <p>{t("reports.gain.none")}</p>
        ) : (
          <>
            <ReportTable
              spec={{
                caption: t("reports.sections.gain"),
                corner: t("reports.gain.cohort"),
                cols: [
                  { key: "n", label: t("reports.gain.n") },
                  { key: "pre", label: t("reports.gain.pretest"), percent: true },
                  { key: "final", label: t("reports.gain.final"), percent: true },
                  { key: "gain", label: t("reports.gain.gain") },
                  { key: "improved", label: t("reports.gain.improved"), percent: true },
                ],
                rows: [...report.gain.rows, report.gain.overall].map((r, i) => ({
                  key: r.cohortId ?? (i === report.gain.rows.length ? "overall" : "self"),
                  label: i === report.gain.rows.length ? t("reports.gain.overall") : (r.title ?? t("reports.gain.selfPaced")),
                  cells: [r.n, r.pretest, r.final, r.gain, r.improved],
                  total: i === report.gain.rows.length,
                })),
                threshold: k,
              }}
            />
            <CsvLink href={csv("gain")} table={t("reports.sections.gain")} />
            <DumbbellChart
              title={t("reports.charts.gain")}
              fromLabel={t("reports.charts.pretest")}
              toLabel={t("reports.charts.final")}
              hiddenLabel={t("reports.charts.hiddenBar")}
              axisLabel={t("reports.charts.percentAxis")}
              rows={[...report.gain.rows, report.gain.overall].map((r, i) => ({
                label: i === report.gain.rows.length ? t("reports.gain.overall") : (r.title ?? t("reports.gain.selfPaced")),
                from: r.pretest.v,
                to: r.final.v,
              }))}
            />
          </>
        )}
        {report.gain.excluded.s === "small" ? (
          <p className="muted">{t("reports.gain.excludedFew", { threshold: k })}</p>
        ) : report.gain.excluded.v ? (
          <p className="muted">{t("reports.gain.excluded", { count: report.gain.excluded.v })}</p>
        ) : null}
        <h3>{t("reports.gain.participants")}</h3>
        {report.gain.participants ? (
          <>
            <div className="table-scroll" tabIndex={0} role="region" aria-label={t("reports.gain.participants")}>
              <table className="report-table">
                <caption>{t("reports.gain.participants")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("reports.gain.name")}</th>
                    <th scope="col">{t("reports.gain.organisation")}</th>
                    <th scope="col" className="num">
                      {t("reports.gain.pretestScore")}
                    </th>
                    <th scope="col" className="num">
                      {t("reports.gain.finalScore")}
                    </th>
                    <th scope="col" className="num">
                      {t("reports.gain.gainScore")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {report.gain.participants.map((p, i) => (
                    <tr key={i}>
                      <th scope="row">{p.name === "" ? t("privacy.accountClosed") : p.name}</th>
                      <td>{p.organisation}</td>
                      <td className="num">{num.format(p.pretest)}%</td>
                      <td className="num">{num.format(p.final)}%</td>
                      <td className="num">{p.gain > 0 ? `+${num.format(p.gain)}` : num.format(p.gain)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <CsvLink href={csv("participants")} table={t("reports.gain.participants")} />
          </>
        ) : (
          <p className="muted">{t("reports.gain.participantsHint")}</p>
        )}
      </section>

      <section aria-labelledby="r-defs" className="report-definitions">
        <h2 id="r-defs">{t("reports.sections.definitions")}</h2>
        <ul className="legend">
          <li>{t("reports.legend.small", { threshold: k })}</li>
          <li>{t("reports.legend.hidden")}</li>
          <li>{t("reports.legend.na")}</li>
        </ul>
        <ul>
          {(["period", "mode", "active", "completed", "certified", "rates", "attendance", "gain"] as const).map((d) => (
            <li key={d}>{t(`reports.definitions.${d}`)}</li>
          ))}
          <li>{t("reports.definitions.suppression", { threshold: k, below: k - 1 })}</li>
        </ul>
      </section>
    </div>
  );
}

function FilterField({ label, error, id, children }: { label: string; error?: string; id: string; children: React.ReactNode }) {
  return (
    <div className={`field${error ? " has-error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {error ? (
        <p className="error-text" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

function CsvLink({ href, table }: { href: string; table: string }) {
  const { t } = useTranslation();
  return (
    <p className="csv-link no-print">
      <a href={href} download>
        {t("reports.csvOf", { table })}
      </a>
    </p>
  );
}
