import type { Route } from "./+types/trainer-cohort-gradebook-csv";
import { buildGradebook, gradebookCsv, parseGradebookQuery } from "#app/cohorts/completion.server";
import { requireTrainerCohort } from "#app/cohorts/guard.server";
import { missingText } from "#app/components/cohort-ui";
import { csvHeaders } from "#app/csv.server";
import { pick, type Locale } from "#app/content/locales";
import { getInstance, getLocale } from "#app/middleware/i18next.server";

/** The gradebook as a CSV download (UTF-8 with BOM), with the same filter and sort as the page. */
export function loader({ context, request, params }: Route.LoaderArgs) {
  const { db, cohort, course } = requireTrainerCohort(context, request, params.id, "view");
  const t = getInstance(context).t;
  const locale = getLocale(context);
  const book = buildGradebook(db, cohort, course, parseGradebookQuery(new URL(request.url).searchParams));
  const lessonTitles = new Map(course.lessons.map((l) => [l.key, (l.versions[locale as Locale] ?? l.versions.en).title]));
  const moduleTitles = new Map(course.modules.map((m) => [m.slug, pick(m.title, locale).text]));
  const csv = gradebookCsv(book, {
    header: [
      t("auth.name"),
      t("auth.email"),
      t("auth.organisation"),
      t("cohorts.gradebook.lessons"),
      t("course.final"),
      t("cohorts.tabs.attendance"),
      t("cohorts.gradebook.meets"),
      t("cohorts.gradebook.missing"),
    ],
    lesson: (key) => lessonTitles.get(key) ?? key,
    quiz: (slug) => t("quiz.title.module", { module: moduleTitles.get(slug) ?? slug }),
    session: (title) => title,
    yes: t("cohorts.gradebook.yes"),
    no: t("cohorts.gradebook.no"),
    status: (s) => t(`cohorts.attendance.statuses.${s}`),
    missing: (r) => missingText(t, r.completion.rules),
  });
  const name = `gradebook-${cohort.title.replace(/[^\p{L}\p{N}]+/gu, "-").slice(0, 60) || cohort.id}.csv`;
  return new Response(csv, { headers: csvHeaders(name) });
}
