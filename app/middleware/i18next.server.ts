import { createInstance, type i18n } from "i18next";
import { initReactI18next } from "react-i18next";
import { createContext, createCookie, type MiddlewareFunction, type RouterContextProvider } from "react-router";
import { LanguageDetector } from "remix-i18next/server";
import resources from "#app/locales";
import { UI_LOCALES } from "#app/content/locales";
import { userByRequest } from "./auth.server";

export const localeCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

// Locale order: ?lng=, the lng cookie, the user's profile, then Accept-Language; English last.
const detector = new LanguageDetector({
  supportedLanguages: [...UI_LOCALES.filter((l) => l !== "en"), "en"],
  fallbackLanguage: "en",
  cookie: localeCookie,
  order: ["searchParams", "cookie", "custom", "header"],
  async findLocale(request) {
    return userByRequest.get(request)?.locale ?? null;
  },
});

// One initialised i18next instance per UI language, shared by every request in that language.
// remix-i18next's own middleware creates and initialises a fresh instance per request (~2 ms of
// CPU); the resources are static and nothing on the server changes an instance's language, so one
// per language is enough. The detector only ever returns a supported language, so this map holds
// at most UI_LOCALES.length instances.
const instances = new Map<string, i18n>();

/** The shared instance for a UI language (exported for tests). */
export function instanceFor(lng: string): i18n {
  let instance = instances.get(lng);
  if (!instance) {
    instance = createInstance({ resources, lng, fallbackLng: "en", interpolation: { escapeValue: false }, initAsync: false });
    instance.use(initReactI18next);
    void instance.init(); // synchronous with inline resources and initAsync: false
    memoizePlainLookups(instance);
    instances.set(lng, instance);
  }
  return instance;
}

// Options that react-i18next's fixed t adds to every call; with their default values a call is a
// plain lookup of a key in this instance's language.
const PLAIN_OPTION = new Set(["lng", "lngs", "ns", "keyPrefix"]);

/**
 * i18next spends ~10–20 µs on every t() (it copies its whole option object per call), and a page
 * makes dozens of calls. The resources never change on the server, so a lookup without
 * interpolation, count or context is remembered per key. Anything else goes to i18next as before.
 */
function memoizePlainLookups(instance: i18n) {
  const translate = instance.t.bind(instance) as (key: unknown, options?: unknown) => unknown;
  const memo = new Map<string, unknown>();
  const language = instance.language;
  const isDefaultNs = (ns: unknown) =>
    ns === undefined || ns === null || ns === "translation" || (Array.isArray(ns) && ns.length === 1 && ns[0] === "translation");
  const memoT = (key: unknown, options?: Record<string, unknown>) => {
    if (typeof key !== "string") return translate(key, options);
    if (options !== undefined) {
      if (typeof options !== "object" || options === null) return translate(key, options);
      for (const name in options) {
        const value = options[name];
        if (value === undefined || value === null) continue;
        if (!PLAIN_OPTION.has(name)) return translate(key, options);
        if (name === "lng" && value !== language) return translate(key, options);
        if (name === "ns" && value !== "translation" && !(Array.isArray(value) && value.length === 1 && value[0] === "translation"))
          return translate(key, options);
        if (name === "lngs" || name === "keyPrefix") return translate(key, options);
      }
    }
    let value = memo.get(key);
    if (value === undefined) {
      value = translate(key, options);
      if (memo.size < 10_000) memo.set(key, value); // keys come from the code; bounded all the same
    }
    return value;
  };
  instance.t = memoT as i18n["t"];
  // react-i18next's useTranslation calls getFixedT, whose t copies i18next's options on every call
  // before reaching instance.t: for this instance's language and the default namespace, hand out
  // a t that goes to the memo directly (the same answers; anything unusual still goes through).
  const getFixedT = instance.getFixedT.bind(instance) as unknown as (
    ...args: unknown[]
  ) => ((key: unknown, options?: unknown) => unknown) & Record<string, unknown>;
  instance.getFixedT = ((lng: unknown, ns: unknown, keyPrefix: unknown, ...rest: unknown[]) => {
    const fixed = getFixedT(lng, ns, keyPrefix, ...rest);
    if ((lng !== undefined && lng !== null && lng !== language) || !isDefaultNs(ns) || (keyPrefix !== undefined && keyPrefix !== null) || rest.length > 0)
      return fixed;
    const fast = (key: unknown, options?: unknown) =>
      options === undefined || (typeof options === "object" && options !== null)
        ? memoT(key, options as Record<string, unknown> | undefined)
        : fixed(key, options);
    return Object.assign(fast, { lng: fixed.lng, lngs: fixed.lngs, ns: fixed.ns, keyPrefix: fixed.keyPrefix });
  }) as unknown as i18n["getFixedT"];
}

const localeContext = createContext<string>("en");
const i18nextContext = createContext<i18n | null>(null);

export const i18nextMiddleware: MiddlewareFunction<Response> = async ({ request, context }, next) => {
  const lng = await detector.detect(request);
  context.set(localeContext, lng);
  context.set(i18nextContext, instanceFor(lng));
  return next();
};

type Ctx = Readonly<RouterContextProvider>;

export function getLocale(context: Ctx): string {
  return context.get(localeContext);
}

export function getInstance(context: Ctx): i18n {
  const instance = context.get(i18nextContext);
  if (!instance) throw new Error("i18next middleware did not run");
  return instance;
}
