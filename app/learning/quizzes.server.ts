import { randomInt } from "node:crypto";
import { and, desc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { inTransaction, type Db } from "#db/client";
import { quizAttempts, type QuizAttempt } from "#db/schema";
import { findQuiz, type Course, type QuizDef } from "#app/content/catalog.server";
import { pick, type Localized } from "#app/content/locales";
import type { Question } from "#app/content/schema";
import { answersFromForm, gradeAttempt, type Answer } from "./grading";
import { MODULE_QUIZ_REVEAL_AFTER, questionsPerAttempt } from "./freshness";

export { MODULE_QUIZ_REVEAL_AFTER };
import { closePretest, enrol, pretestStatus } from "./progress.server";

export type AssessmentKind = "final" | "pretest";

/** What the browser may see of a question before submission: no key, no explanation. */
export type PublicQuestion = {
  ref: string;
  type: Question["type"];
  prompt: string;
  options: { id: string; text: string }[];
  unit: string | null;
  fallback: boolean;
};

/**
 * With a drawn order, the options of a choice question are sent as positions in that order ("0",
 * "1", …) instead of the file's option ids: a posted value then tells nothing about the key (keys
 * that are mostly "a" or "b" in a file cannot be guessed by posting "a"). The server maps positions
 * back to option ids (fromPositions); answers are stored and graded by option id.
 */
export function publicQuestion(ref: string, q: Question, locale: string, order?: string[]): PublicQuestion {
  const prompt = pick(q.prompt, locale);
  const options =
    q.type === "single" || q.type === "multiple"
      ? orderOptions(q.options, order).map((o, i) => ({ id: order ? String(i) : o.id, text: pick(o.text, locale) }))
      : [];
  return {
    ref,
    type: q.type,
    prompt: prompt.text,
    options: options.map((o) => ({ id: o.id, text: o.text.text })),
    unit: q.type === "numeric" && q.unit ? pick(q.unit, locale).text : null,
    fallback: prompt.fallback || options.some((o) => o.text.fallback),
  };
}

/** The options in the order an attempt drew them (file order without one, or for ids it lacks). */
function orderOptions<T extends { id: string }>(options: T[], order: string[] | undefined): T[] {
  if (!order) return options;
  const rank = new Map(order.map((id, i) => [id, i]));
  return [...options].sort((a, b) => (rank.get(a.id) ?? order.length) - (rank.get(b.id) ?? order.length));
}

/** The questions of an attempt as the learner saw them: drawn order, shuffled options, no keys. */
export function attemptQuestions(attempt: QuizAttempt, lookup: (ref: string) => Question | undefined, locale: string): PublicQuestion[] {
  return attempt.questions.flatMap((ref) => {
    const q = lookup(ref);
    return q ? [publicQuestion(ref, q, locale, attempt.optionOrder?.[ref])] : [];
  });
}

/**
 * How much of a submitted attempt its result page may show, decided on the server:
 * - "score": the score only (the pre-test, until the final is passed or its attempts are used up);
 * - "verdicts": the score and which questions were right or wrong, no keys, no explanations;
 * - "full": keys and explanations too.
 */
export type Reveal = "score" | "verdicts" | "full";

/** After submission: the learner's answer and whether it was right; the key and explanation only when revealed. */
export type QuestionFeedback = PublicQuestion & {
  given: string[];
  correct: boolean;
  correctAnswer?: string[];
  explanation?: string;
};

function answerList(a: Answer): string[] {
  return a === null ? [] : Array.isArray(a) ? a : [a];
}

export function questionFeedback(ref: string, q: Question, given: Answer, correct: boolean, locale: string, order?: string[]): Required<QuestionFeedback> {
  const base = publicQuestion(ref, q, locale, order);
  const correctAnswer =
    q.type === "single" ? [q.correct] : q.type === "multiple" ? q.correct : q.type === "truefalse" ? [String(q.correct)] : [String(q.correct)];
  // Option ids as positions, like the options themselves (see publicQuestion).
  const shown = (ids: string[]) =>
    order && (q.type === "single" || q.type === "multiple") ? ids.map((id) => (order.includes(id) ? String(order.indexOf(id)) : "")) : ids;
  return { ...base, given: shown(answerList(given)), correct, correctAnswer: shown(correctAnswer), explanation: pick(q.explanation, locale).text };
}

/** Maps posted positions back to option ids for an attempt with a drawn option order; anything else never matches a key. */
export function fromPositions(answers: Record<string, Answer>, optionOrder: Record<string, string[]> | null | undefined): Record<string, Answer> {
  if (!optionOrder) return answers;
  const out: Record<string, Answer> = {};
  for (const [ref, a] of Object.entries(answers)) {
    const order = optionOrder[ref];
    if (!order || a === null) {
      out[ref] = a;
      continue;
    }
    const map = (v: string) => (v.trim() === "" ? v : /^\d{1,2}$/.test(v) && order[Number(v)] !== undefined ? order[Number(v)]! : `?${v}`);
    out[ref] = Array.isArray(a) ? a.map(map) : map(a);
  }
  return out;
}

function shuffle<T>(items: T[], rand: (max: number) => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = rand(i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/**
 * Randomly draws n questions spread evenly across modules. Questions not in `avoid` come first:
 * only when every module's fresh questions are used up does the draw take questions already seen.
 */
export function drawAssessment(course: Course, n: number, avoid: Set<string> = new Set(), rand = randomInt): string[] {
  const modules = course.modules.map((m) => m.bank?.refs ?? []).filter((p) => p.length > 0);
  const fresh = modules.map((refs) =>
    shuffle(
      refs.filter((r) => !avoid.has(r)),
      rand,
    ),
  );
  const stale = modules.map((refs) =>
    shuffle(
      refs.filter((r) => avoid.has(r)),
      rand,
    ),
  );
  const total = Math.min(
    n,
    modules.reduce((s, p) => s + p.length, 0),
  );
  const picked: string[] = [];
  // Round-robin over modules (in a random order), fresh questions first, until n are drawn.
  const order = shuffle(
    modules.map((_, i) => i),
    rand,
  );
  for (const pools of [fresh, stale]) {
    while (picked.length < total && pools.some((p) => p.length > 0)) {
      for (const i of order) {
        const next = pools[i]!.shift();
        if (next !== undefined && picked.length < total) picked.push(next);
      }
    }
  }
  return shuffle(picked, rand);
}

/** Draws n refs from one pool, refs not in `avoid` first, in a random order. */
export function drawFromPool(refs: string[], n: number, avoid: Set<string>, rand = randomInt): string[] {
  const fresh = shuffle(
    refs.filter((r) => !avoid.has(r)),
    rand,
  );
  const stale = shuffle(
    refs.filter((r) => avoid.has(r)),
    rand,
  );
  return shuffle([...fresh, ...stale].slice(0, Math.min(n, refs.length)), rand);
}

/** A random order of the options of each choice question drawn; the attempt keeps it. */
export function drawOptionOrder(refs: string[], lookup: (ref: string) => Question | undefined, rand = randomInt): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const ref of refs) {
    const q = lookup(ref);
    if (q && (q.type === "single" || q.type === "multiple"))
      out[ref] = shuffle(
        q.options.map((o) => o.id),
        rand,
      );
  }
  return out;
}

export function submittedAttempts(db: Db, userId: string, courseSlug: string, quizKey: string): QuizAttempt[] {
  return db
    .select()
    .from(quizAttempts)
    .where(
      and(eq(quizAttempts.userId, userId), eq(quizAttempts.courseSlug, courseSlug), eq(quizAttempts.quizKey, quizKey), isNotNull(quizAttempts.submittedAt)),
    )
    .orderBy(desc(quizAttempts.id))
    .all();
}

export function openAttempt(db: Db, userId: string, courseSlug: string, quizKey: string): QuizAttempt | undefined {
  return db
    .select()
    .from(quizAttempts)
    .where(and(eq(quizAttempts.userId, userId), eq(quizAttempts.courseSlug, courseSlug), eq(quizAttempts.quizKey, quizKey), isNull(quizAttempts.submittedAt)))
    .orderBy(desc(quizAttempts.id))
    .get();
}

export function getAttempt(db: Db, id: number): QuizAttempt | undefined {
  return db.select().from(quizAttempts).where(eq(quizAttempts.id, id)).get();
}

function countSubmitted(db: Db, userId: string, courseSlug: string, quizKey: string): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(quizAttempts)
      .where(
        and(eq(quizAttempts.userId, userId), eq(quizAttempts.courseSlug, courseSlug), eq(quizAttempts.quizKey, quizKey), isNotNull(quizAttempts.submittedAt)),
      )
      .get()?.n ?? 0
  );
}

/** Every question ref the learner has been shown in attempts at these quizzes of a course. */
function seenRefs(db: Db, userId: string, courseSlug: string, quizKeys: string[]): Set<string> {
  const seen = new Set<string>();
  const rows = db
    .select({ q: quizAttempts.questions })
    .from(quizAttempts)
    .where(and(eq(quizAttempts.userId, userId), eq(quizAttempts.courseSlug, courseSlug), inArray(quizAttempts.quizKey, quizKeys)))
    .all();
  for (const row of rows) for (const r of row.q) seen.add(r);
  return seen;
}

export type QuizRules = { passMark: number; maxAttempts: number };

export function rulesFor(course: Course, quiz: QuizDef | null, kind?: AssessmentKind): QuizRules {
  if (kind === "pretest") return { passMark: course.passMark, maxAttempts: 1 };
  if (kind === "final") return { passMark: course.passMark, maxAttempts: course.assessment.maxAttempts };
  return { passMark: quiz?.passMark ?? course.passMark, maxAttempts: quiz?.maxAttempts ?? 0 };
}

export type SubmitOutcome =
  | { ok: true; attemptId: number; passed: boolean }
  | { ok: false; reason: "unanswered"; unanswered: number[] }
  | { ok: false; reason: "attempt-limit" | "no-open-attempt" | "pretest-closed" };

/** Question numbers (1-based) left without an answer: blank, no option ticked, or only spaces. */
export function unansweredQuestions(refs: string[], answers: Record<string, Answer>): number[] {
  return refs.flatMap((ref, i) => {
    const a = answers[ref] ?? null;
    const values = a === null ? [] : Array.isArray(a) ? a : [a];
    return values.some((v) => v.trim() !== "") ? [] : [i + 1];
  });
}

/**
 * Starts (or resumes) an attempt at a module quiz: a draw of `questionsPerAttempt` questions from
 * the quiz file, those the learner has not had in earlier attempts first, options shuffled.
 */
export function startModuleQuiz(
  db: Db,
  args: { userId: string; course: Course; quiz: QuizDef },
): { ok: true; attemptId: number } | { ok: false; reason: "attempt-limit" } {
  const { userId, course, quiz } = args;
  const rules = rulesFor(course, quiz);
  return inTransaction(db, (tx) => {
    const open = openAttempt(tx, userId, course.slug, quiz.key);
    if (open) return { ok: true, attemptId: open.id } as const;
    if (rules.maxAttempts > 0 && countSubmitted(tx, userId, course.slug, quiz.key) >= rules.maxAttempts) return { ok: false, reason: "attempt-limit" } as const;
    const refs = drawFromPool(quiz.refs, questionsPerAttempt(quiz), seenRefs(tx, userId, course.slug, [quiz.key]));
    enrol(tx, userId, course.slug);
    const row = tx
      .insert(quizAttempts)
      .values({
        userId,
        courseSlug: course.slug,
        quizKey: quiz.key,
        questions: refs,
        optionOrder: drawOptionOrder(refs, (r) => quiz.byRef.get(r)),
        maxScore: refs.length,
      })
      .returning({ id: quizAttempts.id })
      .get();
    return { ok: true, attemptId: row.id } as const;
  });
}

/**
 * Grades a knowledge check (all its questions, in file order, stored as a new attempt) or the
 * learner's open attempt at a module quiz (`attemptId` in the form, see startModuleQuiz), enrolling
 * the learner, in one transaction. Every question must be answered; the attempt limit is checked
 * inside the transaction.
 */
export function submitFixedQuiz(
  db: Db,
  args: { userId: string; course: Course; quiz: QuizDef; form: FormData; locale: string; clientAttemptId?: string | null },
): SubmitOutcome {
  const { userId, course, quiz, form, locale } = args;
  const clientAttemptId = args.clientAttemptId ?? null;
  const rules = rulesFor(course, quiz);
  const isModuleQuiz = quiz.key.startsWith("module:");
  return inTransaction(db, (tx): SubmitOutcome => {
    // A replay of a submission made offline (same device id): the attempt it already produced, graded once.
    if (clientAttemptId) {
      const done = tx
        .select()
        .from(quizAttempts)
        .where(and(eq(quizAttempts.userId, userId), eq(quizAttempts.clientAttemptId, clientAttemptId)))
        .get();
      if (done && done.courseSlug === course.slug && done.quizKey === quiz.key && done.submittedAt !== null)
        return { ok: true, attemptId: done.id, passed: done.passed ?? false };
      if (done) return { ok: false, reason: "no-open-attempt" };
    }
    let open: QuizAttempt | undefined;
    // A second answer, made offline, to a module quiz page stored on the device: graded as a new
    // attempt on the questions that page shows (docs/decisions/0018).
    let shown: QuizAttempt | undefined;
    if (isModuleQuiz) {
      const attemptId = Number(form.get("attemptId"));
      const drawn = Number.isInteger(attemptId) && attemptId > 0 ? getAttempt(tx, attemptId) : undefined;
      if (!drawn || drawn.userId !== userId || drawn.courseSlug !== course.slug || drawn.quizKey !== quiz.key) return { ok: false, reason: "no-open-attempt" };
      if (drawn.submittedAt === null) open = drawn;
      else if (clientAttemptId && storedPageMayRepeat(tx, userId, course, quiz, drawn)) shown = drawn;
      else return { ok: false, reason: "no-open-attempt" };
    }
    const refs = open ? open.questions : shown ? shown.questions : quiz.refs;
    const optionOrder = open ? open.optionOrder : shown?.optionOrder;
    const answers = fromPositions(answersFromForm(form, refs), optionOrder);
    const unanswered = unansweredQuestions(refs, answers);
    if (unanswered.length > 0) return { ok: false, reason: "unanswered", unanswered };
    if (rules.maxAttempts > 0 && countSubmitted(tx, userId, course.slug, quiz.key) >= rules.maxAttempts) return { ok: false, reason: "attempt-limit" };
    const graded = gradeAttempt(
      refs.flatMap((ref) => {
        const question = quiz.byRef.get(ref);
        return question ? [{ ref, question }] : [];
      }),
      answers,
      rules.passMark,
      locale,
    );
    enrol(tx, userId, course.slug);
    const now = Date.now();
    const result = {
      answers,
      score: graded.score,
      maxScore: graded.maxScore,
      percent: graded.percent,
      passed: graded.passed,
      submittedAt: now,
      clientAttemptId,
    };
    if (open) {
      tx.update(quizAttempts).set(result).where(eq(quizAttempts.id, open.id)).run();
      return { ok: true, attemptId: open.id, passed: graded.passed };
    }
    const row = tx
      .insert(quizAttempts)
      .values({ userId, courseSlug: course.slug, quizKey: quiz.key, questions: refs, optionOrder: shown?.optionOrder ?? null, startedAt: now, ...result })
      .returning({ id: quizAttempts.id })
      .get();
    return { ok: true, attemptId: row.id, passed: graded.passed };
  });
}

/**
 * Whether a module quiz page stored on the device, whose drawn attempt was already graded, may be
 * answered again offline on the same questions: the server takes the questions and their option
 * order from its own copy of that attempt (never from the form) and grades against its keys. Not
 * once the quiz shows its keys (revealFor "full") to a learner who has not passed: the same
 * questions would then be answered with the keys in view.
 */
function storedPageMayRepeat(tx: Db, userId: string, course: Course, quiz: QuizDef, drawn: QuizAttempt): boolean {
  if (drawn.questions.length === 0 || !drawn.questions.every((ref) => quiz.byRef.has(ref))) return false;
  const attempts = submittedAttempts(tx, userId, course.slug, quiz.key);
  return attempts.some((a) => a.passed) || revealFor(tx, userId, course, quiz.key) !== "full";
}

/**
 * Starts (or resumes) an attempt at the pre-test or final assessment with a fresh random draw.
 * The pre-test only while it is open (see pretestStatus); starting the final closes it. A final
 * draws, as far as the bank allows, questions the learner has not seen in the pre-test or in
 * earlier final attempts.
 */
export function startAssessment(
  db: Db,
  args: { userId: string; course: Course; kind: AssessmentKind },
): { ok: true; attemptId: number } | { ok: false; reason: "attempt-limit" | "no-questions" | "pretest-closed" } {
  const { userId, course, kind } = args;
  const rules = rulesFor(course, null, kind);
  return inTransaction(db, (tx) => {
    const open = openAttempt(tx, userId, course.slug, kind);
    if (kind === "pretest") {
      const status = pretestStatus(tx, userId, course);
      if (status === "taken") return { ok: false, reason: "attempt-limit" } as const;
      if (status !== "open" && status !== "in-progress") return { ok: false, reason: "pretest-closed" } as const;
    }
    if (open) return { ok: true, attemptId: open.id } as const;
    if (rules.maxAttempts > 0 && countSubmitted(tx, userId, course.slug, kind) >= rules.maxAttempts) return { ok: false, reason: "attempt-limit" } as const;
    const seen = kind === "final" ? seenRefs(tx, userId, course.slug, ["pretest", "final"]) : new Set<string>();
    const refs = drawAssessment(course, course.assessment.questions, seen);
    if (refs.length === 0) return { ok: false, reason: "no-questions" } as const;
    enrol(tx, userId, course.slug);
    if (kind === "final") closePretest(tx, userId, course.slug, "final");
    const row = tx
      .insert(quizAttempts)
      .values({
        userId,
        courseSlug: course.slug,
        quizKey: kind,
        questions: refs,
        optionOrder: drawOptionOrder(refs, (r) => course.bankByRef.get(r)),
        maxScore: refs.length,
      })
      .returning({ id: quizAttempts.id })
      .get();
    return { ok: true, attemptId: row.id } as const;
  });
}

/**
 * Grades the learner's open attempt at an assessment. Refuses attempts of others or already
 * submitted, attempts with an unanswered question, and a pre-test that has closed meanwhile.
 */
export function submitAssessment(
  db: Db,
  args: { userId: string; course: Course; kind: AssessmentKind; attemptId: number; form: FormData; locale: string },
): SubmitOutcome {
  const { userId, course, kind, attemptId, form, locale } = args;
  const rules = rulesFor(course, null, kind);
  return inTransaction(db, (tx): SubmitOutcome => {
    const attempt = getAttempt(tx, attemptId);
    if (!attempt || attempt.userId !== userId || attempt.courseSlug !== course.slug || attempt.quizKey !== kind || attempt.submittedAt !== null)
      return { ok: false, reason: "no-open-attempt" };
    if (kind === "pretest" && pretestStatus(tx, userId, course) !== "in-progress") return { ok: false, reason: "pretest-closed" };
    const answers = fromPositions(answersFromForm(form, attempt.questions), attempt.optionOrder);
    const unanswered = unansweredQuestions(attempt.questions, answers);
    if (unanswered.length > 0) return { ok: false, reason: "unanswered", unanswered };
    const questions = attempt.questions.flatMap((ref) => {
      const question = course.bankByRef.get(ref);
      return question ? [{ ref, question }] : [];
    });
    const graded = gradeAttempt(questions, answers, rules.passMark, locale);
    tx.update(quizAttempts)
      .set({
        answers,
        score: graded.score,
        maxScore: graded.maxScore,
        percent: graded.percent,
        passed: kind === "pretest" ? null : graded.passed,
        submittedAt: Date.now(),
      })
      .where(eq(quizAttempts.id, attempt.id))
      .run();
    return { ok: true, attemptId: attempt.id, passed: graded.passed };
  });
}

/** Feedback for every question of a submitted attempt, keys and explanations included (knowledge checks). */
export function attemptFeedback(attempt: QuizAttempt, lookup: (ref: string) => Question | undefined, locale: string): Required<QuestionFeedback>[] {
  const answers = (attempt.answers ?? {}) as Record<string, Answer>;
  return attempt.questions.flatMap((ref) => {
    const q = lookup(ref);
    if (!q) return [];
    const graded = gradeAttempt([{ ref, question: q }], answers, 100, locale);
    return [questionFeedback(ref, q, answers[ref] ?? null, graded.results[0]!.correct, locale, attempt.optionOrder?.[ref])];
  });
}

/** Where a quiz key's questions live: the course bank for assessments, the quiz file otherwise. */
export function questionLookup(course: Course, quizKey: string): ((ref: string) => Question | undefined) | null {
  if (quizKey === "final" || quizKey === "pretest") return (r) => course.bankByRef.get(r);
  const quiz = findQuiz(course, quizKey);
  return quiz ? (r) => quiz.byRef.get(r) : null;
}

/**
 * What the learner may see of their submitted attempts at a quiz now (see Reveal):
 * - knowledge checks are formative: full at once;
 * - pre-test: the score only until the final is passed or its attempts are used up, then full;
 * - final: verdicts until it is passed or its attempts are used up, then full;
 * - module quiz: verdicts until it is passed, or `revealAfterAttempts` attempts (default 3), or its
 *   attempt limit, then full.
 */
export function revealFor(db: Db, userId: string, course: Course, quizKey: string): Reveal {
  if (quizKey.startsWith("check:")) return "full";
  if (quizKey === "pretest" || quizKey === "final") {
    const finals = submittedAttempts(db, userId, course.slug, "final");
    const max = rulesFor(course, null, "final").maxAttempts;
    if (finals.some((a) => a.passed) || (max > 0 && finals.length >= max)) return "full";
    return quizKey === "pretest" ? "score" : "verdicts";
  }
  const quiz = findQuiz(course, quizKey);
  if (!quiz) return "score";
  const attempts = submittedAttempts(db, userId, course.slug, quizKey);
  const max = rulesFor(course, quiz).maxAttempts;
  const revealAfter = quiz.revealAfterAttempts ?? MODULE_QUIZ_REVEAL_AFTER;
  if (attempts.some((a) => a.passed) || attempts.length >= revealAfter || (max > 0 && attempts.length >= max)) return "full";
  return "verdicts";
}

export type AttemptResult = {
  id: number;
  score: number;
  max: number;
  percent: number;
  passed: boolean | null;
  reveal: Reveal;
  /** Empty for "score"; without keys and explanations for "verdicts". */
  feedback: QuestionFeedback[];
};

/**
 * The result block of one submitted attempt, for its owner only, with exactly what the learner may
 * see now: the loader sends nothing more, so keys never reach the browser before they may be shown.
 */
export function attemptResultFor(db: Db, args: { userId: string; course: Course; quizKey: string; attemptId: number; locale: string }): AttemptResult | null {
  const { userId, course, quizKey, attemptId, locale } = args;
  const attempt = Number.isInteger(attemptId) && attemptId > 0 ? getAttempt(db, attemptId) : undefined;
  if (!attempt || attempt.userId !== userId || attempt.courseSlug !== course.slug || attempt.quizKey !== quizKey || !attempt.submittedAt) return null;
  const lookup = questionLookup(course, quizKey);
  const reveal = revealFor(db, userId, course, quizKey);
  const full = lookup && reveal !== "score" ? attemptFeedback(attempt, lookup, locale) : [];
  const feedback: QuestionFeedback[] = reveal === "full" ? full : full.map(({ correctAnswer: _key, explanation: _why, ...rest }) => rest);
  return {
    id: attempt.id,
    score: attempt.score ?? 0,
    max: attempt.maxScore,
    percent: attempt.percent ?? 0,
    passed: attempt.passed,
    reveal,
    feedback,
  };
}

export function localizedTitle(text: Localized | undefined, locale: string, fallback: string): string {
  return text ? pick(text, locale).text : fallback;
}
