import { useTranslation } from "react-i18next";
import { dateFormat } from "#app/i18n/datetime";
import { Link } from "react-router";
import type { Route } from "./+types/my-certificates";
import { requireUser } from "#app/auth/guards.server";
import { myCertificates } from "#app/certificates/present.server";
import { CertificateShare } from "#app/components/certificate-share";
import { publicOrigin } from "#app/env.server";
import { getDb } from "#app/db.server";
import { getInstance, getLocale } from "#app/middleware/i18next.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

export function loader({ context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  return {
    title: `${getInstance(context).t("certificates.mine.title")} · SHP Campus`,
    certificates: myCertificates(getDb(), user.id, getLocale(context), publicOrigin()),
  };
}

export default function MyCertificates({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const fmt = dateFormat(i18n.language, "dateLong", "UTC");
  return (
    <div className="page">
      <h1>{t("certificates.mine.title")}</h1>
      {loaderData.certificates.length === 0 ? (
        <p>
          {t("certificates.mine.empty")} <Link to="/courses">{t("me.browse")}</Link>
        </p>
      ) : (
        <ul className="cards">
          {loaderData.certificates.map((c) => (
            <li key={c.code} className="card certificate-card">
              <h2 className="card-title">{c.courseTitle}</h2>
              <p className="card-meta">
                {t(`certificates.kind.${c.kind}`)} · {fmt.format(c.issuedAt)} · <strong>{t(`certificates.status.${c.status}`)}</strong>
              </p>
              <p>
                <code>{c.code}</code>
              </p>
              {c.status === "valid" ? (
                <>
                  <p>
                    <a className="button small" href={`/certificates/${c.code}.pdf`}>
                      {t("certificates.downloadPdf")}
                    </a>
                  </p>
                  {c.share ? <CertificateShare share={c.share} label={t("certificates.mine.shareLabel", { course: c.courseTitle })} /> : null}
                </>
              ) : null}
              <p>
                <Link to={`/verify/${c.code}`}>{t("certificates.viewCertificate")}</Link>
              </p>
            </li>
          ))}
        </ul>
      )}
      {loaderData.certificates.length > 0 ? (
        <p className="hint">
          {t("certificates.mine.nameHint")} <Link to="/me/profile">{t("profile.title")}</Link>
        </p>
      ) : null}
    </div>
  );
}
