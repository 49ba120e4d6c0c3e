import { useTranslation } from "react-i18next";
import { NavLink } from "react-router";
import { formatDay, formatInstant, zoneLabel } from "#app/i18n/datetime";

// Dates and times render the same string on the server and in the browser (app/i18n/datetime.ts):
// phones without Lao Intl data no longer turn "7 ທັນວາ 2026" into "December 7, 2026".

/** A calendar date 'YYYY-MM-DD' (a workshop's dates) in the page's locale. */
export function formatDate(iso: string, locale: string) {
  return formatDay(iso, locale);
}

/** An instant in a workshop's time zone, with the locale's clock (24-hour where the locale uses it). */
export function formatDateTime(ms: number, locale: string, timeZone: string) {
  return formatInstant(ms, "dateTime", locale, timeZone);
}

export function formatTime(ms: number, locale: string, timeZone: string) {
  return formatInstant(ms, "time", locale, timeZone);
}

/** "Times are in Vientiane (UTC+07:00)": the one way a zone is named next to times. */
export function TimesIn({ timeZone }: { timeZone: string }) {
  const { t } = useTranslation();
  return <p className="muted times-in">{t("cohorts.timesIn", { zone: zoneLabel(timeZone) })}</p>;
}

export const COHORT_TABS = ["participants", "schedule", "attendance", "gradebook", "announcements", "evaluation", "settings"] as const;

/** The cohort workspace's sections, as plain links (tabs without JavaScript). */
export function CohortTabs({ cohortId }: { cohortId: string }) {
  const { t } = useTranslation();
  const base = `/trainer/cohorts/${cohortId}`;
  return (
    <nav className="tabs" aria-label={t("cohorts.tabs.label")}>
      <NavLink to={base} end>
        {t("cohorts.tabs.overview")}
      </NavLink>
      {COHORT_TABS.map((tab) => (
        <NavLink key={tab} to={`${base}/${tab}`}>
          {t(`cohorts.tabs.${tab}`)}
        </NavLink>
      ))}
    </nav>
  );
}

export type Announcement = {
  id: string;
  title: string;
  body: string;
  html?: string;
  createdAt: number;
  author: string | null;
  cohortTitle?: string;
  timeZone: string;
};

export function AnnouncementList({ items, headingLevel = 3 }: { items: Announcement[]; headingLevel?: 2 | 3 }) {
  const { t, i18n } = useTranslation();
  const H = headingLevel === 2 ? "h2" : "h3";
  return (
    <ul className="announcements">
      {items.map((a) => (
        <li key={a.id} className="announcement">
          <H className="announcement-title">{a.title}</H>
          <p className="muted">{[a.cohortTitle, a.author, formatInstant(a.createdAt, "date", i18n.language, a.timeZone)].filter(Boolean).join(" · ")}</p>
          {/* html: the body rendered on the server by announcementHtml (Markdown subset, HTML escaped, unsafe links dropped). */}
          {a.html !== undefined ? (
            <div className="announcement-body formatted" dangerouslySetInnerHTML={{ __html: a.html }} />
          ) : (
            <p className="announcement-body">{a.body}</p>
          )}
        </li>
      ))}
      {items.length === 0 ? <li className="muted">{t("cohorts.announcements.none")}</li> : null}
    </ul>
  );
}

export type PrintableLink = { userId: string; name: string; email: string; url: string; expiresAt: number; qr?: string };

/** The one-time set-password links of new participants, to print and hand out. */
export function LinksSheet({ links, cohortTitle, timeZone }: { links: PrintableLink[]; cohortTitle: string; timeZone: string }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="links-sheet" aria-labelledby="links-h">
      <h2 id="links-h">{t("cohorts.links.title", { count: links.length })}</h2>
      <p className="no-print">{t("cohorts.links.help")}</p>
      <p className="print-only">{cohortTitle}</p>
      <div className="table-scroll">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t("auth.name")}</th>
              <th scope="col">{t("auth.email")}</th>
              <th scope="col">{t("cohorts.links.link")}</th>
              <th scope="col">{t("cohorts.links.expires")}</th>
            </tr>
          </thead>
          <tbody>
            {links.map((l) => (
              <tr key={l.userId}>
                <td>{l.name}</td>
                <td>{l.email}</td>
                <td className="break">
                  {l.qr ? <img className="qr qr-small" src={l.qr} width={112} height={112} alt={t("qr.setPasswordAlt", { name: l.name })} /> : null}
                  <code>{l.url}</code>
                </td>
                <td>{formatInstant(l.expiresAt, "dateTime", i18n.language, timeZone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

type TFn = (key: string, values?: Record<string, unknown>) => string;
export type RuleView = { rule: "allModules" | "finalPass" | "minAttendance" | "evaluationSubmitted"; met: boolean; detail: Record<string, number | null> };

/** One completion rule in words: what it requires and where the participant stands. */
export function ruleText(t: TFn, r: RuleView): string {
  const d = r.detail;
  if (r.rule === "allModules")
    return t("cohorts.gradebook.ruleModules", { lessons: d.lessonsDone, lessonsTotal: d.lessonsTotal, quizzes: d.quizzesPassed, quizzesTotal: d.quizzesTotal });
  if (r.rule === "finalPass")
    return d.bestPercent === null
      ? t("cohorts.gradebook.ruleFinalNone", { passMark: d.passMark })
      : t("cohorts.gradebook.ruleFinal", { percent: Math.round(d.bestPercent ?? 0), passMark: d.passMark });
  if (r.rule === "evaluationSubmitted") return t(r.met ? "cohorts.gradebook.ruleEvaluationDone" : "cohorts.gradebook.ruleEvaluation");
  return t("cohorts.gradebook.ruleAttendance", {
    percent: d.percent,
    required: d.required,
    present: d.present,
    held: d.held ?? d.sessions,
    scheduled: d.scheduled ?? d.sessions,
    sessions: d.sessions,
    needed: d.needed,
  });
}

/** What is still missing, in words ("" when every rule is met). */
export function missingText(t: TFn, rules: RuleView[]): string {
  return rules
    .filter((r) => !r.met)
    .map((r) => ruleText(t, r))
    .join("; ");
}
