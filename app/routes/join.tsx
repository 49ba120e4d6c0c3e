import { useTranslation } from "react-i18next";
import { data, Form, Link, redirect, type RouterContextProvider } from "react-router";
import type { Route } from "./+types/join";
import { registerAndStartSession, RegisterSchema } from "#app/auth/accounts.server";
import { getUser, notFound, requireUser } from "#app/auth/guards.server";
import { clientAddress, redirectWithSession } from "#app/auth/login-session.server";
import { limitAttempts, minutesUntil, RULES } from "#app/auth/rate-limit.server";
import { countMembers, isMember } from "#app/cohorts/cohorts.server";
import { joinCohortAndSettle } from "#app/learning/achievements.server";
import { cohortForJoinLink } from "#app/cohorts/learner.server";
import { formatDate } from "#app/components/cohort-ui";
import { FormAlert } from "#app/components/fields";
import { AccountFields, ProfileFieldset } from "#app/components/profile-fields";
import { countryOptions } from "#app/countries/countries.server";
import { findCourse } from "#app/content/content.server";
import { pick, UI_LOCALES } from "#app/content/locales";
import { getDb } from "#app/db.server";
import { invalid, parseForm, readForm } from "#app/forms.server";
import { getInstance, getLocale, localeCookie } from "#app/middleware/i18next.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data?.title }];

/** The link's cohort; unknown codes are limited per address and account (429 when over), so codes cannot be guessed. */
function cohortFor(context: Readonly<RouterContextProvider>, request: Request, code: string) {
  const db = getDb();
  const cohort = cohortForJoinLink(db, { ip: clientAddress(context), userId: getUser(context)?.id }, code);
  if (cohort && "throttled" in cohort) throw data({ error: "rate-limited", minutes: minutesUntil(cohort.throttled) }, { status: 429 });
  if (!cohort) notFound();
  const course = findCourse(cohort.courseSlug);
  if (!course) notFound();
  return { db, cohort, course };
}

export async function loader({ context, request, params }: Route.LoaderArgs) {
  const { db, cohort, course } = cohortFor(context, request, params.code);
  const user = getUser(context);
  const locale = getLocale(context);
  // A visitor who has not chosen a language sees the join page in the workshop's language (and the
  // registration form preselects it as their preferred language). ?lng= or a chosen language wins.
  const url = new URL(request.url);
  if (
    !user &&
    !url.searchParams.has("lng") &&
    locale !== cohort.locale &&
    (UI_LOCALES as readonly string[]).includes(cohort.locale) &&
    !(await localeCookie.parse(request.headers.get("Cookie")))
  ) {
    throw redirect(`/join/${encodeURIComponent(cohort.joinCode)}?lng=${cohort.locale}`);
  }
  const members = countMembers(db, cohort.id);
  return {
    title: `${getInstance(context).t("cohorts.join.title", { cohort: cohort.title })} · SHP Campus`,
    code: cohort.joinCode,
    cohort: { title: cohort.title, description: cohort.description, startsOn: cohort.startsOn, endsOn: cohort.endsOn, venue: cohort.venue, mode: cohort.mode },
    course: { slug: course.slug, title: pick(course.title, locale).text },
    inviteOnly: cohort.enrolment === "invite",
    full: cohort.capacity !== null && members >= cohort.capacity,
    loggedIn: !!user,
    member: user ? isMember(db, cohort.id, user.id) : false,
    locale,
    countries: user ? [] : countryOptions(locale),
  };
}

export async function action({ context, request, params }: Route.ActionArgs) {
  const { db, cohort, course } = cohortFor(context, request, params.code);
  const t = getInstance(context).t;
  const form = await readForm(request);
  const done = `/courses/${course.slug}?joined=1`;
  const refuse = (result: "full" | "invite-only") => invalid({ formError: t(`cohorts.join.${result}`) });
  if (form.get("intent") === "register") {
    if (getUser(context)) return redirect(`/join/${cohort.joinCode}`);
    const limit = limitAttempts(db, [{ key: `register:ip:${clientAddress(context)}`, rule: RULES.registerPerIp }]);
    if (!limit.allowed) return invalid({ formError: t("auth.tooManyAttempts", { minutes: minutesUntil(limit.retryAt) }) }, 429);
    const parsed = parseForm(form, RegisterSchema);
    if (!parsed.ok) return invalid({ formError: t("errors.fixBelow"), errors: parsed.errors, values: parsed.values });
    // Check before creating an account; joinCohort checks again inside its transaction.
    if (cohort.enrolment === "invite") return refuse("invite-only");
    if (cohort.capacity !== null && countMembers(db, cohort.id) >= cohort.capacity) return refuse("full");
    // Account, session and membership in one transaction.
    const started = await registerAndStartSession(
      db,
      parsed.data,
      (tx, user) => joinCohortAndSettle(tx, { cohortId: cohort.id, courseSlug: cohort.courseSlug, userId: user.id, viaCode: true }).result,
    );
    if (!started) {
      const { password: _pw, ...values } = parsed.data;
      return invalid({ formError: t("auth.emailTaken"), values: values as Record<string, string> });
    }
    const result = started.then;
    return redirectWithSession(
      request,
      started.token,
      started.expiresAt,
      started.user.locale,
      result === "joined" || result === "already-member" ? done : `/join/${cohort.joinCode}`,
    );
  }
  const user = requireUser(context, request);
  const { result } = joinCohortAndSettle(db, { cohortId: cohort.id, courseSlug: cohort.courseSlug, userId: user.id, viaCode: true });
  if (result === "full" || result === "invite-only") return refuse(result);
  return redirect(done);
}

export default function Join({ loaderData: d, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const values: Record<string, string> = { locale: d.locale, ...(actionData?.values ?? {}) };
  const errors = actionData?.errors ?? {};
  const here = `/join/${d.code}`;
  return (
    <div className="page narrow">
      <h1>{t("cohorts.join.title", { cohort: d.cohort.title })}</h1>
      <p className="lead">{d.course.title}</p>
      <p className="muted">
        {formatDate(d.cohort.startsOn, i18n.language)} – {formatDate(d.cohort.endsOn, i18n.language)} · {t(`cohorts.modes.${d.cohort.mode}`)}
        {d.cohort.venue ? ` · ${d.cohort.venue}` : ""}
      </p>
      {d.cohort.description ? <p>{d.cohort.description}</p> : null}
      <FormAlert message={actionData?.formError} />
      {d.member ? (
        <p className="notice">
          {t("cohorts.join.already")} <Link to={`/courses/${d.course.slug}`}>{t("cohorts.join.goToCourse")}</Link>
        </p>
      ) : d.inviteOnly ? (
        <p className="notice">{t("cohorts.join.invite-only")}</p>
      ) : d.full ? (
        <p className="notice">{t("cohorts.join.full")}</p>
      ) : d.loggedIn ? (
        <Form method="post">
          <input type="hidden" name="intent" value="join" />
          <button type="submit" className="button">
            {t("cohorts.join.button")}
          </button>
        </Form>
      ) : (
        <>
          <p>
            {t("cohorts.join.haveAccount")} <Link to={`/login?redirectTo=${encodeURIComponent(here)}`}>{t("cohorts.join.loginFirst")}</Link>
          </p>
          <h2>{t("cohorts.join.registerTitle")}</h2>
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="register" />
            <AccountFields values={values} errors={errors} />
            <ProfileFieldset values={values} errors={errors} countries={d.countries} />
            <button type="submit" className="button">
              {t("cohorts.join.registerButton")}
            </button>
          </Form>
        </>
      )}
    </div>
  );
}
