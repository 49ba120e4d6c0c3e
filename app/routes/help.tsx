import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Route } from "./+types/help";
import { getDb } from "#app/db.server";
import { getInstance } from "#app/middleware/i18next.server";
import { getSiteSettings } from "#app/privacy/settings.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

// Public: how to enrol, take a quiz, get and verify a certificate, use Lite mode; the contact address.
export function loader({ context }: Route.LoaderArgs) {
  return {
    title: `${getInstance(context).t("help.title")} · SHP Campus`,
    contactEmail: getSiteSettings(getDb()).contactEmail,
  };
}

export default function Help({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  return (
    <div className="page narrow prose-page">
      <h1>{t("help.title")}</h1>
      <p className="lead">{t("help.lead")}</p>
      <h2>{t("help.enrolHeading")}</h2>
      <p>
        {t("help.enrol")} <Link to="/courses">{t("nav.courses")}</Link>
      </p>
      <h2>{t("help.quizHeading")}</h2>
      <p>{t("help.quiz")}</p>
      <h2>{t("help.certificateHeading")}</h2>
      <p>
        {t("help.certificate")} <Link to="/verify">{t("certificates.verify.title")}</Link>
      </p>
      <h2>{t("help.liteHeading")}</h2>
      <p>
        {t("help.lite")} <Link to="/me/profile">{t("nav.profile")}</Link>
      </p>
      <h2>{t("help.dataHeading")}</h2>
      <p>
        {t("help.data")} <Link to="/privacy">{t("privacy.notice.title")}</Link> · <Link to="/me/privacy">{t("privacy.me.title")}</Link>
      </p>
      <h2>{t("help.contactHeading")}</h2>
      <p>
        {loaderData.contactEmail ? (
          <>
            {t("help.contact")} <a href={`mailto:${loaderData.contactEmail}`}>{loaderData.contactEmail}</a>
          </>
        ) : (
          t("help.contactUnset")
        )}
      </p>
    </div>
  );
}
