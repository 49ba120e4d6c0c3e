import { useTranslation } from "react-i18next";
import { Link } from "react-router";

type Rule = { id: string; met: boolean; detail: Record<string, string | number | null> };

/** The course page's certificate panel: each rule, met or missing, and the certificate once issued. */
export function CertificatePanel({ rules, certificate }: { met: boolean; rules: Rule[]; certificate: { code: string; status: string } | null }) {
  const { t } = useTranslation();
  return (
    <section className="panel certificate-panel" aria-labelledby="certificate-h">
      <h2 id="certificate-h">{t("certificates.panelTitle")}</h2>
      {certificate ? (
        <>
          <p className="success-text" role="status">
            ✓ {t("certificates.issued")}
            {certificate.status !== "valid" ? ` (${t(`certificates.status.${certificate.status}`)})` : null}
          </p>
          <p>
            <Link className="button" to={`/verify/${certificate.code}`}>
              {t("certificates.viewCertificate")}
            </Link>{" "}
            <a href={`/certificates/${certificate.code}.pdf`} className="button secondary" download>
              {t("certificates.downloadPdf")}
            </a>
          </p>
        </>
      ) : (
        <p className="muted">{t("certificates.panelIntro")}</p>
      )}
      <ul className="rule-list">
        {rules.map((r) => (
          <li key={r.id} className={r.met ? "done" : undefined}>
            <span aria-hidden="true">{r.met ? "✓ " : "○ "}</span>
            {t(`certificates.rules.${r.id}`, { ...r.detail, defaultValue: r.id })}{" "}
            <span className={r.met ? "badge" : "badge pending"}>{r.met ? t("certificates.ruleMet") : t("certificates.ruleNotMet")}</span>
            {r.id === "final-passed" && !r.met && r.detail.bestPercent !== null ? (
              <span className="muted">
                {" "}
                {t("certificates.finalBest", { percent: r.detail.bestPercent })}
                {typeof r.detail.attemptsLeft === "number" ? ` ${t("certificates.attemptsLeft", { count: r.detail.attemptsLeft })}` : null}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
