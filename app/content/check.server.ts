import fs from "node:fs";
import { hoursProblem } from "./study-time";
import path from "node:path";
import { loadCatalog, type Catalog, type QuizDef } from "./catalog.server";
import { LOCALES, type Locale, type Localized } from "./locales";
import { compileMdx } from "./mdx.server";
import { optionLetterReferences } from "./option-letters";
import type { Problem } from "./yaml-file.server";

const ALLOWED_COMPONENTS = new Set(["Term", "Example", "Note", "Summary"]);
/**
 * Least bank size for the final assessment and pre-test. A course draws 15 questions an attempt and
 * allows 3 final attempts: 15 × (3 + 1) = 60 lets a pre-test and every final attempt be fully fresh
 * (issue 15). The module minimum keeps the bank spread over the modules.
 */
export const BANK_MINIMUM = { course: 60, module: 12 } as const;

function lineOf(source: string, index: number): number {
  return source.slice(0, index).split("\n").length;
}

/** Every localized string in a quiz, with where it is, for translation-completeness checks. */
function quizStrings(quiz: QuizDef): { where: string; text: Localized }[] {
  const out: { where: string; text: Localized }[] = [];
  if (quiz.title) out.push({ where: "title", text: quiz.title });
  for (const q of quiz.questions) {
    out.push({ where: `${q.id}.prompt`, text: q.prompt }, { where: `${q.id}.explanation`, text: q.explanation });
    if (q.type === "single" || q.type === "multiple") for (const o of q.options) out.push({ where: `${q.id}.options.${o.id}`, text: o.text });
    if (q.type === "numeric" && q.unit) out.push({ where: `${q.id}.unit`, text: q.unit });
  }
  return out;
}

/**
 * Checks all content: schemas (via the loader), MDX compilation, allowed components, glossary
 * links, required parts of lessons/modules/courses, and completeness of declared translations.
 */
export async function checkContent(
  contentDir: string,
  opts: { compile?: boolean; bankMinimum?: { course: number; module: number } } = {},
): Promise<{ catalog: Catalog; problems: Problem[] }> {
  const bankMinimum = opts.bankMinimum ?? BANK_MINIMUM;
  const catalog = loadCatalog(contentDir);
  const problems = [...catalog.problems];
  const add = (file: string, line: number, message: string) => problems.push({ file, line, message });

  for (const term of catalog.glossary) {
    if (term.definition.en.trim() === "TODO") add(path.join(contentDir, "glossary", "glossary.yaml"), 1, `glossary term "${term.id}" has no definition`);
    for (const s of term.see) if (!catalog.glossaryById.has(s)) add(path.join(contentDir, "glossary", "glossary.yaml"), 1, `glossary term "${term.id}" refers to unknown term "${s}"`);
  }

  for (const course of catalog.courses) {
    const courseFile = path.join(course.dir, "course.yaml");
    const declared = Object.keys(course.translations) as Locale[];
    if (course.modules.length === 0) add(courseFile, 1, "course has no modules");
    if (course.bankByRef.size < bankMinimum.course)
      add(courseFile, 1, `final-assessment bank has ${course.bankByRef.size} questions across module bank.yaml files; at least ${bankMinimum.course} are needed`);
    const hours = hoursProblem(course);
    if (hours) add(courseFile, 1, hours);
    if (course.bankByRef.size < course.assessment.questions)
      add(courseFile, 1, `assessment.questions (${course.assessment.questions}) is larger than the bank (${course.bankByRef.size})`);
    for (const loc of declared) {
      if (!course.title[loc] || !course.summary[loc]) add(courseFile, 1, `title/summary lack "${loc}" although translations.${loc} is declared`);
      if (!course.outcomes[loc]) add(courseFile, 1, `outcomes lack "${loc}"`);
      else if (course.outcomes[loc].length !== course.outcomes.en.length) add(courseFile, 1, `outcomes.${loc} has ${course.outcomes[loc].length} items, English has ${course.outcomes.en.length}`);
    }

    for (const module of course.modules) {
      const moduleFile = path.join(module.dir, "module.yaml");
      if (module.lessons.length === 0) add(moduleFile, 1, "module has no lessons");
      if (!module.quiz) add(path.join(module.dir, "quiz.yaml"), 1, "module quiz (quiz.yaml) is missing");
      if (!module.bank) add(path.join(module.dir, "bank.yaml"), 1, "module bank (bank.yaml) for the final assessment is missing");
      else if (module.bank.questions.length < bankMinimum.module)
        add(module.bank.file, 1, `module bank has ${module.bank.questions.length} questions; at least ${bankMinimum.module} are needed`);
      for (const quiz of [module.quiz, module.bank, ...module.lessons.map((l) => l.check)]) {
        if (!quiz) continue;
        const source = fs.readFileSync(quiz.file, "utf8");
        for (const q of quiz.questions) {
          const idAt = source.search(new RegExp(`^\\s*-\\s*id:\\s*${q.id}\\s*$`, "m"));
          for (const loc of LOCALES) {
            const found = optionLetterReferences(q.explanation[loc] ?? "");
            if (found.length > 0)
              add(
                quiz.file,
                idAt >= 0 ? lineOf(source, idAt) : 1,
                `${q.id}.explanation (${loc}) names options by letter (${found.map((f) => `"${f}"`).join(", ")}); options are shuffled per attempt, so name them by their content`,
              );
          }
        }
      }
      for (const loc of declared) {
        if (!module.title[loc] || !module.summary[loc]) add(moduleFile, 1, `title/summary lack "${loc}"`);
        for (const quiz of [module.quiz, module.bank, ...module.lessons.map((l) => l.check)]) {
          if (!quiz) continue;
          for (const s of quizStrings(quiz)) if (!s.text[loc]) add(quiz.file, 1, `${s.where} has no "${loc}" text although the course declares translations.${loc}`);
        }
      }

      for (const lesson of module.lessons) {
        if (!lesson.check) add(lesson.versions.en.file.replace(/\.en\.mdx$/, ".check.yaml"), 1, "knowledge check is missing");
        else if (lesson.check.questions.length < 2 || lesson.check.questions.length > 4)
          add(lesson.check.file, 1, `a knowledge check has 2–4 questions (found ${lesson.check.questions.length})`);
        for (const loc of declared) if (!lesson.versions[loc]) add(lesson.versions.en.file, 1, `no "${loc}" version although the course declares translations.${loc}`);

        for (const loc of LOCALES) {
          const version = lesson.versions[loc];
          if (!version) continue;
          const source = fs.readFileSync(version.file, "utf8");
          for (const m of source.matchAll(/<([A-Za-z][A-Za-z0-9.]*)/g)) {
            if (!ALLOWED_COMPONENTS.has(m[1]!)) add(version.file, lineOf(source, m.index), `component or tag <${m[1]}> is not allowed (use Term, Example, Note, Summary)`);
          }
          for (const m of source.matchAll(/<Term\s+id="([^"]*)"/g)) {
            if (!catalog.glossaryById.has(m[1]!)) add(version.file, lineOf(source, m.index), `glossary term "${m[1]}" does not exist`);
          }
          if (loc === "en") {
            if (!/<Summary>/.test(source)) add(version.file, 1, "lesson has no <Summary>");
            if (!/<Example[\s>]/.test(source)) add(version.file, 1, "lesson has no <Example>");
          }
          if (loc !== "en" && version.title === lesson.versions.en.title)
            add(version.file, 2, `title is not translated (same as the English title)`);
          if (/^#\s/m.test(source)) add(version.file, lineOf(source, source.search(/^#\s/m)), "do not use a top-level # heading; the page shows the title");
          if (opts.compile !== false) {
            try {
              await compileMdx(source, path.dirname(version.file));
            } catch (e) {
              const err = e as { errors?: { text: string; location?: { line: number } }[]; message: string };
              const first = err.errors?.[0];
              add(version.file, first?.location?.line ?? 1, `MDX does not compile: ${first?.text ?? err.message.split("\n")[0]}`);
            }
          }
        }
      }
    }
  }
  return { catalog, problems };
}
