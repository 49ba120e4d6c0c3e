import type { i18n } from "i18next";

// Only the page's own language is downloaded (a small cached chunk), before hydration; another is
// fetched when the page's language changes (after login, registration, joining, or the header switch).
const bundles: Record<string, () => Promise<{ default: object }>> = {
  en: () => import("#app/locales/en"),
  lo: () => import("#app/locales/lo"),
  vi: () => import("#app/locales/vi"),
  km: () => import("#app/locales/km"),
  th: () => import("#app/locales/th"),
};

export function supportedLanguage(lng: string | null | undefined): string {
  return lng && lng in bundles ? lng : "en";
}

export async function translationsFor(lng: string): Promise<object> {
  return (await bundles[supportedLanguage(lng)]!()).default;
}

/**
 * Switches the browser's i18next to `lng`, loading its strings first: changing language without
 * them fell back to English, so a page whose content was Lao showed English headings.
 */
export async function switchLanguage(instance: i18n, lng: string) {
  const target = supportedLanguage(lng);
  if (!instance.hasResourceBundle(target, "translation")) instance.addResourceBundle(target, "translation", await translationsFor(target));
  if (instance.language !== target) await instance.changeLanguage(target);
}
