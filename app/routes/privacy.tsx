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

/** The laws the notice names, one a line (sources in the comment above the list). */
const LAWS = ["lawLao", "lawVietnam", "lawThailand", "lawCambodia", "lawGdpr"] as const;

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
        <li>{t("privacy.notice.latinName")}</li>
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

      {/*
        Sources checked for the names, numbers and dates (December 2026):
        Lao PDR, Law on Electronic Data Protection No. 25/NA, 12 May 2017:
          https://dig.watch/?p=195396 , https://dfdl.com/?p=26712 , https://www.dataguidance.com/jurisdiction/lao-pdr
        Viet Nam, Law on Personal Data Protection No. 91/2025/QH15, passed 26 June 2025, in force 1 January 2026
        (with Decree 356/2025/ND-CP, replacing Decree 13/2023/ND-CP):
          https://www.dlapiperdataprotection.com/?c=VN&t=law ,
          https://english.luatvietnam.vn/legal-updates/the-latest-law-on-personal-data-protection-and-the-guiding-documents-892-106778-article.html
        Thailand, Personal Data Protection Act B.E. 2562 (2019), published 27 May 2019, fully in force 1 June 2022:
          https://thailawforum.com/personal-data-protection-act-b-e-2562-2019 , https://www.golawphuket.com/criminal-law/personal-data-protection/
        Cambodia, no general data protection law (privacy in the Constitution, Civil Code, sector rules); the Ministry of
        Post and Telecommunications presented a draft Law on Personal Data Protection at a consultation on 23 July 2025
        (an earlier draft circulated in 2023):
          https://www.dlapiperdataprotection.com/index.html?t=about&c=KH , https://ppc.land/cambodia-announces-comprehensive-data-protection-law ,
          https://www.privacylaws.com/reports-gateway/articles/int193/int193cambodia/
        European Union, Regulation (EU) 2016/679 (GDPR): https://www.egdf.eu/gdpr/
        Re-check Cambodia when its law is adopted.
      */}
      <h2>{t("privacy.notice.lawsHeading")}</h2>
      <p>{t("privacy.notice.lawsIntro")}</p>
      <ul>
        {LAWS.map((law) => (
          <li key={law}>{t(`privacy.notice.${law}`)}</li>
        ))}
      </ul>
    </div>
  );
}
