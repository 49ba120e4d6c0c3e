import { useTranslation } from "react-i18next";
import { Form, Link, NavLink, useLocation } from "react-router";
import { LOCALE_NAMES, UI_LOCALES } from "#app/content/locales";

type HeaderUser = { name: string; role: "learner" | "trainer" | "admin"; unread?: number } | null;

export function SiteHeader({ user, locale, lite }: { user: HeaderUser; locale: string; lite: boolean }) {
  const { t } = useTranslation();
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  params.delete("lng");
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        {t("app.skipToContent")}
      </a>
      <div className="header-inner">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            SHP
          </span>
          <span className="brand-name">{t("app.name")}</span>
        </Link>
        {/* On a phone the menu folds into a <details> (no JavaScript needed); on a wide screen it is
            always shown (app.css, ::details-content). */}
        <details className="site-menu" key={location.pathname}>
          <summary>{t("app.menu")}</summary>
          <div className="site-menu-body">
            <nav aria-label={t("nav.primary")} className="main-nav">
              <NavLink to="/courses">{t("nav.courses")}</NavLink>
              <NavLink to="/glossary">{t("nav.glossary")}</NavLink>
              {user ? <NavLink to="/me">{t("nav.dashboard")}</NavLink> : null}
              {user ? (
                <NavLink to="/me/notifications" end>
                  {t("notifications.header", unreadLabel(user.unread))}
                </NavLink>
              ) : null}
              {user?.role === "trainer" || user?.role === "admin" ? <NavLink to="/trainer">{t("cohorts.nav")}</NavLink> : null}
              {user?.role === "trainer" || user?.role === "admin" ? <NavLink to="/reports">{t("reports.nav")}</NavLink> : null}
              {user?.role === "admin" ? <NavLink to="/admin/users">{t("nav.admin")}</NavLink> : null}
              {user?.role === "admin" ? <NavLink to="/admin/certificates">{t("certificates.nav")}</NavLink> : null}
              {user?.role === "admin" ? <NavLink to="/admin/privacy">{t("privacy.admin.nav")}</NavLink> : null}
              {user?.role === "admin" ? <NavLink to="/admin/organisation">{t("organisation.nav")}</NavLink> : null}
              {user?.role === "admin" ? <NavLink to="/admin/jobs">{t("notifications.jobs.nav")}</NavLink> : null}
              {user ? (
                <>
                  <NavLink to="/me/profile">{t("nav.profile")}</NavLink>
                  <Form method="post" action="/logout" className="inline-form" reloadDocument>
                    <button type="submit" className="link-button">
                      {t("nav.logout")}
                    </button>
                  </Form>
                </>
              ) : (
                <>
                  <NavLink to="/login">{t("nav.login")}</NavLink>
                  <NavLink to="/register">{t("nav.register")}</NavLink>
                </>
              )}
            </nav>
            {/* A plain POST form: the choice is saved (cookie, and the profile when signed in), then back here. */}
            <Form method="post" action="/language" className="lang-form" reloadDocument>
              <input type="hidden" name="back" value={location.pathname + (params.size ? `?${params}` : "")} />
              <label htmlFor="lng-select" className="visually-hidden">
                {t("app.language")}
              </label>
              <select id="lng-select" name="lng" defaultValue={locale}>
                {UI_LOCALES.map((l) => (
                  <option key={l} value={l} lang={l}>
                    {LOCALE_NAMES[l]}
                  </option>
                ))}
              </select>
              <button type="submit" className="button small secondary">
                {t("app.changeLanguage")}
              </button>
            </Form>
          </div>
        </details>
        {/* The unread count stays visible outside the folded menu (server-rendered: no JavaScript needed). */}
        {user ? (
          <Link to="/me/notifications" className="header-notifications" aria-label={t("notifications.header", unreadLabel(user.unread))}>
            <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2">
              <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
              <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
            </svg>
            {user.unread ? <span className="count">{unreadLabel(user.unread).shown}</span> : null}
          </Link>
        ) : null}
      </div>
      {lite ? <p className="lite-banner">{t("app.liteOn")}</p> : null}
    </header>
  );
}

export function SiteFooter() {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <p>{t("app.footer")}</p>
      <nav aria-label={t("privacy.footerLink")} className="footer-links">
        <Link to="/privacy">{t("privacy.footerLink")}</Link> · <Link to="/help">{t("help.footerLink")}</Link>
      </nav>
    </footer>
  );
}

/** The unread count as the header shows it: the server stops counting at 100, so anything above 99 is "99+". */
function unreadLabel(unread = 0) {
  return { count: unread, shown: unread > 99 ? "99+" : String(unread) };
}
