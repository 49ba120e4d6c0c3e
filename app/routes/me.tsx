import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Route } from "./+types/me";
import { requireUser } from "#app/auth/guards.server";
import { findCourse } from "#app/content/content.server";
import { pick } from "#app/content/locales";
import { lessonHref, lessonTitle } from "#app/content/present.server";
import { ProgressBar } from "#app/components/progress-bar";
import { getDb } from "#app/db.server";
import { courseProgress, enrolledCourseSlugs } from "#app/learning/progress.server";
import { getInstance, getLocale } from "#app/middleware/i18next.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

export function loader({ context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const locale = getLocale(context);
  const db = getDb();
  const courses = enrolledCourseSlugs(db, user.id).flatMap((slug) => {
    const course = findCourse(slug);
    if (!course) return [];
    const p = courseProgress(db, user.id, course);
    return [
      {
        slug,
        title: pick(course.title, locale).text,
        percent: p.percent,
        resume: p.resume ? { href: lessonHref(course, p.resume), title: lessonTitle(p.resume, locale) } : null,
      },
    ];
  });
  return { title: `${getInstance(context).t("me.title")} · SHP Campus`, name: user.name, courses };
}

export default function Me({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [first, ...rest] = loaderData.courses;
  return (
    <div className="page">
      <h1>{t("me.title")}</h1>
      <p className="lead">{t("me.welcome", { name: loaderData.name })}</p>
      <p>
        <Link to="/me/certificates">{t("certificates.mine.link")}</Link>
      </p>
      {first?.resume ? (
        <section className="panel resume">
          <h2>{t("course.continue")}</h2>
          <p>
            <strong>{first.title}</strong> — {first.resume.title}
          </p>
          <Link className="button" to={first.resume.href}>
            {t("me.continue")}
          </Link>
        </section>
      ) : null}
      {loaderData.courses.length === 0 ? (
        <p>
          {t("me.empty")} <Link to="/courses">{t("me.browse")}</Link>
        </p>
      ) : (
        <ul className="cards">
          {[first!, ...rest].map((c) => (
            <li key={c.slug} className="card">
              <h2 className="card-title">
                <Link to={`/courses/${c.slug}`}>{c.title}</Link>
              </h2>
              <ProgressBar percent={c.percent} label={t("course.progressLabel", { percent: c.percent })} />
              <p>
                {c.resume ? <Link to={c.resume.href}>{t("me.resumeLesson", { lesson: c.resume.title })}</Link> : t("me.completedCourse")}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
