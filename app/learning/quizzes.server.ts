import { randomInt } from "node:crypto";
import { and, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { inTransaction, type Db } from "#db/client";
import { quizAttempts, type QuizAttempt } from "#db/schema";
import type { Course, QuizDef } from "#app/content/catalog.server";
import { pick, type Localized } from "#app/content/locales";
import type { Question } from "#app/content/schema";
import { answersFromForm, gradeAttempt, type Answer } from "./grading";
import { enrol } from "./progress.server";

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

export function publicQuestion(ref: string, q: Question, locale: string): PublicQuestion {
  const prompt = pick(q.prompt, locale);
  const options =
    q.type === "single" || q.type === "multiple" ? q.options.map((o) => ({ id: o.id, text: pick(o.text, locale) })) : [];
  return {
    ref,
    type: q.type,
    prompt: prompt.text,
    options: options.map((o) => ({ id: o.id, text: o.text.text })),
    unit: q.type === "numeric" && q.unit ? pick(q.unit, locale).text : null,
    fallback: prompt.fallback || options.some((o) => o.text.fallback),
  };
}

/** After submission: the learner's answer, whether it was right, the key and the explanation. */
export type QuestionFeedback = PublicQuestion & {
  given: string[];
  correct: boolean;
  correctAnswer: string[];
  explanation: string;
};

function answerList(a: Answer): string[] {
  return a === null ? [] : Array.isArray(a) ? a : [a];
}

export function questionFeedback(ref: string, q: Question, given: Answer, correct: boolean, locale: string): QuestionFeedback {
  const base = publicQuestion(ref, q, locale);
  const correctAnswer =
    q.type === "single" ? [q.correct] : q.type === "multiple" ? q.correct : q.type === "truefalse" ? [String(q.correct)] : [String(q.correct)];
  return { ...base, given: answerList(given), correct, correctAnswer, explanation: pick(q.explanation, locale).text };
}

/** Randomly draws n questions spread evenly across modules, preferring questions not in `avoid`. */
export function drawAssessment(course: Course, n: number, avoid: Set<string> = new Set(), rand = randomInt): string[] {
  const pools = course.modules.map((m) => shuffle(m.bank?.refs ?? [], rand)).filter((p) => p.length > 0);
  for (const pool of pools) pool.sort((a, b) => Number(avoid.has(a)) - Number(avoid.has(b)));
  const total = Math.min(n, pools.reduce((s, p) => s + p.length, 0));
  const picked: string[] = [];
  // Round-robin over modules (in a random order) until n questions are drawn.
  const order = shuffle(pools.map((_, i) => i), rand);
  while (picked.length < total) {
    for (const i of order) {
      const next = pools[i]!.shift();
      if (next !== undefined && picked.length < total) picked.push(next);
    }
  }
  return shuffle(picked, rand);
}

function shuffle<T>(items: T[], rand: (max: number) => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = rand(i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
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

export type QuizRules = { passMark: number; maxAttempts: number };

export function rulesFor(course: Course, quiz: QuizDef | null, kind?: AssessmentKind): QuizRules {
  if (kind === "pretest") return { passMark: course.passMark, maxAttempts: 1 };
  if (kind === "final") return { passMark: course.passMark, maxAttempts: course.assessment.maxAttempts };
  return { passMark: quiz?.passMark ?? course.passMark, maxAttempts: quiz?.maxAttempts ?? 0 };
}

export type SubmitOutcome = { ok: true; attemptId: number; passed: boolean } | { ok: false; reason: "attempt-limit" | "unanswered" | "no-open-attempt" };

/**
 * Grades a knowledge check or module quiz (all its questions, in file order) and stores the
 * attempt, enrolling the learner, in one transaction. The attempt limit is checked inside it.
 */
export function submitFixedQuiz(
  db: Db,
  args: { userId: string; course: Course; quiz: QuizDef; form: FormData; locale: string; requireAll?: boolean },
): SubmitOutcome {
  const { userId, course, quiz, form, locale } = args;
  const rules = rulesFor(course, quiz);
  const answers = answersFromForm(form, quiz.refs);
  if (args.requireAll !== false && Object.values(answers).every((a) => a === null)) return { ok: false, reason: "unanswered" };
  return inTransaction(db, (tx) => {
    if (rules.maxAttempts > 0 && countSubmitted(tx, userId, course.slug, quiz.key) >= rules.maxAttempts)
      return { ok: false, reason: "attempt-limit" } as const;
    const graded = gradeAttempt(
      quiz.refs.map((ref) => ({ ref, question: quiz.byRef.get(ref)! })),
      answers,
      rules.passMark,
      locale,
    );
    enrol(tx, userId, course.slug);
    const now = Date.now();
    const row = tx
      .insert(quizAttempts)
      .values({
        userId,
        courseSlug: course.slug,
        quizKey: quiz.key,
        questions: quiz.refs,
        answers,
        score: graded.score,
        maxScore: graded.maxScore,
        percent: graded.percent,
        passed: graded.passed,
        startedAt: now,
        submittedAt: now,
      })
      .returning({ id: quizAttempts.id })
      .get();
    return { ok: true, attemptId: row.id, passed: graded.passed } as const;
  });
}

/** Starts (or resumes) an attempt at the pre-test or final assessment with a fresh random draw. */
export function startAssessment(
  db: Db,
  args: { userId: string; course: Course; kind: AssessmentKind },
): { ok: true; attemptId: number } | { ok: false; reason: "attempt-limit" | "no-questions" } {
  const { userId, course, kind } = args;
  const rules = rulesFor(course, null, kind);
  return inTransaction(db, (tx) => {
    const open = openAttempt(tx, userId, course.slug, kind);
    if (open) return { ok: true, attemptId: open.id } as const;
    if (rules.maxAttempts > 0 && countSubmitted(tx, userId, course.slug, kind) >= rules.maxAttempts)
      return { ok: false, reason: "attempt-limit" } as const;
    // The final assessment avoids, where the bank allows, the questions the learner met in the pre-test.
    const seen = new Set<string>();
    if (kind === "final") for (const a of tx.select({ q: quizAttempts.questions }).from(quizAttempts).where(and(eq(quizAttempts.userId, userId), eq(quizAttempts.courseSlug, course.slug), eq(quizAttempts.quizKey, "pretest"))).all()) for (const r of a.q) seen.add(r);
    const refs = drawAssessment(course, course.assessment.questions, seen);
    if (refs.length === 0) return { ok: false, reason: "no-questions" } as const;
    enrol(tx, userId, course.slug);
    const row = tx
      .insert(quizAttempts)
      .values({ userId, courseSlug: course.slug, quizKey: kind, questions: refs, maxScore: refs.length })
      .returning({ id: quizAttempts.id })
      .get();
    return { ok: true, attemptId: row.id } as const;
  });
}

/** Grades the learner's open attempt at an assessment. Refuses attempts of others or already submitted. */
export function submitAssessment(
  db: Db,
  args: { userId: string; course: Course; kind: AssessmentKind; attemptId: number; form: FormData; locale: string },
): SubmitOutcome {
  const { userId, course, kind, attemptId, form, locale } = args;
  const rules = rulesFor(course, null, kind);
  return inTransaction(db, (tx) => {
    const attempt = getAttempt(tx, attemptId);
    if (!attempt || attempt.userId !== userId || attempt.courseSlug !== course.slug || attempt.quizKey !== kind || attempt.submittedAt !== null)
      return { ok: false, reason: "no-open-attempt" } as const;
    const questions = attempt.questions.flatMap((ref) => {
      const question = course.bankByRef.get(ref);
      return question ? [{ ref, question }] : [];
    });
    const answers = answersFromForm(form, attempt.questions);
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
    return { ok: true, attemptId: attempt.id, passed: graded.passed } as const;
  });
}

/** Feedback for every question of a submitted attempt (keys and explanations included). */
export function attemptFeedback(attempt: QuizAttempt, lookup: (ref: string) => Question | undefined, locale: string): QuestionFeedback[] {
  const answers = (attempt.answers ?? {}) as Record<string, Answer>;
  return attempt.questions.flatMap((ref) => {
    const q = lookup(ref);
    if (!q) return [];
    const graded = gradeAttempt([{ ref, question: q }], answers, 100, locale);
    return [questionFeedback(ref, q, answers[ref] ?? null, graded.results[0]!.correct, locale)];
  });
}

export function localizedTitle(text: Localized | undefined, locale: string, fallback: string): string {
  return text ? pick(text, locale).text : fallback;
}
