import { useTranslation } from "react-i18next";

export type CheckView = { name: "issuer" | "signature" | "status" | "dates"; state: "pass" | "fail" | "skipped"; reason: string };

/** The server's checks of a signed credential, each with its result and a translated explanation. */
export function CredentialChecks({ checks, ok, headingId, lead }: { checks: CheckView[]; ok: boolean; headingId: string; lead?: string }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby={headingId} className="credential-checks">
      <h2 id={headingId}>{t("certificates.checks.title")}</h2>
      {lead ? <p>{lead}</p> : null}
      <p className={ok ? "alert alert-success" : "alert alert-error"} data-testid="checks-summary" data-ok={ok ? "yes" : "no"}>
        {t(ok ? "certificates.checks.allPassed" : "certificates.checks.someFailed")}
      </p>
      <ul className="checks">
        {checks.map((c) => (
          <li key={c.name} className={`check check-${c.state}`} data-check={c.name} data-state={c.state}>
            <strong>
              {t(`certificates.checks.name.${c.name}`)}: {t(`certificates.checks.state.${c.state}`)}
            </strong>
            <br />
            <span>{t(`certificates.checks.reason.${c.reason}`)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
