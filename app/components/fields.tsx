import { useTranslation } from "react-i18next";

export type FieldError = { key: string; values?: Record<string, string | number> } | undefined;

type FieldProps = {
  name: string;
  label: string;
  error?: FieldError;
  hint?: string;
  defaultValue?: string;
  type?: string;
  autoComplete?: string;
  required?: boolean;
  maxLength?: number;
};

export function Field({ name, label, error, hint, defaultValue, type = "text", autoComplete, required, maxLength }: FieldProps) {
  const { t } = useTranslation();
  const id = `f-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={error ? "field has-error" : "field"}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        name={name}
        type={type}
        defaultValue={defaultValue}
        autoComplete={autoComplete}
        required={required}
        maxLength={maxLength}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      {error ? (
        <p id={`${id}-error`} className="error-text">
          {t(error.key, error.values)}
        </p>
      ) : null}
    </div>
  );
}

export function SelectField({
  name,
  label,
  options,
  error,
  defaultValue,
  required,
}: {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  error?: FieldError;
  defaultValue?: string;
  required?: boolean;
}) {
  const { t } = useTranslation();
  const id = `f-${name}`;
  return (
    <div className={error ? "field has-error" : "field"}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue ?? ""}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        <option value="" disabled>
          {t("auth.choose")}
        </option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error ? (
        <p id={`${id}-error`} className="error-text">
          {t(error.key, error.values)}
        </p>
      ) : null}
    </div>
  );
}

export function FormAlert({ message, tone = "error" }: { message: string | null | undefined; tone?: "error" | "success" }) {
  if (!message) return null;
  return (
    <p className={`alert alert-${tone}`} role={tone === "error" ? "alert" : "status"}>
      {message}
    </p>
  );
}

/** A GET search form (works without JavaScript): one labelled field named `q` and a button. */
export function SearchForm({ id, label, button, defaultValue, role }: { id: string; label: string; button: string; defaultValue: string; role?: "search" }) {
  return (
    <form method="get" className="search-form" role={role}>
      <label htmlFor={id}>{label}</label>
      <input id={id} name="q" type="search" defaultValue={defaultValue} maxLength={100} />
      <button type="submit" className="button secondary">
        {button}
      </button>
    </form>
  );
}
