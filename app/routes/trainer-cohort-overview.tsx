import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Route } from "./+types/trainer-cohort-overview";
import { cohortTrainerList, countMembers } from "#app/cohorts/cohorts.server";
import { requireTrainerCohort } from "#app/cohorts/guard.server";
import { publicOrigin } from "#app/env.server";
import { cohortSessionList } from "#app/cohorts/schedule.server";
import { formatDateTime, TimesIn } from "#app/components/cohort-ui";
import { qrDataUri } from "#app/cohorts/qr.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

export async function loader({ context, request, params }: Route.LoaderArgs) {
  const { db, cohort } = requireTrainerCohort(context, request, params.id, "view");
  const now = Date.now();
  const joinUrl = `${publicOrigin()}/join/${cohort.joinCode}`;
  return {
    joinQr: cohort.enrolment === "code" ? await qrDataUri(joinUrl) : null,
    title: `${cohort.title} · SHP Campus`,
    timeZone: cohort.timeZone,
    id: cohort.id,
    description: cohort.description,
    members: countMembers(db, cohort.id),
    capacity: cohort.capacity,
    enrolment: cohort.enrolment,
    joinCode: cohort.joinCode,
    joinUrl,
    rules: cohort.completionRules,
    certificateKind: cohort.certificateKind,
    trainers: cohortTrainerList(db, cohort.id).map((t) => ({ id: t.id, name: t.name, role: t.role })),
    upcoming: cohortSessionList(db, cohort.id)
      .filter((s) => s.endsAt >= now)
      .slice(0, 3)
      .map((s) => ({ id: s.id, title: s.title, startsAt: s.startsAt })),
  };
}

export default function CohortOverview({ loaderData: d }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <h1>{t("cohorts.tabs.overview")}</h1>
      <TimesIn timeZone={d.timeZone} />
      {d.description ? <p className="lead">{d.description}</p> : null}
      <div className="assessment-row">
        <section className="panel">
          <h2>{t("cohorts.tabs.participants")}</h2>
          <p className="big-number">
            {d.capacity === null
              ? t("cohorts.participantsCount", { count: d.members })
              : t("cohorts.participantsOf", { count: d.members, capacity: d.capacity })}
          </p>
          {d.enrolment === "code" ? (
            <>
              <p>
                {t("cohorts.overview.joinCode")}: <strong className="code">{d.joinCode}</strong>
              </p>
              <p className="hint">{t("cohorts.overview.joinHelp")}</p>
              <p className="break">
                <code>{d.joinUrl}</code>
              </p>
              {d.joinQr ? <img className="qr" data-testid="join-qr" src={d.joinQr} width={200} height={200} alt={t("qr.joinAlt", { url: d.joinUrl })} /> : null}
              <p>
                <Link to={`/trainer/cohorts/${d.id}/project`}>{t("qr.project")}</Link>
              </p>
            </>
          ) : (
            <p className="muted">{t("cohorts.enrolmentKinds.invite")}</p>
          )}
          <Link to={`/trainer/cohorts/${d.id}/participants/import`}>{t("cohorts.import.title")}</Link>
        </section>
        <section className="panel">
          <h2>{t("cohorts.overview.upcoming")}</h2>
          {d.upcoming.length === 0 ? (
            <p className="muted">{t("cohorts.overview.noUpcoming")}</p>
          ) : (
            <ul>
              {d.upcoming.map((s) => (
                <li key={s.id}>
                  <Link to={`/trainer/cohorts/${d.id}/schedule/${s.id}`}>{s.title}</Link> — {formatDateTime(s.startsAt, i18n.language, d.timeZone)}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="panel">
          <h2>{t("cohorts.form.rules")}</h2>
          <ul>
            {d.rules.allModules ? <li>{t("cohorts.rules.allModules")}</li> : null}
            {d.rules.finalPass ? <li>{t("cohorts.rules.finalPass")}</li> : null}
            {d.rules.minAttendancePercent !== null ? <li>{t("cohorts.rules.minAttendance", { percent: d.rules.minAttendancePercent })}</li> : null}
            {d.rules.evaluationSubmitted ? <li>{t("cohorts.rules.evaluationSubmitted")}</li> : null}
            {!d.rules.allModules && !d.rules.finalPass && d.rules.minAttendancePercent === null && !d.rules.evaluationSubmitted ? (
              <li>{t("cohorts.rules.none")}</li>
            ) : null}
          </ul>
          <p className="muted">{t(`cohorts.certificateKinds.${d.certificateKind}`)}</p>
          <h3>{t("cohorts.overview.trainers")}</h3>
          <ul>
            {d.trainers.map((tr) => (
              <li key={tr.id}>
                {tr.name} ({t(`cohorts.trainerRoles.${tr.role}`)})
              </li>
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}
