import { z } from "zod";
import { LOCALES, type Localized } from "./locales";

const localeKeys = Object.fromEntries(LOCALES.filter((l) => l !== "en").map((l) => [l, z.string().min(1).optional()]));
export const LocalizedSchema = z.object({ en: z.string().min(1), ...localeKeys }).strict() as unknown as z.ZodType<Localized>;
const slugRe = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SlugSchema = z.string().regex(slugRe, "must be lowercase letters, digits and hyphens");
const TranslationStatus = z.enum(["draft", "reviewed"]);

export const CourseFileSchema = z
  .object({
    order: z.number().int().min(0),
    title: LocalizedSchema,
    summary: LocalizedSchema,
    level: z.enum(["introductory", "intermediate", "advanced"]),
    hours: z.number().positive().max(200),
    audience: LocalizedSchema.optional(),
    outcomes: z
      .object({ en: z.array(z.string().min(1)).min(1) })
      .catchall(z.array(z.string().min(1)))
      .refine((o) => Object.keys(o).every((k) => (LOCALES as readonly string[]).includes(k)), "unknown locale in outcomes"),
    passMark: z.number().int().min(1).max(100).default(70),
    assessment: z
      .object({ questions: z.number().int().min(5).max(100), maxAttempts: z.number().int().min(0).max(100).default(3) })
      .strict(),
    translations: z.partialRecord(z.enum(LOCALES), TranslationStatus).default({}),
    certificate: z.enum(["completion", "participation"]).optional(),
  })
  .strict();
export type CourseFile = z.infer<typeof CourseFileSchema>;

export const ModuleFileSchema = z.object({ title: LocalizedSchema, summary: LocalizedSchema }).strict();

export const LessonFrontmatterSchema = z
  .object({
    title: z.string().min(1),
    minutes: z.number().int().min(1).max(60),
    objectives: z.array(z.string().min(1)).min(1),
    references: z.array(z.string().min(1)).min(1),
    translation: TranslationStatus.optional(),
  })
  .strict();
export type LessonFrontmatter = z.infer<typeof LessonFrontmatterSchema>;

const base = {
  id: SlugSchema,
  prompt: LocalizedSchema,
  explanation: LocalizedSchema,
};
const OptionSchema = z.object({ id: z.string().regex(/^[a-z0-9-]+$/), text: LocalizedSchema }).strict();

export const QuestionSchema = z
  .discriminatedUnion("type", [
    z.object({ ...base, type: z.literal("single"), options: z.array(OptionSchema).min(2).max(8), correct: z.string() }).strict(),
    z
      .object({ ...base, type: z.literal("multiple"), options: z.array(OptionSchema).min(2).max(8), correct: z.array(z.string()).min(1) })
      .strict(),
    z.object({ ...base, type: z.literal("truefalse"), correct: z.boolean() }).strict(),
    z
      .object({
        ...base,
        type: z.literal("numeric"),
        correct: z.number().finite(),
        tolerance: z.number().min(0).default(0),
        unit: LocalizedSchema.optional(),
      })
      .strict(),
  ])
  .superRefine((q, ctx) => {
    if (q.type === "single" || q.type === "multiple") {
      const ids = q.options.map((o) => o.id);
      if (new Set(ids).size !== ids.length) ctx.addIssue({ code: "custom", path: ["options"], message: "option ids must be unique" });
      const keys = q.type === "single" ? [q.correct] : q.correct;
      for (const k of keys)
        if (!ids.includes(k)) ctx.addIssue({ code: "custom", path: ["correct"], message: `answer key "${k}" is not an option id` });
      if (q.type === "multiple" && new Set(keys).size !== keys.length)
        ctx.addIssue({ code: "custom", path: ["correct"], message: "answer keys repeat" });
    }
  });
export type Question = z.infer<typeof QuestionSchema>;

export const QuizFileSchema = z
  .object({
    title: LocalizedSchema.optional(),
    passMark: z.number().int().min(1).max(100).optional(),
    maxAttempts: z.number().int().min(0).max(100).optional(),
    /** Module quizzes: questions drawn from this file per attempt (default: 5, or all if fewer). */
    questionsPerAttempt: z.number().int().min(1).max(100).optional(),
    /** Module quizzes: failed attempts after which keys and explanations are shown (default 3). */
    revealAfterAttempts: z.number().int().min(1).max(100).optional(),
    questions: z.array(QuestionSchema).min(1),
  })
  .strict()
  .superRefine((quiz, ctx) => {
    if (quiz.questionsPerAttempt !== undefined && quiz.questionsPerAttempt > quiz.questions.length)
      ctx.addIssue({
        code: "custom",
        path: ["questionsPerAttempt"],
        message: `questionsPerAttempt (${quiz.questionsPerAttempt}) is larger than the number of questions (${quiz.questions.length})`,
      });
    const seen = new Set<string>();
    quiz.questions.forEach((q, i) => {
      if (seen.has(q.id)) ctx.addIssue({ code: "custom", path: ["questions", i, "id"], message: `duplicate question id "${q.id}"` });
      seen.add(q.id);
    });
  });
export type QuizFile = z.infer<typeof QuizFileSchema>;

export const GlossaryFileSchema = z
  .object({
    terms: z.array(
      z
        .object({ id: SlugSchema, term: LocalizedSchema, definition: LocalizedSchema, see: z.array(SlugSchema).optional() })
        .strict(),
    ),
  })
  .strict();
export type GlossaryFile = z.infer<typeof GlossaryFileSchema>;
