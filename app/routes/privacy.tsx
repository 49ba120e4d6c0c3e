import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Route } from "./+types/privacy";
import { FormAlert } from "#app/components/fields";
import { getDb } from "#app/db.server";
import { getInstance } from "#app/middleware/i18next.server";
import { getSiteSettings } from "#app/privacy/settings.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

// Public: linked from every page's footer and from registration.
export function loader({ context, request }: Route.LoaderArgs) {
  const settings = getSiteSettings(getDb());
  return {
    title: `${getInstance(context).t("privacy.notice.title")} · SHP Campus`,
    operator: settings.operator,
    contactEmail: settings.contactEmail,
    retentionYears: settings.retentionEnabled ? settings.retentionYears : 0,
    erased: new URL(request.url).searchParams.get("erased") === "1",
  };
}

export default function Privacy({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const d = loaderData;
  return (
    <div className="page narrow prose-page">
      <FormAlert tone="success" message={d.erased ? t("privacy.notice.erased") : null} />
      <h1>{t("privacy.notice.title")}</h1>
      <p className="lead">{t("privacy.notice.lead")}</p>

      <h2>{t("privacy.notice.whoRunsHeading")}</h2>
      <p>{d.operator ? t("privacy.notice.whoRuns", { operator: d.operator }) : t("privacy.notice.whoRunsUnset")}</p>
      <p>
        {d.contactEmail ? (
          <>
            {t("privacy.notice.contact")} <a href={`mailto:${d.contactEmail}`}>{d.contactEmail}</a>
          </>
        ) : (
          t("privacy.notice.contactUnset")
        )}
      </p>

      <h2>{t("privacy.notice.whatHeading")}</h2>
      <ul>
        <li>{t("privacy.notice.account")}</li>
        <li>{t("privacy.notice.profile")}</li>
        <li>{t("privacy.notice.sexGroup")}</li>
        <li>{t("privacy.notice.learning")}</li>
        <li>{t("privacy.notice.workshops")}</li>
        <li>{t("privacy.notice.certificates")}</li>
        <li>{t("privacy.notice.log")}</li>
      </ul>

      <h2>{t("privacy.notice.whoSeesHeading")}</h2>
      <ul>
        <li>{t("privacy.notice.seesYou")}</li>
        <li>{t("privacy.notice.seesTrainers")}</li>
        <li>{t("privacy.notice.seesAdmins")}</li>
        <li>{t("privacy.notice.seesReports")}</li>
        <li>{t("privacy.notice.seesVerifiers")}</li>
      </ul>

      <h2>{t("privacy.notice.keptHeading")}</h2>
      <p>
        {t("privacy.notice.kept")} {d.retentionYears > 0 ? t("privacy.notice.retentionOn", { count: d.retentionYears }) : t("privacy.notice.retentionOff")}
      </p>
      <p>{t("privacy.notice.backups")}</p>

      <h2>{t("privacy.notice.rightsHeading")}</h2>
      <ul>
        <li>{t("privacy.notice.rightSee")}</li>
        <li>{t("privacy.notice.rightExport")}</li>
        <li>{t("privacy.notice.rightErase")}</li>
        <li>{t("privacy.notice.rightByRequest")}</li>
      </ul>
      <p>
        <Link to="/me/privacy">{t("privacy.notice.goToMyData")}</Link>
      </p>

      <h2>{t("privacy.notice.lawsHeading")}</h2>
      <p>{t("privacy.notice.laws")}</p>
    </div>
  );
}
