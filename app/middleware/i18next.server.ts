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

function instanceFor(lng: string): i18n {
  let instance = instances.get(lng);
  if (!instance) {
    instance = createInstance({ resources, lng, fallbackLng: "en", interpolation: { escapeValue: false }, initAsync: false });
    instance.use(initReactI18next);
    void instance.init(); // synchronous with inline resources and initAsync: false
    instances.set(lng, instance);
  }
  return instance;
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
