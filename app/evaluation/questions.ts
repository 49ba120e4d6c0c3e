/**
 * The standard questionnaires (ILO training-evaluation template) and the questions trainers add.
 * Pure data, shared by the server and the forms. Question texts are translated under
 * `evaluation.questions.<id>` and options under `evaluation.options.<id>.<option>`; a trainer's own
 * questions are shown in the words the trainer typed.
 */
import type { EvaluationKind, ExtraQuestion } from "#db/schema";

export type QuestionType = "scale" | "choice" | "text";

export type Question = {
  id: string;
  type: QuestionType;
  /** Template questions are translated; trainer-added ones carry their own label and options. */
  label: string | null;
  /** Choice options: translation suffixes (template) or the trainer's words (added questions). */
  options: string[];
  /** Template scale and choice questions must be answered; texts and added questions are optional. */
  required: boolean;
};

const scale = (id: string): Question => ({ id, type: "scale", label: null, options: [], required: true });
const choice = (id: string, options: string[]): Question => ({ id, type: "choice", label: null, options, required: true });
const text = (id: string): Question => ({ id, type: "text", label: null, options: [], required: false });

/** Scale questions are rated 1 (very poor) to 5 (excellent). */
export const SCALE = [1, 2, 3, 4, 5] as const;

/** The end-of-training questionnaire. Trainers and organisation are asked only of workshops. */
export function evaluationTemplate(forCohort: boolean): Question[] {
  return [
    scale("relevance"),
    scale("content"),
    ...(forCohort ? [scale("trainers"), scale("organisation")] : []),
    scale("pace"),
    scale("overall"),
    choice("recommend", ["yes", "maybe", "no"]),
    text("apply"),
    text("comments"),
  ];
}

/** The follow-up questionnaire (application of learning), some months after completion. */
export function followupTemplate(): Question[] {
  return [choice("applied", ["often", "sometimes", "notYet", "no"]), scale("useful"), text("example"), text("barriers")];
}

export function templateFor(kind: EvaluationKind, forCohort: boolean): Question[] {
  return kind === "evaluation" ? evaluationTemplate(forCohort) : followupTemplate();
}

export function extraToQuestion(q: ExtraQuestion): Question {
  return { id: q.id, type: q.type, label: q.label, options: q.type === "choice" ? q.options : [], required: false };
}

/** Every question of a questionnaire, template first, then the trainer's. */
export function questionsOf(kind: EvaluationKind, forCohort: boolean, extra: ExtraQuestion[]): Question[] {
  return [...templateFor(kind, forCohort), ...extra.map(extraToQuestion)];
}

/** Limits for trainer-added questions and free-text answers. */
export const MAX_EXTRA_QUESTIONS = 10;
export const MAX_OPTIONS = 8;
export const MAX_LABEL = 300;
export const MAX_OPTION = 100;
export const MAX_ANSWER = 2000;
