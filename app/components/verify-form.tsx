import { useTranslation } from "react-i18next";
import { Form } from "react-router";

/** The GET form to look up a certificate by its code; works without JavaScript. */
export function VerifyForm({ defaultValue = "", error }: { defaultValue?: string; error?: string | null }) {
  const { t } = useTranslation();
  return (
    <Form method="get" action="/verify" className="stack verify-form">
      <div className={error ? "field has-error" : "field"}>
        <label htmlFor="verify-code">{t("certificates.verify.codeLabel")}</label>
        <input
          id="verify-code"
          name="code"
          type="text"
          defaultValue={defaultValue}
          maxLength={100}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "verify-code-error" : undefined}
        />
        {error ? (
          <p id="verify-code-error" className="error-text">
            {error}
          </p>
        ) : null}
      </div>
      <button type="submit" className="button">
        {t("certificates.verify.button")}
      </button>
    </Form>
  );
}
