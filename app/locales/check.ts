// The UI-string check run by `npm run content:check`: every UI locale has exactly the keys of
// en.ts (plural keys by the locale's own plural categories), none empty, and the same {{placeholders}}.

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

export type UiStringProblem = { locale: string; key: string; message: string };

/** Dotted key → string, for every leaf of a translation object. */
export function flatten(obj: unknown, prefix = "", out = new Map<string, unknown>()): Map<string, unknown> {
  if (typeof obj !== "object" || obj === null || Array.isArray(obj)) {
    out.set(prefix, obj);
    return out;
  }
  for (const [k, v] of Object.entries(obj)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  return out;
}

function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{\{\s*([^}\s]+)\s*\}\}/g)].map((m) => m[1]!))].sort();
}

/**
 * Compares one locale's strings with the English ones. A plural key of en (`lessons_one`,
 * `lessons_other`) must exist in the locale for each of the locale's plural categories (Khmer,
 * Thai, Lao have only `other`); the en variants the locale does not need are allowed, not required.
 */
export function checkUiStrings(locale: string, english: unknown, own: unknown): UiStringProblem[] {
  const en = flatten(english);
  const mine = flatten(own);
  const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories as string[];
  const required = new Map<string, string>(); // key → the en key it is compared with
  const allowed = new Set<string>();
  for (const key of en.keys()) {
    allowed.add(key);
    const m = PLURAL_SUFFIX.exec(key);
    if (!m) {
      required.set(key, key);
      continue;
    }
    const base = key.slice(0, m.index);
    for (const c of categories) {
      const k = `${base}_${c}`;
      allowed.add(k);
      if (!required.has(k)) required.set(k, en.has(k) ? k : `${base}_other`);
    }
  }
  const problems: UiStringProblem[] = [];
  for (const [key, enKey] of required) {
    const value = mine.get(key);
    if (value === undefined) problems.push({ locale, key, message: `missing UI string "${key}"` });
    else if (typeof value !== "string" || value.trim() === "") problems.push({ locale, key, message: `empty UI string "${key}"` });
    else {
      const want = placeholders(String(en.get(enKey) ?? ""));
      const got = placeholders(value);
      // A plural form may leave out {{count}} (English "one" does not always say 1).
      const missing = want.filter((p) => !got.includes(p) && !(p === "count" && enKey !== key));
      const extra = got.filter((p) => !want.includes(p));
      if (missing.length > 0 || extra.length > 0)
        problems.push({
          locale,
          key,
          message: `UI string "${key}" placeholders differ from English: ${[...missing.map((p) => `missing {{${p}}}`), ...extra.map((p) => `unknown {{${p}}}`)].join(", ")}`,
        });
    }
  }
  for (const key of mine.keys()) if (!allowed.has(key)) problems.push({ locale, key, message: `UI string "${key}" is not in en.ts` });
  return problems;
}
