import { useTranslation } from "react-i18next";
import { Form, Link, redirect } from "react-router";
import type { Route } from "./+types/lesson";
import { getUser, requireUser } from "#app/auth/guards.server";
import { getCatalog } from "#app/content/content.server";
import { LOCALE_NAMES, pick, type Locale } from "#app/content/locales";
import { renderLessonHtml } from "#app/content/mdx.server";
import { isDocumentRequest, lessonHref, lessonTitle, nextStep } from "#app/content/present.server";
import { FormAlert } from "#app/components/fields";
import { LessonBody } from "#app/components/lesson-body";
import { QuizFeedback, QuizForm, ScoreSummary, type QuizRedraw } from "#app/components/quiz";
import { resolveLesson } from "#app/content/resolve.server";
import { assertModuleOpen } from "#app/cohorts/schedule.server";
import { getDb } from "#app/db.server";
import { invalid, readForm } from "#app/forms.server";
import { env } from "#app/env.server";
import { completeLesson, submitKnowledgeCheck, uncompleteLesson } from "#app/learning/achievements.server";
import { givenFromForm } from "#app/learning/grading";
import { courseProgress, recordLessonVisit } from "#app/learning/progress.server";
import { attemptResultFor, publicQuestion, rulesFor } from "#app/learning/quizzes.server";
import { requestMethodContext } from "#app/middleware/context";
import { clientAttemptIdFrom } from "#app/offline/client-id";
import { OFFLINE_DOWNLOAD_HEADER } from "#app/offline/offline.server";
import { getInstance, getLocale } from "#app/middleware/i18next.server";

export const meta: Route.MetaFunction = ({ data }) => [{ title: data ? `${data.lesson.title} · ${data.course.title}` : "SHP Campus" }];

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { course, module, lesson } = resolveLesson(params);
  const locale = getLocale(context);
  const t = getInstance(context).t;
  const user = getUser(context);
  assertModuleOpen(getDb(), user, course.slug, module.slug);
  const version = lesson.versions[locale as Locale] ?? lesson.versions.en;
  const catalog = getCatalog();
  const { html, hash } = await renderLessonHtml(version.file, {
    cacheDir: env.CACHE_DIR,
    lng: locale,
    labels: {
      example: t("content.example"),
      note: t("content.note"),
      summary: t("content.summary"),
      glossary: t("content.glossary"),
      openInGlossary: t("content.openInGlossary"),
    },
    termInfo: (id) => {
      const term = catalog.glossaryById.get(id);
      if (!term) return undefined;
      const definition = pick(term.definition, locale);
      return { term: pick(term.term, locale).text, definition: definition.text, lang: definition.fallback ? "en" : locale };
    },
    salt: catalog.glossaryVersion,
  });

  const db = getDb();
  let progress = null;
  let checkResult = null;
  if (user) {
    // A visit is a GET; re-rendering after a form post (accepted or refused) is not one.
    // Storing the page for offline use is not a visit either (docs/decisions/0018).
    if (context.get(requestMethodContext) === "GET" && !request.headers.has(OFFLINE_DOWNLOAD_HEADER)) recordLessonVisit(db, user.id, course.slug, lesson.key);
    progress = courseProgress(db, user.id, course);
    const attemptId = Number(new URL(request.url).searchParams.get("check"));
    // Knowledge checks are formative (no certificate or completion rule reads them): keys at once.
    if (lesson.check) checkResult = attemptResultFor(db, { userId: user.id, course, quizKey: lesson.check.key, attemptId, locale });
  }

  const all = course.lessons;
  const i = all.findIndex((l) => l.key === lesson.key);
  const prev = all[i - 1];
  // The module's quiz after its last lesson (until passed), the final after the course's last lesson.
  const step = nextStep(course, { lessonKey: lesson.key }, (k) => progress?.quizzes.get(k)?.passed ?? false);
  const checkRules = lesson.check ? rulesFor(course, lesson.check) : null;
  const checkAttempts = lesson.check ? (progress?.quizzes.get(lesson.check.key)?.attempts ?? 0) : 0;

  return {
    course: { slug: course.slug, title: pick(course.title, locale).text },
    module: { slug: module.slug, title: pick(module.title, locale).text },
    lesson: {
      key: lesson.key,
      title: version.title,
      minutes: version.minutes,
      objectives: version.objectives,
      references: version.references,
      fallback: version.locale !== locale,
      draft: version.translation === "draft",
      lang: version.locale,
    },
    languageName: LOCALE_NAMES[locale as Locale] ?? locale,
    // The body travels in the HTML of a document load; only client navigations need it as data.
    body: { hash, html: isDocumentRequest(request) ? null : html },
    outline: course.modules.map((m) => ({
      slug: m.slug,
      title: pick(m.title, locale).text,
      lessons: m.lessons.map((l) => ({
        key: l.key,
        href: lessonHref(course, l),
        title: lessonTitle(l, locale),
        done: progress?.completedLessons.has(l.key) ?? false,
      })),
    })),
    prev: prev ? { href: lessonHref(course, prev), title: lessonTitle(prev, locale) } : null,
    nextStep: step ? { kind: step.kind, href: step.href, title: step.kind === "lesson" ? lessonTitle(step.lesson, locale) : null } : null,
    loggedIn: !!user,
    completed: progress?.completedLessons.has(lesson.key) ?? false,
    check: lesson.check
      ? {
          questions: lesson.check.refs.map((ref) => publicQuestion(ref, lesson.check!.byRef.get(ref)!, locale)),
          passMark: checkRules!.passMark,
          result: checkResult,
          // A failed check can be taken again (the form comes back without ?check=) while attempts remain.
          retryHref:
            checkResult && !checkResult.passed && (checkRules!.maxAttempts === 0 || checkAttempts < checkRules!.maxAttempts)
              ? `${lessonHref(course, lesson)}#check`
              : null,
        }
      : null,
  };
}

export async function action({ params, context, request }: Route.ActionArgs) {
  const user = requireUser(context, request);
  const { course, module, lesson } = resolveLesson(params);
  assertModuleOpen(getDb(), user, course.slug, module.slug);
  const form = await readForm(request);
  const intent = form.get("intent");
  const db = getDb();
  const here = lessonHref(course, lesson);
  if (intent === "complete") {
    const { result: done, issued } = completeLesson(db, { userId: user.id, course, lessonKey: lesson.key });
    if (!done.ok) return invalid({ intent: "complete", formError: getInstance(context).t("lesson.notVisited") });
    if (form.get("then") !== "next") return redirect(here);
    // A certificate issued by this completion is shown at once, on the course page (its panel links it).
    if (issued.length > 0) return redirect(`/courses/${course.slug}#certificate-h`);
    // On to what completion needs next: the module's quiz, the next lesson, the final — or the course
    // page when nothing is left.
    const quizzes = courseProgress(db, user.id, course).quizzes;
    const step = nextStep(course, { lessonKey: lesson.key }, (k) => quizzes.get(k)?.passed ?? false);
    return redirect(step?.href ?? `/courses/${course.slug}`);
  }
  if (intent === "incomplete") {
    uncompleteLesson(db, { userId: user.id, course, lessonKey: lesson.key });
    return redirect(here);
  }
  if (intent === "check" && lesson.check) {
    const t = getInstance(context).t;
    const clientAttemptId = clientAttemptIdFrom(form);
    if (clientAttemptId === undefined) return invalid({ intent: "check", formError: t("errors.badRequest") });
    const { outcome } = submitKnowledgeCheck(db, { userId: user.id, course, quiz: lesson.check, form, locale: getLocale(context), clientAttemptId });
    if (!outcome.ok) {
      if (outcome.reason === "unanswered")
        return invalid<QuizRedraw>({
          intent: "check",
          formError: t("quiz.unanswered", { count: outcome.unanswered.length, numbers: outcome.unanswered.join(", ") }),
          result: { given: givenFromForm(form, lesson.check.refs.length) },
        });
      return invalid({ intent: "check", formError: t("quiz.attemptLimitReached") });
    }
    return redirect(`${here}?check=${outcome.attemptId}#check`);
  }
  return invalid({ intent: "check", formError: getInstance(context).t("errors.badRequest") });
}

export default function LessonPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { course, module, lesson, outline, check } = loaderData;
  return (
    <div className="lesson-layout">
      {/* First on a phone, folded (a <details>, no JavaScript); always open on a wide screen (app.css). */}
      <nav className="lesson-sidebar" aria-label={t("lesson.contents")}>
        <details>
          <summary>{t("lesson.contents")}</summary>
          <ol>
            {outline.map((m) => (
              <li key={m.slug}>
                <span className="outline-module">{m.title}</span>
                <ol>
                  {m.lessons.map((l) => (
                    <li key={l.key} className={l.done ? "done" : undefined}>
                      <Link to={l.href} aria-current={l.key === lesson.key ? "page" : undefined}>
                        {l.done ? <span aria-hidden="true">✓ </span> : null}
                        {l.title}
                      </Link>
                    </li>
                  ))}
                </ol>
              </li>
            ))}
          </ol>
        </details>
      </nav>

      <article className="lesson" lang={lesson.lang}>
        <nav aria-label={t("lesson.breadcrumb")} className="breadcrumbs">
          <Link to={`/courses/${course.slug}`}>{course.title}</Link> › <span>{module.title}</span>
        </nav>
        <h1>{lesson.title}</h1>
        <p className="muted">{t("lesson.minutes", { count: lesson.minutes })}</p>
        {lesson.fallback ? <p className="notice">{t("lesson.fallbackNotice", { language: loaderData.languageName })}</p> : null}
        {lesson.draft ? <p className="notice subtle">{t("lesson.draftTranslation")}</p> : null}

        <section className="objectives" aria-labelledby="objectives-h">
          <h2 id="objectives-h">{t("lesson.objectives")}</h2>
          <ul>
            {lesson.objectives.map((o) => (
              <li key={o}>{o}</li>
            ))}
          </ul>
        </section>

        <LessonBody key={loaderData.body.hash} hash={loaderData.body.hash} html={loaderData.body.html} />

        {check ? (
          <section id="check" className="panel check" aria-labelledby="check-h">
            <h2 id="check-h">{t("lesson.knowledgeCheck")}</h2>
            {check.result ? (
              <>
                <ScoreSummary
                  score={check.result.score}
                  max={check.result.max}
                  percent={check.result.percent}
                  passed={check.result.passed}
                  passMark={check.passMark}
                />
                <QuizFeedback items={check.result.feedback} />
                {check.retryHref ? (
                  <p>
                    <Link className="button secondary" to={check.retryHref}>
                      {t("quiz.startAgain")}
                    </Link>
                  </p>
                ) : null}
              </>
            ) : loaderData.loggedIn ? (
              <>
                <p className="muted">{t("lesson.knowledgeCheckHelp")}</p>
                <FormAlert message={actionData?.intent === "check" ? actionData.formError : null} />
                <QuizForm questions={check.questions} intent="check" idPrefix="check" given={actionData?.result?.given} />
              </>
            ) : (
              <p>
                <Link to={`/login?redirectTo=${encodeURIComponent(`/courses/${course.slug}/${lesson.key}`)}`}>{t("lesson.loginToTrack")}</Link>
              </p>
            )}
          </section>
        ) : null}

        <section className="references" aria-labelledby="refs-h">
          <h2 id="refs-h">{t("lesson.references")}</h2>
          <ul>
            {lesson.references.map((r) => (
              <li key={r} lang="en">
                <ReferenceText text={r} />
              </li>
            ))}
          </ul>
        </section>

        {loaderData.loggedIn ? (
          <div className="complete-row">
            {loaderData.completed ? (
              <Form method="post" className="inline-form">
                <p className="success-text">✓ {t("lesson.completed")}</p>
                <input type="hidden" name="intent" value="incomplete" />
                <button type="submit" className="link-button">
                  {t("lesson.markIncomplete")}
                </button>
              </Form>
            ) : (
              <Form method="post">
                <FormAlert message={actionData?.intent === "complete" ? actionData.formError : null} />
                <input type="hidden" name="intent" value="complete" />
                <input type="hidden" name="then" value="next" />
                <button type="submit" className="button">
                  {t("lesson.markComplete")}
                </button>
              </Form>
            )}
          </div>
        ) : null}

        <nav className="pager" aria-label={t("lesson.pager")}>
          {loaderData.prev ? (
            <Link to={loaderData.prev.href} rel="prev" className="pager-prev">
              ← {t("lesson.previous")}: {loaderData.prev.title}
            </Link>
          ) : (
            <span />
          )}
          {loaderData.nextStep?.kind === "module-quiz" ? (
            <Link to={loaderData.nextStep.href} className="pager-next">
              {t("lesson.moduleQuiz")} →
            </Link>
          ) : loaderData.nextStep?.kind === "final" ? (
            <Link to={loaderData.nextStep.href} className="pager-next">
              {t("lesson.takeFinal")} →
            </Link>
          ) : loaderData.nextStep ? (
            <Link to={loaderData.nextStep.href} rel="next" className="pager-next">
              {t("lesson.next")}: {loaderData.nextStep.title} →
            </Link>
          ) : null}
        </nav>
      </article>
    </div>
  );
}

/** A reference as written in the lesson's frontmatter, with its web addresses as real links. */
function ReferenceText({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+[^\s<>".,;:)\]])/);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <a key={i} href={part} className="break" rel="noopener noreferrer">
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </>
  );
}
