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
      <FieldMessage id={id} error={error} />
    </div>
  );
}

/**
 * A field's error, translated: the one way a form shows what an action's `errors` (FieldErrors from
 * app/forms.server.ts) say about a field. `id` is the input's id; the message gets `${id}-error`.
 */
export function FieldMessage({ id, error }: { id: string; error: FieldError }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <p id={`${id}-error`} className="error-text">
      {t(error.key, error.values)}
    </p>
  );
}

/** A labelled textarea with an optional hint and its error. */
export function TextAreaField({
  name,
  label,
  error,
  hint,
  defaultValue,
  rows = 4,
  maxLength,
  required,
}: {
  name: string;
  label: string;
  error?: FieldError;
  hint?: string;
  defaultValue?: string;
  rows?: number;
  maxLength?: number;
  required?: boolean;
}) {
  const id = `f-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={error ? "field has-error" : "field"}>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        name={name}
        rows={rows}
        maxLength={maxLength}
        required={required}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <FieldMessage id={id} error={error} />
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
      <FieldMessage id={id} error={error} />
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
