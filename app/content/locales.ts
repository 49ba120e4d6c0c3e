/** Locales the platform knows. English is the source language of all content. */
export const LOCALES = ["en", "lo", "vi", "km", "th"] as const;
export type Locale = (typeof LOCALES)[number];
/** Locales with a complete UI translation, offered in the language switcher. */
export const UI_LOCALES = ["en", "lo", "vi", "km", "th"] as const satisfies readonly Locale[];
export type UiLocale = (typeof UI_LOCALES)[number];
export const DEFAULT_LOCALE = "en" satisfies Locale;

export const LOCALE_NAMES: Record<Locale, string> = {
  en: "English",
  lo: "ລາວ",
  vi: "Tiếng Việt",
  km: "ខ្មែរ",
  th: "ไทย",
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export type Localized = { en: string } & Partial<Record<Locale, string>>;

/** Picks the text for a locale, falling back to English; says whether it fell back. */
export function pick(text: Localized, locale: string): { text: string; fallback: boolean } {
  const own = isLocale(locale) ? text[locale] : undefined;
  if (own) return { text: own, fallback: false };
  return { text: text.en, fallback: locale !== "en" };
}

export function t(text: Localized, locale: string): string {
  return pick(text, locale).text;
}
