import { data } from "react-router";
import { z } from "zod";

/**
 * One way to write an action. Schemas are built from the field helpers below; their messages are
 * translation keys, and the values a message needs come from the zod issue itself (the limit of a
 * too-long or too-short value) or from a custom issue's `params` — never packed into the message.
 * parseForm turns a failure into FieldErrors; invalid() returns the one result shape every action
 * sends back with a 400.
 */

/** Field → translation key of the message (e.g. "validation.email"), with interpolation values. */
export type FieldErrors = Record<string, { key: string; values?: Record<string, string | number> }>;

/** What an action returns when the submission is refused (400); success redirects or returns its own data. */
export type ActionResult = {
  /** Which form of the page was submitted, when a page has several. */
  intent: string | null;
  /** A message for the whole form (translated), or null. */
  formError: string | null;
  /** Per-field messages (translation keys, translated by the form's fields). */
  errors: FieldErrors;
  /** The submitted values to fill the form again (never passwords). */
  values: Record<string, string>;
};

/** A refused submission: the one shape every action returns with status 400. */
export function invalid(result: Partial<ActionResult>, status = 400) {
  return data<ActionResult>({ intent: null, formError: null, errors: {}, values: {}, ...result }, { status });
}

// ── Field helpers ────────────────────────────────────────────────────────────────────────────────

/** Optional trimmed text of at most `max` characters ("" when left empty). */
export const text = (max: number) => z.string().trim().max(max, "validation.tooLong");

/** Required trimmed text of at most `max` characters. */
export const requiredText = (max: number) => text(max).min(1, "validation.required");

/** One of a fixed list of values (a select or radio group). */
export const choice = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: "validation.choose" });

/** A checkbox: true when ticked. */
export const checkbox = z
  .enum(["on"])
  .optional()
  .transform((v) => v === "on");

/** A required calendar date 'YYYY-MM-DD' (a real date: no 30 February). */
export const isoDate = (message = "validation.date") => z.string().trim().min(1, "validation.required").pipe(z.iso.date({ error: message }));

/** Whether a string is a real calendar date 'YYYY-MM-DD'. */
export const isIsoDate = (s: string) => z.iso.date().safeParse(s).success;

/** An optional whole number in [min, max]: null when left empty. */
export const optionalInt = (min: number, max: number, message = "validation.range") =>
  z
    .string()
    .trim()
    .optional()
    .transform((s, ctx) => {
      if (!s) return null;
      const n = Number(s);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message, params: { min, max } });
        return z.NEVER;
      }
      return n;
    });

// ── Parsing ──────────────────────────────────────────────────────────────────────────────────────

/**
 * Validates form data with a zod schema whose messages are translation keys. Values are read as
 * strings; anything else (files) is ignored.
 */
export function parseForm<S extends z.ZodType>(
  form: FormData,
  schema: S,
): { ok: true; data: z.infer<S> } | { ok: false; errors: FieldErrors; values: Record<string, string> } {
  const values: Record<string, string> = {};
  for (const [k, v] of form) if (typeof v === "string" && !(k in values)) values[k] = v;
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "_form");
    if (errors[field]) continue;
    errors[field] = issueMessage(issue);
  }
  // Never echo passwords back into the page.
  for (const k of Object.keys(values)) if (k.toLowerCase().includes("password")) delete values[k];
  return { ok: false, errors, values };
}

/**
 * The submitted form, or a 400 when the body is not a form (wrong Content-Type, malformed
 * multipart): a client's mistake, never a 500.
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw data({ error: "bad-request" }, { status: 400 });
  }
}

const KEY = /^[a-z][\w-]*(\.[\w-]+)+$/i;

/**
 * Our schemas' messages are translation keys; the values come from the issue (`maximum`,
 * `minimum`) or a custom issue's `params`. Anything else (a library's default message) becomes the
 * generic "validation.invalid", never a crash.
 */
export function issueMessage(issue: z.core.$ZodIssue): FieldErrors[string] {
  const key = issue.message;
  if (!KEY.test(key)) return { key: "validation.invalid" };
  if (issue.code === "too_big") return { key, values: { max: Number(issue.maximum) } };
  if (issue.code === "too_small") return { key, values: { min: Number(issue.minimum) } };
  if (issue.code === "custom" && issue.params) {
    const values = Object.fromEntries(Object.entries(issue.params).filter((e): e is [string, string | number] => typeof e[1] === "string" || typeof e[1] === "number"));
    return Object.keys(values).length ? { key, values } : { key };
  }
  return { key };
}

/**
 * @deprecated Pass the key alone: the values now come from the zod issue (or a custom issue's
 * `params`). Kept only for app/routes/set-password.tsx, which another change is editing.
 */
export const msg = (key: string, _values?: Record<string, number>) => key;
