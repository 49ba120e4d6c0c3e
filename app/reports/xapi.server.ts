/**
 * Export for Learning Record Stores: xAPI 1.0.3 statements as JSON Lines.
 *
 * Statements are derived from the raw tables (lesson_progress, quiz_attempts, attendance) and from
 * learning_records (course completion, per the platform's rules), for the population a report scope
 * and filters select (populationWhere). Learners are identified by an account on this platform
 * (homePage = origin, name = user id): never by e-mail or name.
 *
 * Every statement id is a name-based (version 5) UUID of what the statement says, so exporting the
 * same data twice gives the same ids and an LRS ignores the repeats.
 *
 * Memory stays flat at any size: one streamed query over the population, and per learning record
 * a few indexed queries (lessons by the lesson_progress primary key, attempts by
 * quiz_attempts_user_quiz_idx, sessions by cohort_sessions_cohort_idx + the attendance primary key).
 * Nothing is sorted in JavaScript; order is per learner and course, as SQLite yields the population.
 */
import { v5 } from "uuid";
import { setImmediate as nextMacrotask } from "node:timers/promises";
import Database from "better-sqlite3";
import type { Db } from "#db/client";
import type { Course, Lesson } from "#app/content/catalog.server";
import { findCourse } from "#app/content/content.server";
import { populationWhere, type ReportFilters, type ReportScope } from "./filters.server";

// ── Types ───────────────────────────────────────────────────────────────────────────────────────

/** An xAPI language map: BCP 47 tag → text. */
export type XapiLanguageMap = Record<string, string>;

export type XapiActivity = {
  objectType: "Activity";
  id: string;
  definition?: { type?: string; name?: XapiLanguageMap };
};

export type XapiVerbName = "experienced" | "completed" | "passed" | "failed" | "attended";

/** One statement. Statements share frozen activity objects (object, contextActivities): treat them as read-only. */
export type XapiStatement = {
  id: string;
  version: "1.0.3";
  actor: { objectType: "Agent"; account: { homePage: string; name: string } };
  verb: { id: string; display: XapiLanguageMap };
  object: XapiActivity;
  result?: {
    score?: { scaled: number; raw: number; min: number; max: number };
    success?: boolean;
    completion?: boolean;
  };
  context: {
    platform: string;
    language?: string;
    contextActivities?: { parent?: readonly XapiActivity[]; grouping?: readonly XapiActivity[] };
  };
  timestamp: string;
};

export type XapiExportOptions = {
  /** Absolute http(s) origin of this platform: the base of every activity IRI and the actors' account homePage. */
  origin: string;
  /**
   * Cut-off (ms): statements timestamped after it are left out — in practice, attendance marked
   * before a session has started. Defaults to the time of the call.
   */
  now?: number;
};

// ── Vocabulary ──────────────────────────────────────────────────────────────────────────────────

const ADL_VERB = "http://adlnet.gov/expapi/verbs/";
const ADL_ACTIVITY = "http://adlnet.gov/expapi/activities/";
const ACTIVITY_TYPE = {
  course: `${ADL_ACTIVITY}course`,
  lesson: `${ADL_ACTIVITY}lesson`,
  assessment: `${ADL_ACTIVITY}assessment`,
  meeting: `${ADL_ACTIVITY}meeting`,
} as const;

const VERBS: Record<XapiVerbName, XapiStatement["verb"]> = {
  experienced: verb("experienced"),
  completed: verb("completed"),
  passed: verb("passed"),
  failed: verb("failed"),
  attended: verb("attended"),
};

function verb(name: XapiVerbName): XapiStatement["verb"] {
  return Object.freeze({ id: `${ADL_VERB}${name}`, display: Object.freeze({ "en-US": name }) });
}

export const PLATFORM = "SHP Campus";

/** Simple BCP 47 shape (language[-script][-region]); user and cohort locales are two-letter codes. */
const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|\d{3}))?$/;

// ── Name-based UUIDs ────────────────────────────────────────────────────────────────────────────

/** RFC 4122 namespace for URLs (appendix C). */
const NAMESPACE_URL = "6ba7b811-9dad-11d1-80b4-00c04fd430c8";

/** RFC 4122 version 5 (SHA-1, name-based) UUID of `name` in `namespace`. */
export const uuidV5 = (name: string, namespace: string): string => v5(name, namespace);

// ── Activities ──────────────────────────────────────────────────────────────────────────────────

const segment = (s: string) => encodeURIComponent(s);
const path = (key: string) => key.split("/").map(segment).join("/");

function deepFreeze<T extends object>(o: T): T {
  for (const v of Object.values(o)) if (v && typeof v === "object" && !Object.isFrozen(v)) deepFreeze(v as object);
  return Object.freeze(o);
}

function activity(id: string, type: string | null, name: XapiLanguageMap): XapiActivity {
  return deepFreeze({ objectType: "Activity", id, definition: type ? { type, name } : { name } });
}

/** Only well-formed language tags make it into a language map (an LRS rejects the whole statement otherwise). */
function languageMap(entries: [string, string | undefined][], fallback: string): XapiLanguageMap {
  const map: XapiLanguageMap = {};
  for (const [tag, text] of entries) if (text && LANGUAGE_TAG.test(tag)) map[tag] = text;
  return Object.keys(map).length ? map : { en: fallback };
}

/**
 * The activities of one course (course, lessons, quizzes), named from the content files with English
 * and every translation present; a slug stands in for anything the content no longer has. Built
 * once per course per export and shared (frozen) between statements.
 */
class CourseActivities {
  readonly course: XapiActivity;
  readonly parent: readonly XapiActivity[];
  private readonly slug: string;
  private readonly base: string;
  private readonly content: Course | undefined;
  private readonly lessons = new Map<string, XapiActivity>();
  private readonly quizzes = new Map<string, XapiActivity | null>();

  constructor(origin: string, slug: string) {
    this.slug = slug;
    this.content = findCourse(slug);
    this.base = `${origin}/courses/${segment(slug)}`;
    this.course = activity(this.base, ACTIVITY_TYPE.course, this.content ? languageMap(Object.entries(this.content.title), slug) : { en: slug });
    this.parent = Object.freeze([this.course]);
  }

  private lessonContent(key: string): Lesson | undefined {
    return this.content?.lessons.find((l) => l.key === key);
  }

  private lessonTitle(key: string): string {
    return this.lessonContent(key)?.versions.en.title ?? key;
  }

  lesson(key: string): XapiActivity {
    let a = this.lessons.get(key);
    if (!a) {
      const l = this.lessonContent(key);
      const name = l
        ? languageMap(
            Object.entries(l.versions).map(([tag, v]) => [tag, v?.title]),
            key,
          )
        : { en: key };
      this.lessons.set(key, (a = activity(`${this.base}/${path(key)}`, ACTIVITY_TYPE.lesson, name)));
    }
    return a;
  }

  /** The activity a quiz_key stands for, or null for a key the platform does not write. */
  quiz(quizKey: string): XapiActivity | null {
    let a = this.quizzes.get(quizKey);
    if (a === undefined) {
      a = this.buildQuiz(quizKey);
      this.quizzes.set(quizKey, a);
    }
    return a;
  }

  private buildQuiz(quizKey: string): XapiActivity | null {
    const courseTitle = this.content?.title.en ?? this.slug;
    if (quizKey === "final") return activity(`${this.base}/assessment/final`, ACTIVITY_TYPE.assessment, { en: `Final assessment: ${courseTitle}` });
    if (quizKey === "pretest") return activity(`${this.base}/assessment/pretest`, ACTIVITY_TYPE.assessment, { en: `Pre-test: ${courseTitle}` });
    if (quizKey.startsWith("check:")) {
      const key = quizKey.slice("check:".length);
      return activity(`${this.base}/${path(key)}#check`, ACTIVITY_TYPE.assessment, { en: `Knowledge check: ${this.lessonTitle(key)}` });
    }
    if (quizKey.startsWith("module:")) {
      const slug = quizKey.slice("module:".length);
      const m = this.content?.modules.find((x) => x.slug === slug);
      const name = m?.quiz?.title ? languageMap(Object.entries(m.quiz.title), slug) : { en: `Module quiz: ${m?.title.en ?? slug}` };
      return activity(`${this.base}/${segment(slug)}/quiz`, ACTIVITY_TYPE.assessment, name);
    }
    return null;
  }
}

// ── Statements ──────────────────────────────────────────────────────────────────────────────────

type PopulationRow = [userId: string, courseSlug: string, cohortId: string | null, completedAt: number | null, locale: string];
type LessonRow = [lessonKey: string, completedAt: number | null, lastSeenAt: number];
type AttemptRow = [id: number, quizKey: string, score: number | null, maxScore: number, percent: number | null, passed: number | null, submittedAt: number];
type SessionRow = [id: string, title: string, startsAt: number];

function normaliseOrigin(origin: string): string {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new TypeError(`xAPI export: origin must be an absolute URL, got ${JSON.stringify(origin)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new TypeError(`xAPI export: origin must be http(s), got ${JSON.stringify(origin)}`);
  return url.origin;
}

/**
 * Streams the xAPI statements of every learning record the scope and filters select.
 *
 * Runs on `db`'s own connection and keeps its read statements open between `next()` calls. That is
 * fine when the caller drains the generator synchronously. Do NOT pause between `next()` calls
 * (await, timers) on the app's shared connection: while a statement is open better-sqlite3 refuses
 * every write on that connection ("This database connection is busy executing a query"), so
 * learners' requests would fail. For HTTP use xapiJsonLines, which reads through a connection of its own.
 */
export function* xapiStatements(db: Db, scope: ReportScope, filters: ReportFilters, opts: XapiExportOptions): Generator<XapiStatement> {
  yield* statementsFrom(db.$client, scope, filters, opts);
}

function* statementsFrom(sqlite: Database.Database, scope: ReportScope, filters: ReportFilters, opts: XapiExportOptions): Generator<XapiStatement> {
  const origin = normaliseOrigin(opts.origin);
  const now = opts.now ?? Date.now();
  // Ids are scoped by platform: two deployments exporting to one LRS never collide.
  const namespace = uuidV5(`${origin}/xapi`, NAMESPACE_URL);
  const where = populationWhere(scope, filters);

  const population = sqlite
    .prepare(
      `select lr.user_id, lr.course_slug, lr.cohort_id, lr.completed_at, u.locale
       from learning_records lr join users u on u.id = lr.user_id
       where ${where.sql}`,
    )
    .raw();
  const lessonsOf = sqlite.prepare("select lesson_key, completed_at, last_seen_at from lesson_progress where user_id = ? and course_slug = ?").raw();
  const attemptsOf = sqlite
    .prepare(
      `select id, quiz_key, score, max_score, percent, passed, submitted_at from quiz_attempts
       where user_id = ? and course_slug = ? and submitted_at is not null and submitted_at <= ? order by submitted_at, id`,
    )
    .raw();
  // Only sessions of the cohort the learner takes the course with (lr.cohort_id), and only once they have started.
  const attendedOf = sqlite
    .prepare(
      `select s.id, s.title, s.starts_at from cohort_sessions s join attendance a on a.session_id = s.id and a.user_id = ?
       where s.cohort_id = ? and a.status = 'present' and s.starts_at <= ? order by s.starts_at`,
    )
    .raw();
  const cohortOf = sqlite.prepare("select title, locale from cohorts where id = ?").raw();

  const courses = new Map<string, CourseActivities>();
  const cohorts = new Map<string, { activity: XapiActivity; grouping: readonly XapiActivity[]; locale: string }>();

  const cohortInfo = (id: string) => {
    let c = cohorts.get(id);
    if (!c) {
      const row = cohortOf.get(id) as [string, string] | undefined;
      const locale = row && LANGUAGE_TAG.test(row[1]) ? row[1] : "en";
      // No ADL activity type fits a cohort (a trainer-led run of a course); the type is left out.
      const a = activity(`${origin}/trainer/cohorts/${segment(id)}`, null, { [locale]: row?.[0] || id });
      cohorts.set(id, (c = { activity: a, grouping: Object.freeze([a]), locale }));
    }
    return c;
  };

  for (const [userId, courseSlug, cohortId, courseCompletedAt, locale] of population.iterate(...where.params) as IterableIterator<PopulationRow>) {
    let acts = courses.get(courseSlug);
    if (!acts) courses.set(courseSlug, (acts = new CourseActivities(origin, courseSlug)));
    const cohort = cohortId ? cohortInfo(cohortId) : null;
    const actor: XapiStatement["actor"] = { objectType: "Agent", account: { homePage: origin, name: userId } };
    const language = LANGUAGE_TAG.test(locale) ? locale : undefined;

    const make = (
      verbName: XapiVerbName,
      object: XapiActivity,
      ms: number,
      parent: readonly XapiActivity[] | null,
      result: XapiStatement["result"] | null,
      discriminator: string = String(ms),
    ): XapiStatement => {
      const contextActivities: NonNullable<XapiStatement["context"]["contextActivities"]> = {};
      if (parent) contextActivities.parent = parent;
      if (cohort) contextActivities.grouping = cohort.grouping;
      const v = VERBS[verbName];
      const s: XapiStatement = {
        id: uuidV5(`${v.id}|${userId}|${object.id}|${discriminator}`, namespace),
        version: "1.0.3",
        actor,
        verb: v,
        object,
        context: { platform: PLATFORM, ...(language ? { language } : {}), ...(parent || cohort ? { contextActivities } : {}) },
        timestamp: new Date(ms).toISOString(),
      };
      if (result) s.result = result;
      return s;
    };

    for (const [lessonKey, completedAt, lastSeenAt] of lessonsOf.iterate(userId, courseSlug) as IterableIterator<LessonRow>) {
      const lesson = acts.lesson(lessonKey);
      if (lastSeenAt <= now) yield make("experienced", lesson, lastSeenAt, acts.parent, null);
      if (completedAt !== null && completedAt <= now) yield make("completed", lesson, completedAt, acts.parent, { completion: true });
    }

    for (const [id, quizKey, score, maxScore, percent, passed, submittedAt] of attemptsOf.iterate(userId, courseSlug, now) as IterableIterator<AttemptRow>) {
      const quiz = acts.quiz(quizKey);
      if (!quiz) continue; // not a quiz key the platform writes: there is no activity to name
      const result: NonNullable<XapiStatement["result"]> = {};
      if (percent !== null && score !== null && maxScore > 0 && score >= 0 && score <= maxScore)
        result.score = { scaled: Math.min(1, Math.max(0, percent / 100)), raw: score, min: 0, max: maxScore };
      // The pre-test is diagnostic: the platform grades it but records no pass or fail (passed is
      // null), so it is reported as completed with its score rather than as a made-up pass/fail.
      if (passed !== null) result.success = passed === 1;
      result.completion = true;
      const verbName: XapiVerbName = passed === null ? "completed" : passed === 1 ? "passed" : "failed";
      yield make(verbName, quiz, submittedAt, acts.parent, result, `attempt:${id}`);
    }

    if (cohortId && cohort) {
      for (const [sessionId, title, startsAt] of attendedOf.iterate(userId, cohortId, now) as IterableIterator<SessionRow>) {
        const session = activity(`${cohort.activity.id}/schedule/${segment(sessionId)}`, ACTIVITY_TYPE.meeting, { [cohort.locale]: title || sessionId });
        yield make("attended", session, startsAt, acts.parent, null);
      }
    }

    // Course completion: learning_records.completed_at is when the platform's rules (the cohort's,
    // or the self-paced certificate rules) were met.
    if (courseCompletedAt !== null && courseCompletedAt <= now) yield make("completed", acts.course, courseCompletedAt, null, { completion: true });
  }
}

// ── JSON Lines ──────────────────────────────────────────────────────────────────────────────────

export const XAPI_JSON_LINES_TYPE = "application/x-ndjson; charset=utf-8";

/**
 * A connection of the export's own for reading: the export holds read statements open while it
 * hands control back to the event loop, which the app's shared connection must never do (see
 * xapiStatements). In WAL mode this reader neither blocks nor is blocked by the app's writers;
 * it reads one consistent snapshot for the whole export, and the only cost is that checkpoints
 * cannot move the WAL past that snapshot until the export ends (the WAL grows by what is written
 * meanwhile). An in-memory database cannot be opened twice, so it is read on its own connection.
 */
function openReader(db: Db): { sqlite: Database.Database; close: () => void } {
  const main = db.$client;
  if (main.memory) return { sqlite: main, close: () => {} };
  const sqlite = new Database(main.name, { readonly: true, fileMustExist: true });
  sqlite.pragma("busy_timeout = 5000");
  return { sqlite, close: () => sqlite.close() };
}

export type XapiStreamOptions = XapiExportOptions & {
  /** At most this many statements per chunk (default 1000). */
  batchSize?: number;
  /**
   * At most about this long (ms) producing one chunk (default 20): a statement costs tens of
   * microseconds (queries, SHA-1, JSON), so on a slow or busy machine 1000 of them can take far
   * longer than other requests should wait.
   */
  maxChunkMs?: number;
};

/**
 * The statements as JSON Lines, in chunks of at most `batchSize` statements or `maxChunkMs` of work,
 * giving the event loop a turn (setImmediate) between chunks so that a large export does not hold
 * up other requests. Synchronous work between two turns is one chunk. The reading connection is
 * closed when the export ends, fails or is abandoned (return()).
 */
export async function* xapiJsonLineChunks(
  db: Db,
  scope: ReportScope,
  filters: ReportFilters,
  opts: XapiStreamOptions,
): AsyncGenerator<Uint8Array, void, undefined> {
  const batchSize = Math.max(1, opts.batchSize ?? 1000);
  const maxChunkMs = Math.max(0, opts.maxChunkMs ?? 20);
  const options = { ...opts, now: opts.now ?? Date.now() };
  const encoder = new TextEncoder();
  const reader = openReader(db);
  try {
    let lines: string[] = [];
    let started = performance.now();
    for (const statement of statementsFrom(reader.sqlite, scope, filters, options)) {
      lines.push(JSON.stringify(statement));
      if (lines.length >= batchSize || performance.now() - started >= maxChunkMs) {
        yield encoder.encode(`${lines.join("\n")}\n`);
        lines = [];
        // A consumer that reads eagerly resumes us in a microtask; this makes each chunk a task of its own.
        await nextMacrotask();
        started = performance.now();
      }
    }
    if (lines.length) yield encoder.encode(`${lines.join("\n")}\n`);
  } finally {
    reader.close();
  }
}

/**
 * The export as a byte stream for a Response:
 * `new Response(xapiJsonLines(db, scope, filters, { origin }), { headers: { "Content-Type": XAPI_JSON_LINES_TYPE } })`.
 * Pull-based: nothing is read before the body is consumed, and each chunk is produced on demand
 * (backpressure); cancelling the body (client gone) ends the export and closes its connection.
 */
export function xapiJsonLines(db: Db, scope: ReportScope, filters: ReportFilters, opts: XapiStreamOptions): ReadableStream<Uint8Array> {
  let chunks: AsyncGenerator<Uint8Array, void, undefined> | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        chunks ??= xapiJsonLineChunks(db, scope, filters, opts);
        try {
          const next = await chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(next.value);
        } catch (e) {
          controller.error(e);
        }
      },
      async cancel() {
        await chunks?.return();
      },
    },
    { highWaterMark: 0 },
  );
}
