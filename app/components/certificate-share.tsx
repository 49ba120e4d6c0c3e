import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { CertificateShareInfo } from "#app/certificates/share";

/**
 * The holder's sharing block. Without JavaScript the verify link is a read-only field to select and
 * copy; with it, a Copy button copies it (navigator.clipboard) and says so in a live region.
 * `label` names the link field (several certificates may share a page).
 */
export function CertificateShare({ share, label, credential = true }: { share: CertificateShareInfo; label: string; credential?: boolean }) {
  const { t } = useTranslation();
  const id = `share-${share.code}`;
  const input = useRef<HTMLInputElement>(null);
  const [canCopy, setCanCopy] = useState(false);
  const [message, setMessage] = useState("");
  // Rendered on the server without the button: it appears once the page runs JavaScript and the browser can copy.
  useEffect(() => setCanCopy(typeof navigator !== "undefined" && !!navigator.clipboard), []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(share.verifyUrl);
      setMessage(t("certificates.share.copied"));
    } catch {
      input.current?.select();
      setMessage(t("certificates.share.copyFailed"));
    }
  };
  return (
    <div className="certificate-share stack-small">
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <p id={`${id}-hint`} className="hint">
          {t("certificates.mine.shareHelp")}
        </p>
        <div className="share-link">
          <input ref={input} id={id} type="url" readOnly value={share.verifyUrl} aria-describedby={`${id}-hint`} onFocus={(e) => e.currentTarget.select()} />
          {canCopy ? (
            <button type="button" className="button small secondary" onClick={copy}>
              {t("certificates.share.copy")}
            </button>
          ) : null}
        </div>
        <p className="hint" role="status" aria-live="polite">
          {message}
        </p>
      </div>
      <p>
        <a className="button small secondary" href={share.linkedInUrl} target="_blank" rel="noopener noreferrer" aria-describedby={`${id}-linkedin`}>
          {t("certificates.share.linkedin")}
        </a>
      </p>
      <p id={`${id}-linkedin`} className="hint">
        {t("certificates.share.linkedinHelp")}
      </p>
      {credential ? (
        <>
          <p>
            <a
              className="button small secondary"
              href={`/certificates/${share.code}.json`}
              download={`certificate-${share.code}.json`}
              aria-describedby={`${id}-credential`}
            >
              {t("certificates.downloadBadge")}
            </a>
          </p>
          <p id={`${id}-credential`} className="hint">
            {t("certificates.share.credentialHelp", { issuer: share.issuer })}
          </p>
        </>
      ) : null}
    </div>
  );
}

/** The one line under a credential download saying what the file is for. */
export function CredentialHelp({ issuer, id }: { issuer: string; id?: string }) {
  const { t } = useTranslation();
  return (
    <p id={id} className="hint">
      {t("certificates.share.credentialHelp", { issuer })}
    </p>
  );
}
