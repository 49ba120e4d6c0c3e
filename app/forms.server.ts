import { data } from "react-router";
import type { z } from "zod";

/** Field → translation key of the message (e.g. "validation.email"), with interpolation values. */
export type FieldErrors = Record<string, { key: string; values?: Record<string, string | number> }>;

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
    errors[field] = messageKey(issue.message);
  }
  // Never echo passwords back into the page.
  for (const k of Object.keys(values)) if (k.toLowerCase().includes("password")) delete values[k];
  return { ok: false, errors, values };
}

/** A message with interpolation values, in the "key|json" form parseForm understands. */
export function msg(key: string, values?: Record<string, number | string>): string {
  return values ? `${key}|${JSON.stringify(values)}` : key;
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
 * Our schemas' messages are translation keys, optionally "key|{json values}". Anything else (a
 * library's default message) becomes the generic "validation.invalid", never a crash.
 */
function messageKey(message: string): FieldErrors[string] {
  const sep = message.indexOf("|");
  const key = sep === -1 ? message : message.slice(0, sep);
  if (!KEY.test(key)) return { key: "validation.invalid" };
  if (sep === -1) return { key };
  try {
    const values = JSON.parse(message.slice(sep + 1)) as unknown;
    if (values && typeof values === "object") return { key, values: values as Record<string, number | string> };
  } catch {
    // fall through
  }
  return { key };
}
