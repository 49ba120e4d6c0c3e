/**
 * Training evaluation: questionnaires at the end of a workshop (from its last session) or of a
 * self-paced course (on completion), a follow-up some months later, and their anonymous responses.
 *
 * Anonymity by construction (docs/decisions/0015): `evaluation_requests` records who was asked and the
 * DAY they responded; `evaluation_responses` and `evaluation_answers` record what was answered with no
 * person, no request, no time and a random id. Nothing joins the two sides but the questionnaire.
 *
 * Requests are created by the writes that make them due and by the runner's hourly job
 * (./requests.server.ts), never by a page: pages only read them. The notifier asks
 * dueEvaluationMessages() what to send and reports back with markEvaluationMessageSent().
 */
import { randomBytes } from "node:crypto";
import { and, eq, isNull, lte } from "drizzle-orm";
import { inTransaction, type Db } from "#db/client";
import {
  auditLog,
  cohorts,
  evaluationForms,
  evaluationRequests,
  EXTRA_QUESTION_TYPES,
  users,
  type Cohort,
  type EvaluationKind,
  type ExtraQuestion,
  type ExtraQuestionType,
  type User,
} from "#db/schema";
import { env, publicOrigin } from "#app/env.server";
import { findCourse } from "#app/content/content.server";
import { pick } from "#app/content/locales";
import { cohortToday } from "#app/cohorts/schedule.server";
import { settleAchievements } from "#app/learning/achievements.server";
import { cohortEvaluationOpensAt, cohortFormKey } from "./requests.server";

export { cohortEvaluationOpensAt, cohortFormKey, syncEvaluationRequests } from "./requests.server";
import { MAX_ANSWER, MAX_EXTRA_QUESTIONS, MAX_LABEL, MAX_OPTION, MAX_OPTIONS, questionsOf, SCALE, type Question } from "./questions";

const DAY = 86_400_000;

// ── Questionnaires ──────────────────────────────────────────────────────────────────────────

export type FormRef = { key: string; kind: EvaluationKind; cohortId: string | null; courseSlug: string };

export const courseFormKey = (courseSlug: string, kind: EvaluationKind) => `course:${courseSlug}:${kind}`;

/** The questions a questionnaire asks: the template, then what the workshop's trainers added. */
export function formQuestions(db: Db, form: FormRef): Question[] {
  const row = db.select({ extra: evaluationForms.extraQuestions }).from(evaluationForms).where(eq(evaluationForms.key, form.key)).get();
  return questionsOf(form.kind, form.cohortId !== null, row?.extra ?? []);
}

export function extraQuestions(db: Db, key: string): ExtraQuestion[] {
  return db.select({ extra: evaluationForms.extraQuestions }).from(evaluationForms).where(eq(evaluationForms.key, key)).get()?.extra ?? [];
}

/** When a questionnaire of a workshop opens (the follow-up: FOLLOWUP_AFTER_DAYS after the evaluation). */
export function cohortFormOpensAt(db: Db, cohort: Pick<Cohort, "id" | "endsOn" | "timeZone">, kind: EvaluationKind): number {
  const opens = cohortEvaluationOpensAt(db, cohort);
  return kind === "evaluation" ? opens : opens + env.FOLLOWUP_AFTER_DAYS * DAY;
}

export function countResponses(db: Db, key: string): number {
  return db.$client.prepare("select count(*) from evaluation_responses where form_key = ?").pluck().get(key) as number;
}

/** A trainer may change a workshop's questions until the questionnaire opens and while nobody has answered. */
export function questionsEditable(db: Db, cohort: Pick<Cohort, "id" | "endsOn" | "timeZone">, kind: EvaluationKind, now = Date.now()): boolean {
  return now < cohortFormOpensAt(db, cohort, kind) && countResponses(db, cohortFormKey(cohort.id, kind)) === 0;
}

export type ExtraQuestionInput = { type: string; label: string; options: string };
export type QuestionEditResult = { ok: true } | { ok: false; reason: "locked" | "too-many" | "label" | "options" | "type" | "not-found" };

/** Adds a trainer's question (scale, single choice with one option a line, or short text) to a workshop's questionnaire. */
export function addExtraQuestion(
  db: Db,
  actor: Pick<User, "id">,
  cohort: Pick<Cohort, "id" | "courseSlug" | "endsOn" | "timeZone">,
  kind: EvaluationKind,
  input: ExtraQuestionInput,
  now = Date.now(),
): QuestionEditResult {
  if (!(EXTRA_QUESTION_TYPES as readonly string[]).includes(input.type)) return { ok: false, reason: "type" };
  const label = input.label.trim();
  if (!label || label.length > MAX_LABEL) return { ok: false, reason: "label" };
  const type = input.type as ExtraQuestionType;
  const options =
    type === "choice"
      ? input.options
          .split(/\r?\n/)
          .map((o) => o.trim())
          .filter(Boolean)
      : [];
  if (type === "choice" && (options.length < 2 || options.length > MAX_OPTIONS || options.some((o) => o.length > MAX_OPTION))) {
    return { ok: false, reason: "options" };
  }
  return inTransaction(db, (tx) => {
    if (!questionsEditable(tx, cohort, kind, now)) return { ok: false, reason: "locked" } as const;
    const key = cohortFormKey(cohort.id, kind);
    const extra = extraQuestions(tx, key);
    if (extra.length >= MAX_EXTRA_QUESTIONS) return { ok: false, reason: "too-many" } as const;
    const next = [...extra, { id: `x${randomBytes(4).toString("hex")}`, type, label, options }];
    tx.insert(evaluationForms)
      .values({ key, kind, cohortId: cohort.id, courseSlug: cohort.courseSlug, extraQuestions: next })
      .onConflictDoUpdate({ target: evaluationForms.key, set: { extraQuestions: next } })
      .run();
    tx.insert(auditLog)
      .values({ actorId: actor.id, action: "evaluation.question-add", subject: `cohort:${cohort.id}`, detail: { kind, label }, at: now })
      .run();
    return { ok: true } as const;
  });
}

export function removeExtraQuestion(
  db: Db,
  actor: Pick<User, "id">,
  cohort: Pick<Cohort, "id" | "endsOn" | "timeZone">,
  kind: EvaluationKind,
  questionId: string,
  now = Date.now(),
): QuestionEditResult {
  return inTransaction(db, (tx) => {
    if (!questionsEditable(tx, cohort, kind, now)) return { ok: false, reason: "locked" } as const;
    const key = cohortFormKey(cohort.id, kind);
    const extra = extraQuestions(tx, key);
    const next = extra.filter((q) => q.id !== questionId);
    if (next.length === extra.length) return { ok: false, reason: "not-found" } as const;
    tx.update(evaluationForms).set({ extraQuestions: next }).where(eq(evaluationForms.key, key)).run();
    tx.insert(auditLog)
      .values({ actorId: actor.id, action: "evaluation.question-remove", subject: `cohort:${cohort.id}`, detail: { kind, questionId }, at: now })
      .run();
    return { ok: true } as const;
  });
}

// ── Requests: who is asked, and when ───────────────────────────────────────────────────────

export type OpenRequest = {
  id: number;
  kind: EvaluationKind;
  cohortId: string | null;
  courseSlug: string;
  /** Workshop title, or the course's title in the page's language. */
  title: string;
  courseTitle: string;
  dueAt: number;
};

function titleOf(courseSlug: string, cohortTitle: string | null, locale: string) {
  const course = findCourse(courseSlug);
  const courseTitle = course ? pick(course.title, locale).text : courseSlug;
  return { title: cohortTitle ?? courseTitle, courseTitle };
}

/** The questionnaires waiting for this person's answer (due and not answered), oldest first. */
export function openRequestsFor(db: Db, userId: string, locale: string, now = Date.now()): OpenRequest[] {
  const rows = db.$client
    .prepare(
      `select r.id, r.kind, r.cohort_id, r.course_slug, r.due_at, c.title from evaluation_requests r left join cohorts c on c.id = r.cohort_id
       where r.user_id = ? and r.responded_on is null and r.due_at <= ? order by r.due_at, r.id`,
    )
    .raw()
    .all(userId, now) as [number, EvaluationKind, string | null, string, number, string | null][];
  return rows.map(([id, kind, cohortId, courseSlug, dueAt, cohortTitle]) => ({
    id,
    kind,
    cohortId,
    courseSlug,
    dueAt,
    ...titleOf(courseSlug, cohortTitle, locale),
  }));
}

export type RequestView = OpenRequest & { respondedOn: string | null; open: boolean };

/** One of this person's requests (null: not theirs, or none). */
export function requestFor(db: Db, userId: string, requestId: number, locale: string, now = Date.now()): RequestView | null {
  const row = db
    .select({ r: evaluationRequests, cohortTitle: cohorts.title })
    .from(evaluationRequests)
    .leftJoin(cohorts, eq(cohorts.id, evaluationRequests.cohortId))
    .where(and(eq(evaluationRequests.id, requestId), eq(evaluationRequests.userId, userId)))
    .get();
  if (!row) return null;
  const r = row.r;
  return {
    id: r.id,
    kind: r.kind,
    cohortId: r.cohortId,
    courseSlug: r.courseSlug,
    dueAt: r.dueAt,
    respondedOn: r.respondedOn,
    open: r.respondedOn === null && r.dueAt <= now,
    ...titleOf(r.courseSlug, row.cohortTitle, locale),
  };
}

/** This person's requests for one workshop (for the workshop page), due or not. */
export function cohortRequestsFor(db: Db, userId: string, cohortId: string, now = Date.now()) {
  return db
    .select({ id: evaluationRequests.id, kind: evaluationRequests.kind, dueAt: evaluationRequests.dueAt, respondedOn: evaluationRequests.respondedOn })
    .from(evaluationRequests)
    .where(and(eq(evaluationRequests.userId, userId), eq(evaluationRequests.cohortId, cohortId)))
    .orderBy(evaluationRequests.dueAt)
    .all()
    .map((r) => ({ ...r, open: r.respondedOn === null && r.dueAt <= now }));
}

/** Whether a person has answered a workshop's evaluation (the optional completion rule). */
export function hasSubmittedCohortEvaluation(db: Db, cohortId: string, userId: string): boolean {
  return !!db.$client
    .prepare("select 1 from evaluation_requests where form_key = ? and user_id = ? and responded_on is not null")
    .get(cohortFormKey(cohortId, "evaluation"), userId);
}

// ── Messages for the notifier ───────────────────────────────────────────────────────────────

export type EvaluationMessageKind = "evaluation-request" | "followup-request" | "evaluation-reminder";
export type EvaluationMessage = { userId: string; kind: EvaluationMessageKind; url: string; title: string; requestId: number };

/**
 * What to send now: a request for every due, unanswered questionnaire not yet sent, and one reminder
 * for an evaluation (not a follow-up) still unanswered EVALUATION_REMINDER_DAYS after its request was
 * sent. Titles are in the person's language. The notifier calls markEvaluationMessageSent for each
 * message it has queued, so a message is offered again until it is marked.
 */
export function dueEvaluationMessages(db: Db, now = Date.now()): EvaluationMessage[] {
  const remindAfter = env.EVALUATION_REMINDER_DAYS * DAY;
  const rows = db.$client
    .prepare(
      `select r.id, r.user_id, r.kind, r.course_slug, c.title, u.locale, r.sent_at is null
       from evaluation_requests r join users u on u.id = r.user_id left join cohorts c on c.id = r.cohort_id
       where r.responded_on is null and r.due_at <= ? and u.deactivated_at is null
         and (r.sent_at is null or (r.kind = 'evaluation' and r.reminded_at is null and r.sent_at <= ?))
       order by r.due_at, r.id`,
    )
    .raw()
    .all(now, now - remindAfter) as [number, string, EvaluationKind, string, string | null, string, number][];
  const origin = publicOrigin();
  return rows.map(([requestId, userId, kind, courseSlug, cohortTitle, locale, unsent]) => ({
    requestId,
    userId,
    kind: unsent ? (kind === "evaluation" ? "evaluation-request" : "followup-request") : "evaluation-reminder",
    url: `${origin}/me/evaluations/${requestId}`,
    title: titleOf(courseSlug, cohortTitle, locale).title,
  }));
}

/** Records that a message was handed to the notifier (idempotent: the first time counts). */
export function markEvaluationMessageSent(db: Db, requestId: number, kind: EvaluationMessageKind, now = Date.now()) {
  if (kind === "evaluation-reminder") {
    db.update(evaluationRequests)
      .set({ remindedAt: now })
      .where(and(eq(evaluationRequests.id, requestId), isNull(evaluationRequests.remindedAt)))
      .run();
  } else {
    db.update(evaluationRequests)
      .set({ sentAt: now })
      .where(and(eq(evaluationRequests.id, requestId), isNull(evaluationRequests.sentAt)))
      .run();
  }
}

// ── Responding ──────────────────────────────────────────────────────────────────────────────

export type AnswerErrors = Record<string, "required" | "range" | "tooLong">;
export type SubmitResult =
  | { ok: true; courseSlug: string; cohortId: string | null }
  | { ok: false; reason: "not-found" | "not-open" | "already" }
  | { ok: false; reason: "invalid"; errors: AnswerErrors; values: Record<string, string> };

type ParsedAnswer = { questionId: string; num: number | null; text: string | null };

/** Reads the answers from a form (fields `q-<question id>`), checking each against its question. */
export function parseAnswers(questions: Question[], form: FormData): { answers: ParsedAnswer[]; errors: AnswerErrors; values: Record<string, string> } {
  const answers: ParsedAnswer[] = [];
  const errors: AnswerErrors = {};
  const values: Record<string, string> = {};
  for (const q of questions) {
    const raw = form.get(`q-${q.id}`);
    const value = typeof raw === "string" ? raw.trim() : "";
    values[q.id] = value.slice(0, MAX_ANSWER);
    if (!value) {
      if (q.required) errors[q.id] = "required";
      continue;
    }
    if (q.type === "text") {
      if (value.length > MAX_ANSWER) errors[q.id] = "tooLong";
      else answers.push({ questionId: q.id, num: null, text: value });
      continue;
    }
    const n = Number(value);
    const ok = q.type === "scale" ? (SCALE as readonly number[]).includes(n) : Number.isInteger(n) && n >= 0 && n < q.options.length;
    if (!ok || !/^\d+$/.test(value)) errors[q.id] = "range";
    else answers.push({ questionId: q.id, num: n, text: null });
  }
  return { answers, errors, values };
}

/** A random positive integer below 2^53: a response id that says nothing about when it was stored. */
function randomId(): number {
  return Number(randomBytes(8).readBigUInt64BE() >> 11n) || 1;
}

/**
 * A participant answers a questionnaire. One transaction: the request is marked answered (the day
 * only), the response and its answers are stored with no link to the person, and — for a workshop's
 * evaluation — the person's achievements are settled (the optional "evaluation submitted" rule).
 * `shareProfile`: the respondent agreed to record their sex and constituent group with the answers.
 */
export function submitEvaluation(
  db: Db,
  args: { user: Pick<User, "id" | "sex" | "constituentGroup">; requestId: number; form: FormData; shareProfile: boolean; now?: number },
): SubmitResult {
  const now = args.now ?? Date.now();
  return inTransaction(db, (tx): SubmitResult => {
    const req = tx
      .select()
      .from(evaluationRequests)
      .where(and(eq(evaluationRequests.id, args.requestId), eq(evaluationRequests.userId, args.user.id)))
      .get();
    if (!req) return { ok: false, reason: "not-found" };
    if (req.respondedOn !== null) return { ok: false, reason: "already" };
    if (req.dueAt > now) return { ok: false, reason: "not-open" };
    const form: FormRef = { key: req.formKey, kind: req.kind, cohortId: req.cohortId, courseSlug: req.courseSlug };
    const parsed = parseAnswers(formQuestions(tx, form), args.form);
    if (Object.keys(parsed.errors).length) return { ok: false, reason: "invalid", errors: parsed.errors, values: parsed.values };

    const marked = tx
      .update(evaluationRequests)
      .set({ respondedOn: cohortToday(now, env.TIME_ZONE) })
      .where(and(eq(evaluationRequests.id, req.id), isNull(evaluationRequests.respondedOn), lte(evaluationRequests.dueAt, now)))
      .run();
    if (marked.changes !== 1) return { ok: false, reason: "already" };

    const sqlite = tx.$client;
    const responseId = randomId();
    sqlite
      .prepare("insert into evaluation_responses (id, form_key, kind, cohort_id, course_slug, sex, constituent_group) values (?, ?, ?, ?, ?, ?, ?)")
      .run(
        responseId,
        form.key,
        form.kind,
        form.cohortId,
        form.courseSlug,
        args.shareProfile ? args.user.sex : "undisclosed",
        args.shareProfile ? args.user.constituentGroup : null,
      );
    const insertAnswer = sqlite.prepare("insert into evaluation_answers (response_id, question_id, value_num, value_text) values (?, ?, ?, ?)");
    for (const a of parsed.answers) insertAnswer.run(responseId, a.questionId, a.num, a.text);

    if (form.kind === "evaluation" && form.cohortId) {
      // Completion may now be met (rule "evaluation submitted"): the report's record and the certificate.
      sqlite.prepare("insert into learning_record_queue (user_id, course_slug) values (?, ?)").run(args.user.id, form.courseSlug);
      settleAchievements(tx, args.user.id, form.courseSlug, "evaluation", now);
    }
    return { ok: true, courseSlug: form.courseSlug, cohortId: form.cohortId };
  });
}

// ── Moderation ──────────────────────────────────────────────────────────────────────────────

/**
 * Hides (or shows again) an abusive open comment; audited. Allowed to administrators, and to the
 * trainers of the workshop the response belongs to. Returns false when not allowed or not found.
 */
export function setCommentHidden(
  db: Db,
  actor: Pick<User, "id" | "role">,
  args: { responseId: number; questionId: string; hidden: boolean; now?: number },
): boolean {
  return inTransaction(db, (tx) => {
    const sqlite = tx.$client;
    const row = sqlite
      .prepare(
        `select r.cohort_id, r.form_key from evaluation_answers a join evaluation_responses r on r.id = a.response_id
         where a.response_id = ? and a.question_id = ? and a.value_text is not null`,
      )
      .raw()
      .get(args.responseId, args.questionId) as [string | null, string] | undefined;
    if (!row) return false;
    const [cohortId, formKey] = row;
    if (actor.role !== "admin") {
      const trains = cohortId && sqlite.prepare("select 1 from cohort_trainers where cohort_id = ? and user_id = ?").get(cohortId, actor.id);
      if (!trains) return false;
    }
    sqlite
      .prepare("update evaluation_answers set hidden = ? where response_id = ? and question_id = ?")
      .run(args.hidden ? 1 : 0, args.responseId, args.questionId);
    tx.insert(auditLog)
      .values({
        actorId: actor.id,
        action: args.hidden ? "evaluation.comment-hide" : "evaluation.comment-show",
        subject: `evaluation-response:${args.responseId}`,
        detail: { questionId: args.questionId, formKey },
        at: args.now ?? Date.now(),
      })
      .run();
    return true;
  });
}

/** The person's row, for forms that need their profile (sex, group) at submission. */
export function respondent(db: Db, userId: string) {
  return db.select({ id: users.id, sex: users.sex, constituentGroup: users.constituentGroup }).from(users).where(eq(users.id, userId)).get();
}
