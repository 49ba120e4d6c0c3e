import { useEffect } from "react";
import { localeData, registerDateLocaleData } from "./i18n/datetime";
import { env } from "./env.server";
import { switchLanguage } from "./i18n/client-resources";
import { useTranslation } from "react-i18next";
import {
  data,
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteLoaderData,
  type ShouldRevalidateFunctionArgs,
} from "react-router";
import type { Route } from "./+types/root";
import { getUser } from "./auth/guards.server";
import { getDb } from "./db.server";
import { hasOfflineCourses } from "./offline/offline.server";
import { unreadCount } from "./notifications/notify.server";
import { SiteFooter, SiteHeader } from "./components/site-chrome";
import { authMiddleware } from "./middleware/auth.server";
import { getLocale, i18nextMiddleware, localeCookie } from "./middleware/i18next.server";
import { originCheckMiddleware } from "./middleware/security.server";
import appCss from "./styles/app.css?url";
import fontsLatin from "./styles/fonts-latin.css?url";
import fontsLaoLite from "./styles/fonts-lo-lite.css?url";
import fontsLao from "./styles/fonts-lo.css?url";
import fontsVi from "./styles/fonts-vi.css?url";
import fontsKhmer from "./styles/fonts-km.css?url";
import fontsThai from "./styles/fonts-th.css?url";

// Order matters: the session is read first (the locale may come from the profile), then the
// locale, so that even a refused request (CSRF) gets a translated error page.
export const middleware: Route.MiddlewareFunction[] = [authMiddleware, i18nextMiddleware, originCheckMiddleware];

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: appCss },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = getUser(context);
  const locale = getLocale(context);
  // Lite mode: a user setting, or automatic when the browser asks to save data.
  const lite = (user?.liteMode ?? false) || request.headers.get("Save-Data")?.toLowerCase() === "on";
  return data(
    {
      locale,
      lite,
      user: user ? { name: user.name, role: user.role, unread: unreadCount(getDb(), user.id) } : null,
      // The learner chose to keep a course offline: load the device script (docs/decisions/0018), Lite mode too.
      offline: user ? hasOfflineCourses(getDb(), user.id) : false,
      // Date and number patterns from the server's ICU, so the browser renders the same strings
      // (app/i18n/datetime.ts), and the platform's time zone.
      dates: localeData(locale),
      timeZone: env.TIME_ZONE,
    },
    { headers: { "Set-Cookie": await localeCookie.serialize(locale) } },
  );
}

// The root data changes only with the session, the language or a setting: never on plain navigation.
export function shouldRevalidate({ formMethod, currentUrl, nextUrl, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs) {
  if (formMethod && formMethod !== "GET") return defaultShouldRevalidate;
  // The unread count in the header: fresh whenever the person opens their own pages.
  if (nextUrl.pathname.startsWith("/me")) return true;
  return currentUrl.searchParams.get("lng") !== nextUrl.searchParams.get("lng");
}

export function Layout({ children }: { children: React.ReactNode }) {
  const { i18n } = useTranslation();
  const root = useRouteLoaderData<typeof loader>("root");
  const lang = root?.locale ?? i18n.language ?? "en";
  registerDateLocaleData(root?.dates);
  // Marks the document once React has hydrated it, error pages included (end-to-end tests wait for
  // this, not for a quiet network).
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  const lite = root?.lite ?? false;
  return (
    <html lang={lang} dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#0b5e8a" />
        <Meta />
        <Links />
        {/* Fonts by language; Lite mode keeps to system fonts except for Lao (docs/decisions/0013, 0015). */}
        {lite ? null : <link rel="stylesheet" href={fontsLatin} />}
        {lang === "vi" && !lite ? <link rel="stylesheet" href={fontsVi} /> : null}
        {lang === "lo" ? <link rel="stylesheet" href={lite ? fontsLaoLite : fontsLao} /> : null}
        {lang === "th" && !lite ? <link rel="stylesheet" href={fontsThai} /> : null}
        {lang === "km" && !lite ? <link rel="stylesheet" href={fontsKhmer} /> : null}
      </head>
      <body>
        {children}
        {lite ? null : (
          <>
            <ScrollRestoration />
            <Scripts />
          </>
        )}
        {root?.offline ? <script type="module" src="/offline-client.js" /> : null}
      </body>
    </html>
  );
}

export default function App({ loaderData }: Route.ComponentProps) {
  const { i18n } = useTranslation();
  useEffect(() => {
    if (i18n.language !== loaderData.locale) void switchLanguage(i18n, loaderData.locale);
  }, [loaderData.locale, i18n]);

  return (
    <>
      <SiteHeader user={loaderData.user} locale={loaderData.locale} lite={loaderData.lite} />
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <SiteFooter />
    </>
  );
}

export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  const { t } = useTranslation();
  const root = useRouteLoaderData<typeof loader>("root");
  let title = t("errors.genericTitle");
  let message = t("errors.generic");
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      title = t("errors.notFoundTitle");
      message = t("errors.notFound");
    } else if (error.status === 403) {
      title = t("errors.forbiddenTitle");
      message = (error.data as { error?: string } | undefined)?.error === "csrf" ? t("errors.csrf") : t("errors.forbidden");
    } else if (error.status === 429) {
      title = t("errors.tooManyTitle");
      message = t("auth.tooManyAttempts", { minutes: (error.data as { minutes?: number } | undefined)?.minutes ?? 15 });
    } else if (error.status === 413) {
      title = t("errors.tooLargeTitle");
      message = t("errors.tooLarge");
    } else if (error.status === 400) {
      title = t("errors.genericTitle");
      message = t("errors.badRequest");
    }
  } else if (import.meta.env.DEV && error instanceof Error) {
    message = error.message;
  }
  return (
    <>
      <SiteHeader user={root?.user ?? null} locale={root?.locale ?? "en"} lite={root?.lite ?? false} />
      <main id="main" className="page narrow">
        <h1>{title}</h1>
        <p>{message}</p>
        <p>
          <a href="/">{t("errors.home")}</a>
        </p>
      </main>
    </>
  );
}
