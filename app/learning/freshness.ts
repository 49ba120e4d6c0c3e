import type { Course, QuizDef } from "#app/content/catalog.server";

/**
 * How many final attempts, after a pre-test, can be drawn entirely from questions the learner has
 * not seen, with the course's bank as it is: every draw takes `assessment.questions` questions.
 */
export function freshFinalAttempts(course: Course): { bank: number; perAttempt: number; maxAttempts: number; fresh: number; freshByAttempt: number[] } {
  const bank = course.bankByRef.size;
  const perAttempt = Math.min(course.assessment.questions, bank);
  const fresh = perAttempt > 0 ? Math.max(0, Math.floor((bank - perAttempt) / perAttempt)) : 0;
  // Unseen questions in final attempt k (1-based), after a pre-test: the draw takes fresh ones first.
  const attempts = course.assessment.maxAttempts > 0 ? course.assessment.maxAttempts : fresh + 1;
  const freshByAttempt = Array.from({ length: attempts }, (_, k) => Math.max(0, Math.min(perAttempt, bank - perAttempt * (k + 1))));
  return { bank, perAttempt, maxAttempts: course.assessment.maxAttempts, fresh, freshByAttempt };
}

/** Module quizzes show keys after this many failed attempts unless the file says otherwise. */
export const MODULE_QUIZ_REVEAL_AFTER = 3;

/** Module quizzes draw this many questions per attempt unless the file says otherwise. */
export const MODULE_QUIZ_DRAW = 5;

export function questionsPerAttempt(quiz: QuizDef): number {
  return Math.min(quiz.questionsPerAttempt ?? MODULE_QUIZ_DRAW, quiz.refs.length);
}

/** How many attempts at a module quiz can be drawn entirely from questions not met in earlier attempts. */
export function freshModuleAttempts(quiz: QuizDef): { pool: number; perAttempt: number; fresh: number } {
  const perAttempt = questionsPerAttempt(quiz);
  return { pool: quiz.refs.length, perAttempt, fresh: perAttempt > 0 ? Math.floor(quiz.refs.length / perAttempt) : 0 };
}

/** One line per course for `npm run content:check`: how fresh repeated finals and module quizzes can be. */
export function freshnessReport(course: Course): string {
  const f = freshFinalAttempts(course);
  const modules = course.modules.flatMap((m) => (m.quiz ? [freshModuleAttempts(m.quiz)] : []));
  const moduleText = modules.length
    ? `module quizzes ${modules.map((m) => `${m.perAttempt}/${m.pool}→${m.fresh}`).join(", ")} (drawn/pool→fully fresh attempts)`
    : "no module quizzes";
  return `${course.slug}: final bank ${f.bank}, ${f.perAttempt} a draw, ${f.maxAttempts || "unlimited"} attempts; after a pre-test ${f.fresh} final attempt(s) fully fresh; unseen questions per attempt ${f.freshByAttempt.join("/")}; ${moduleText}`;
}
