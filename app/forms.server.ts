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

/**
 * What every action returns when it does not redirect: refused (invalid(), 4xx) or done (done(),
 * 200). `result` carries anything else the action hands its page: what a success produced (a reset
 * link, an import preview) or what a refused form needs to be drawn again beyond `values` (a
 * quiz's multi-valued answers, an import's line-by-line report).
 */
export type ActionResult<T = never> = {
  /** Which form of the page was submitted, when a page has several. */
  intent: string | null;
  /** A message for the whole form (translated), or null. */
  formError: string | null;
  /** Per-field messages (translation keys, translated by the form's fields). */
  errors: FieldErrors;
  /** The submitted values to fill the form again (never passwords). */
  values: Record<string, string>;
  /** Anything else the action hands back to its page (typed per action). */
  result?: T;
};

/** A refused submission: the one shape every action returns, with a 4xx status (400 unless told). */
export function invalid<T = never>(result: Partial<ActionResult<T>>, status = 400) {
  return data<ActionResult<T>>({ intent: null, formError: null, errors: {}, values: {}, ...result }, { status });
}

/** A submission that succeeded without a redirect: the same shape, status 200, with its result. */
export function done<T>(result: T, rest: Partial<Omit<ActionResult<T>, "result">> = {}) {
  return data<ActionResult<T>>({ intent: null, formError: null, errors: {}, values: {}, ...rest, result }, { status: 200 });
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
export const isoDate = (message = "validation.date") =>
  z
    .string()
    .trim()
    .min(1, "validation.required")
    .pipe(z.iso.date({ error: message }));

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
 * What one form post may carry. Enforced while the body is read (a chunked body has no
 * Content-Length to trust) and on the parsed form, for every action: nothing here is buffered
 * beyond maxBytes. The largest ordinary forms are an attendance register (one field per
 * participant) and a quiz (a few values per multiple-choice question).
 */
export type FormLimits = { maxBytes: number; maxFields: number; maxValuesPerField: number };
export const FORM_LIMITS: FormLimits = { maxBytes: 1024 * 1024, maxFields: 5_000, maxValuesPerField: 100 };

export type FormReadResult = { ok: true; form: FormData } | { ok: false; status: 400 | 413 };

/**
 * Reads the request's body as a form within limits: 413 when it is larger than maxBytes (declared
 * or streamed) or has too many fields or values of one field, 400 when it is not a form (wrong
 * Content-Type, malformed multipart). Never throws for anything a client sends.
 */
export async function readFormWithin(request: Request, limits: FormLimits = FORM_LIMITS): Promise<FormReadResult> {
  const declared = Number(request.headers.get("Content-Length") ?? 0);
  if (declared > limits.maxBytes) return tooLarge();
  const contentType = request.headers.get("Content-Type") ?? "";
  const body = await readBodyWithin(request, limits.maxBytes);
  if (body === null) return tooLarge();
  // An urlencoded body has at most one field per "&": count them before parsing anything.
  if (/^application\/x-www-form-urlencoded/i.test(contentType) && countByte(body, 0x26) >= limits.maxFields) return tooLarge();
  let form: FormData;
  try {
    form = await new Response(body, { headers: { "Content-Type": contentType } }).formData();
  } catch {
    return { ok: false, status: 400 };
  }
  let fields = 0;
  const perName = new Map<string, number>();
  for (const [name] of form) {
    const n = (perName.get(name) ?? 0) + 1;
    if (++fields > limits.maxFields || n > limits.maxValuesPerField) return { ok: false, status: 413 };
    perName.set(name, n);
  }
  return { ok: true, form };
}

/**
 * The submitted form, or a translated error page: 413 when it is over the limits (FORM_LIMITS
 * unless a route passes its own), 400 when the body is not a form. Every action reads its form
 * through here (tests/forms-limits.test.ts checks that nothing else reads a request body).
 */
export async function readForm(request: Request, limits: FormLimits = FORM_LIMITS): Promise<FormData> {
  const out = await readFormWithin(request, limits);
  if (out.ok) return out.form;
  // Closing the connection spares reading (and discarding) whatever the client still sends.
  if (out.status === 413) throw data({ error: "too-large" }, { status: 413, headers: { Connection: "close" } });
  throw data({ error: "bad-request" }, { status: 400 });
}

// The rest of an over-long body is left unread (not cancelled: cancelling would reset the
// connection before the client reads the answer); server.mjs discards it after the answer.
function tooLarge(): FormReadResult {
  return { ok: false, status: 413 };
}

/** The whole body, or null as soon as it grows past maxBytes (the rest is never read). */
async function readBodyWithin(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        reader.releaseLock();
        return null;
      }
      chunks.push(value);
    }
  } catch {
    // The client went away or sent a broken chunked encoding: treat it as an empty (invalid) form.
    return new Uint8Array(0);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function countByte(bytes: Uint8Array, byte: number): number {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === byte) n++;
  return n;
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
    const values = Object.fromEntries(
      Object.entries(issue.params).filter((e): e is [string, string | number] => typeof e[1] === "string" || typeof e[1] === "number"),
    );
    return Object.keys(values).length ? { key, values } : { key };
  }
  return { key };
}
