import { initReactI18next } from "react-i18next";
import { createCookie } from "react-router";
import { createI18nextMiddleware } from "remix-i18next/middleware";
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
export const [i18nextMiddleware, getLocale, getInstance] = createI18nextMiddleware({
  detection: {
    supportedLanguages: [...UI_LOCALES.filter((l) => l !== "en"), "en"],
    fallbackLanguage: "en",
    cookie: localeCookie,
    order: ["searchParams", "cookie", "custom", "header"],
    async findLocale(request) {
      return userByRequest.get(request)?.locale ?? null;
    },
  },
  i18next: { resources, fallbackLng: "en", interpolation: { escapeValue: false } },
  plugins: [initReactI18next],
});
