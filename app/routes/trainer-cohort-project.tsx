import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Route } from "./+types/trainer-cohort-project";
import { requireTrainerCohort } from "#app/cohorts/guard.server";
import { qrDataUri } from "#app/cohorts/qr.server";
import { publicOrigin } from "#app/env.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

/** "Project this": the join code, link and a large QR code, for the room's screen. */
export async function loader({ context, request, params }: Route.LoaderArgs) {
  const { cohort } = requireTrainerCohort(context, request, params.id, "view");
  const joinUrl = `${publicOrigin()}/join/${cohort.joinCode}`;
  return { title: cohort.title, id: cohort.id, joinCode: cohort.joinCode, joinUrl, joinQr: await qrDataUri(joinUrl) };
}

export default function ProjectJoin({ loaderData: d }: Route.ComponentProps) {
  const { t } = useTranslation();
  return (
    <div className="page project-view">
      <p className="no-print">
        <Link to={`/trainer/cohorts/${d.id}`}>← {t("cohorts.tabs.overview")}</Link>
      </p>
      <h1>{d.title}</h1>
      <p className="project-lead">{t("qr.projectLead")}</p>
      <img className="qr qr-large" data-testid="join-qr-large" src={d.joinQr} width={480} height={480} alt={t("qr.joinAlt", { url: d.joinUrl })} />
      <p className="project-code">
        {t("cohorts.overview.joinCode")}: <strong className="code">{d.joinCode}</strong>
      </p>
      <p className="project-url break">{d.joinUrl}</p>
    </div>
  );
}
