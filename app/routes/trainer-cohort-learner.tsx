import { useTranslation } from "react-i18next";
import { countryName } from "#app/countries/countries.server";
import { Link } from "react-router";
import type { Route } from "./+types/trainer-cohort-learner";
import { notFound } from "#app/auth/guards.server";
import { isMember, memberList } from "#app/cohorts/cohorts.server";
import { evaluateCohortCompletion, learnerRecords } from "#app/cohorts/completion.server";
import { requireTrainerCohort } from "#app/cohorts/guard.server";
import { cohortSessionList } from "#app/cohorts/schedule.server";
import { formatDateTime, ruleText } from "#app/components/cohort-ui";
import { pick, type Locale } from "#app/content/locales";
import { getLocale } from "#app/middleware/i18next.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

export function loader({ context, request, params }: Route.LoaderArgs) {
  const { db, cohort, course } = requireTrainerCohort(context, request, params.id, "view");
  if (!isMember(db, cohort.id, params.user)) notFound();
  const member = memberList(db, cohort.id).find((m) => m.id === params.user)!;
  const locale = getLocale(context);
  const sessions = cohortSessionList(db, cohort.id);
  const rec = learnerRecords(
    db,
    course.slug,
    [member.id],
    sessions.map((s) => s.id),
  ).get(member.id)!;
  return {
    title: `${member.name} · ${cohort.title}`,
    cohortId: cohort.id,
    timeZone: cohort.timeZone,
    member: { name: member.name, email: member.email, organisation: member.organisation, country: countryName(member.country, locale) },
    completion: evaluateCohortCompletion(db, cohort.id, member.id, course),
    modules: course.modules.map((m) => ({
      slug: m.slug,
      title: pick(m.title, locale).text,
      lessons: m.lessons.map((l) => ({ key: l.key, title: (l.versions[locale as Locale] ?? l.versions.en).title, done: rec.completed.has(l.key) })),
      quiz: m.quiz ? (rec.quizzes.get(`module:${m.slug}`) ?? { best: null, passed: false }) : null,
    })),
    final: rec.quizzes.get("final") ?? null,
    sessions: sessions.map((s) => ({ id: s.id, title: s.title, startsAt: s.startsAt, status: rec.attendance.get(s.id) ?? null })),
  };
}

export default function LearnerDetail({ loaderData: d }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <p className="breadcrumbs">
        <Link to={`/trainer/cohorts/${d.cohortId}/gradebook`}>{t("cohorts.tabs.gradebook")}</Link>
      </p>
      <h1>{d.member.name}</h1>
      <p className="muted">{[d.member.email, d.member.organisation, d.member.country].filter(Boolean).join(" · ")}</p>
      <section className={d.completion.met ? "panel result-pass" : "panel"} aria-labelledby="rules-h">
        <h2 id="rules-h">{d.completion.met ? t("cohorts.gradebook.meetsAllRules") : t("cohorts.gradebook.notYet")}</h2>
        <ul>
          {d.completion.rules.map((r) => (
            <li key={r.rule}>
              {r.met ? "✓" : "✗"} {ruleText(t, r)}
            </li>
          ))}
          {d.completion.rules.length === 0 ? <li>{t("cohorts.rules.none")}</li> : null}
        </ul>
      </section>
      <h2>{t("course.modules")}</h2>
      {d.modules.map((m) => (
        <section key={m.slug}>
          <h3>{m.title}</h3>
          <ul>
            {m.lessons.map((l) => (
              <li key={l.key}>
                {l.done ? "✓ " : "○ "}
                {l.title}
              </li>
            ))}
            {m.quiz ? (
              <li>
                {t("course.quiz")}: {m.quiz.best === null ? "—" : `${Math.round(m.quiz.best)}%`} {m.quiz.passed ? `(${t("quiz.passed")})` : ""}
              </li>
            ) : null}
          </ul>
        </section>
      ))}
      <p>
        {t("course.final")}: {d.final?.best == null ? "—" : `${Math.round(d.final.best)}%`} {d.final?.passed ? `(${t("quiz.passed")})` : ""}
      </p>
      <h2>{t("cohorts.tabs.attendance")}</h2>
      <ul>
        {d.sessions.map((s) => (
          <li key={s.id}>
            {s.title} ({formatDateTime(s.startsAt, i18n.language, d.timeZone)}):{" "}
            {s.status ? t(`cohorts.attendance.statuses.${s.status}`) : t("cohorts.attendance.notMarked")}
          </li>
        ))}
      </ul>
    </>
  );
}
