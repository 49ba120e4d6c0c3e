import { useTranslation } from "react-i18next";
import { Form, Link, redirect } from "react-router";
import type { Route } from "./+types/me-offline";
import { requireUser } from "#app/auth/guards.server";
import { findCourse } from "#app/content/content.server";
import { LOCALE_NAMES, pick, type Locale } from "#app/content/locales";
import { getDb } from "#app/db.server";
import { env } from "#app/env.server";
import { invalid, readForm } from "#app/forms.server";
import { FormAlert } from "#app/components/fields";
import { formatInstant } from "#app/i18n/datetime";
import { getInstance, getLocale } from "#app/middleware/i18next.server";
import { lessonHref } from "#app/content/present.server";
import {
  estimateOfflineBytes,
  formatMegabytes,
  keepCourseOffline,
  offlineCoursesOf,
  offlineKey,
  offlinePages,
  removeOfflineCourse,
} from "#app/offline/offline.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data ? `${data.title} · SHP Campus` : "SHP Campus" }];

/**
 * The courses this learner keeps offline (docs/decisions/0018). With JavaScript, /offline-client.js
 * reads `data-offline-plan` and stores the pages in the service worker's cache; this page, stored too,
 * is also the offline fallback (`?notice=not-stored`) and the "waiting to send" page (`?notice=queued`).
 */
export function loader({ context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const locale = getLocale(context);
  const t = getInstance(context).t;
  const url = new URL(request.url);
  const notice = url.searchParams.get("notice");
  const download = url.searchParams.get("download");
  const removed = url.searchParams.get("removed");
  // Whole courses and single modules, each with the pages the device keeps for it.
  const items = offlineCoursesOf(getDb(), user.id).flatMap((row) => {
    const course = findCourse(row.courseSlug);
    const module = row.moduleSlug ? course?.modules.find((m) => m.slug === row.moduleSlug) : undefined;
    if (!course || (row.moduleSlug && !module)) return [];
    const pages = offlinePages(course, row.moduleSlug);
    const courseTitle = pick(course.title, row.locale).text;
    return [
      {
        key: offlineKey(course.slug, row.moduleSlug),
        course: course.slug,
        module: row.moduleSlug,
        title: module ? t("offline.moduleOf", { module: pick(module.title, row.locale).text, course: courseTitle }) : courseTitle,
        href: module?.lessons[0] ? lessonHref(course, module.lessons[0]) : `/courses/${course.slug}`,
        pages,
        line: t("offline.storedOn", {
          language: LOCALE_NAMES[row.locale as Locale] ?? row.locale,
          size: formatMegabytes(estimateOfflineBytes(course, row.locale, undefined, row.moduleSlug), locale),
          date: formatInstant(row.storedAt, "dateTime", locale, env.TIME_ZONE),
        }),
      },
    ];
  });
  return {
    title: t("offline.title"),
    notice: notice === "not-stored" || notice === "queued" ? notice : null,
    items,
    // What the device script should do on this page: store one item's pages, or, after a removal,
    // forget every stored page that no remaining item needs.
    plan: {
      download: items.find((c) => c.key === download)?.pages ?? null,
      keep: removed ? [...new Set(items.flatMap((c) => c.pages))] : null,
    },
    labels: {
      downloading: t("offline.downloading"),
      ready: t("offline.ready"),
      failed: t("offline.failed"),
      waiting: t("offline.waiting"),
      sent: t("offline.sent"),
      refused: t("offline.refused"),
      seeResult: t("offline.seeResult"),
    },
  };
}

export async function action({ context, request }: Route.ActionArgs) {
  const user = requireUser(context, request);
  const form = await readForm(request);
  const course = findCourse(String(form.get("course") ?? ""));
  const moduleSlug = String(form.get("module") ?? "");
  const intent = form.get("intent");
  const t = getInstance(context).t;
  if (!course || (moduleSlug && !course.modules.some((m) => m.slug === moduleSlug)) || (intent !== "store" && intent !== "remove"))
    return invalid({ formError: t("errors.badRequest") });
  const key = encodeURIComponent(offlineKey(course.slug, moduleSlug));
  if (intent === "store") {
    keepCourseOffline(getDb(), { userId: user.id, courseSlug: course.slug, moduleSlug, locale: getLocale(context) });
    return redirect(`/me/offline?download=${key}`);
  }
  removeOfflineCourse(getDb(), { userId: user.id, courseSlug: course.slug, moduleSlug });
  return redirect(`/me/offline?removed=${key}`);
}

export default function MeOffline({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const d = loaderData;
  return (
    <div className="page narrow">
      <h1>{d.title}</h1>
      {d.notice === "not-stored" ? (
        <p className="notice" role="status">
          {t("offline.notStored")}
        </p>
      ) : null}
      {d.notice === "queued" ? (
        <p className="notice" role="status" data-offline-queued="true">
          {t("offline.queued")}
        </p>
      ) : null}
      <FormAlert message={actionData?.formError} />
      <p className="muted">{t("offline.privacy")}</p>
      {/* Filled by the device script; React leaves the inside of these alone (no hydration mismatch). */}
      <p
        id="offline-status"
        role="status"
        data-offline-plan={JSON.stringify(d.plan)}
        data-offline-labels={JSON.stringify(d.labels)}
        dangerouslySetInnerHTML={{ __html: "" }}
      />
      {d.plan.download ? (
        <noscript>
          <p className="notice">{t("offline.needsScript")}</p>
        </noscript>
      ) : null}
      <h2>{t("offline.stored")}</h2>
      {d.items.length === 0 ? (
        <p>{t("offline.none")}</p>
      ) : (
        <ul className="plain-list">
          {d.items.map((c) => (
            <li key={c.key} {...(c.module ? { "data-offline-module": c.key } : { "data-offline-course": c.key })}>
              <Link to={c.href} reloadDocument>
                {c.title}
              </Link>
              <br />
              <span className="muted">{c.line}</span>
              <Form method="post" reloadDocument className="inline-form">
                <input type="hidden" name="course" value={c.course} />
                {c.module ? <input type="hidden" name="module" value={c.module} /> : null}
                <button type="submit" name="intent" value="store" className="link-button" aria-label={t("offline.updateNamed", { title: c.title })}>
                  {t("offline.update")}
                </button>{" "}
                <button type="submit" name="intent" value="remove" className="link-button" aria-label={t("offline.removeNamed", { title: c.title })}>
                  {t("offline.remove")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
      <p className="muted">{t("offline.finalOnline")}</p>
      <section aria-labelledby="offline-queue-h" id="offline-queue" hidden>
        <h2 id="offline-queue-h">{t("offline.queueTitle")}</h2>
        <ul className="plain-list" dangerouslySetInnerHTML={{ __html: "" }} />
      </section>
      {/* The device script also runs where the learner has nothing stored yet (a removal to carry out). */}
      <script type="module" src="/offline-client.js" />
    </div>
  );
}
