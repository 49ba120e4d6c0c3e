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
import { estimateOfflineBytes, formatMegabytes, keepCourseOffline, offlineCoursesOf, offlinePages, removeOfflineCourse } from "#app/offline/offline.server";

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
  const courses = offlineCoursesOf(getDb(), user.id).flatMap((row) => {
    const course = findCourse(row.courseSlug);
    if (!course) return [];
    const pages = offlinePages(course);
    return [
      {
        slug: course.slug,
        title: pick(course.title, row.locale).text,
        href: `/courses/${course.slug}`,
        pages,
        line: t("offline.storedOn", {
          language: LOCALE_NAMES[row.locale as Locale] ?? row.locale,
          size: formatMegabytes(estimateOfflineBytes(course, row.locale), locale),
          date: formatInstant(row.storedAt, "dateTime", locale, env.TIME_ZONE),
        }),
      },
    ];
  });
  return {
    title: t("offline.title"),
    notice: notice === "not-stored" || notice === "queued" ? notice : null,
    courses,
    // What the device script should do on this page: store one course's pages, or forget one's.
    plan: {
      download: courses.find((c) => c.slug === download)?.pages ?? null,
      removed: removed && !courses.some((c) => c.slug === removed) ? removed : null,
    },
    labels: {
      downloading: t("offline.downloading"),
      ready: t("offline.ready"),
      failed: t("offline.failed"),
      waiting: t("offline.waiting"),
      sent: t("offline.sent"),
      seeResult: t("offline.seeResult"),
    },
  };
}

export async function action({ context, request }: Route.ActionArgs) {
  const user = requireUser(context, request);
  const form = await readForm(request);
  const course = findCourse(String(form.get("course") ?? ""));
  const intent = form.get("intent");
  const t = getInstance(context).t;
  if (!course || (intent !== "store" && intent !== "remove")) return invalid({ formError: t("errors.badRequest") });
  if (intent === "store") {
    keepCourseOffline(getDb(), { userId: user.id, courseSlug: course.slug, locale: getLocale(context) });
    return redirect(`/me/offline?download=${encodeURIComponent(course.slug)}`);
  }
  removeOfflineCourse(getDb(), { userId: user.id, courseSlug: course.slug });
  return redirect(`/me/offline?removed=${encodeURIComponent(course.slug)}`);
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
      {d.courses.length === 0 ? (
        <p>{t("offline.none")}</p>
      ) : (
        <ul className="plain-list">
          {d.courses.map((c) => (
            <li key={c.slug} data-offline-course={c.slug}>
              <Link to={c.href} reloadDocument>
                {c.title}
              </Link>
              <br />
              <span className="muted">{c.line}</span>
              <Form method="post" reloadDocument className="inline-form">
                <input type="hidden" name="course" value={c.slug} />
                <button type="submit" name="intent" value="store" className="link-button">
                  {t("offline.update")}
                </button>{" "}
                <button type="submit" name="intent" value="remove" className="link-button">
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
