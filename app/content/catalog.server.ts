import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { isLocale, type Locale, type Localized } from "./locales";
import {
  CourseFileSchema,
  GlossaryFileSchema,
  LessonFrontmatterSchema,
  ModuleFileSchema,
  QuizFileSchema,
  type CourseFile,
  type LessonFrontmatter,
  type Question,
  type QuizFile,
} from "./schema";
import { parseYamlSource, readYamlFile, type Problem } from "./yaml-file.server";

export type QuizDef = QuizFile & {
  /** Stable key stored with attempts. */
  key: string;
  file: string;
  /** Question ref ("<quiz-ref>#<question-id>") → question. */
  byRef: Map<string, Question>;
  refs: string[];
};

export type LessonVersion = LessonFrontmatter & { locale: Locale; file: string; bodyLine: number };

export type Lesson = {
  slug: string;
  order: number;
  moduleSlug: string;
  /** "<module>/<lesson>", the id stored in lesson_progress */
  key: string;
  versions: Partial<Record<Locale, LessonVersion>> & { en: LessonVersion };
  check: QuizDef | null;
};

export type Module = {
  slug: string;
  order: number;
  dir: string;
  title: Localized;
  summary: Localized;
  lessons: Lesson[];
  quiz: QuizDef | null;
  bank: QuizDef | null;
};

export type Course = Omit<CourseFile, "order"> & {
  slug: string;
  order: number;
  dir: string;
  modules: Module[];
  lessons: Lesson[];
  minutes: number;
  /** Every final-assessment question across module banks, by ref. */
  bankByRef: Map<string, Question>;
};

export type GlossaryTerm = { id: string; term: Localized; definition: Localized; see: string[] };

export type Catalog = {
  courses: Course[];
  bySlug: Map<string, Course>;
  glossary: GlossaryTerm[];
  glossaryById: Map<string, GlossaryTerm>;
  /** Changes whenever the glossary does (rendered lessons embed term titles). */
  glossaryVersion: string;
  problems: Problem[];
};

const NUMBERED = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/;
const LESSON_FILE = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.([a-z]{2})\.mdx$/;
const CHECK_FILE = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.check\.yaml$/;

function listDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function loadQuiz(file: string, key: string, refPrefix: string, problems: Problem[]): QuizDef | null {
  const data = readYamlFile(file, QuizFileSchema, problems);
  if (!data) return null;
  const byRef = new Map<string, Question>();
  for (const q of data.questions) byRef.set(`${refPrefix}#${q.id}`, q);
  return { ...data, key, file, byRef, refs: [...byRef.keys()] };
}

/** Splits `---\nyaml\n---\nbody` and validates the frontmatter. */
export function readLessonFile(file: string, locale: Locale, problems: Problem[]): LessonVersion | null {
  const source = fs.readFileSync(file, "utf8");
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(source);
  if (!match) {
    problems.push({ file, line: 1, message: "missing frontmatter (--- … ---) at the top" });
    return null;
  }
  const fm = parseYamlSource(file, match[1] ?? "", LessonFrontmatterSchema, problems, 1);
  if (!fm) return null;
  if (locale !== "en" && !fm.translation)
    problems.push({ file, line: 1, message: "translation: draft | reviewed is required in a non-English lesson" });
  return { ...fm, locale, file, bodyLine: match[0].split("\n").length };
}

export function loadCatalog(contentDir: string): Catalog {
  const problems: Problem[] = [];
  const courses: Course[] = [];
  const coursesDir = path.join(contentDir, "courses");

  for (const slug of listDir(coursesDir)) {
    const dir = path.join(coursesDir, slug);
    if (!fs.statSync(dir).isDirectory()) continue;
    const courseFile = path.join(dir, "course.yaml");
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug)) {
      problems.push({ file: dir, line: 1, message: "course folder name must be a lowercase-hyphen slug" });
      continue;
    }
    const meta = fs.existsSync(courseFile) ? readYamlFile(courseFile, CourseFileSchema, problems) : null;
    if (!fs.existsSync(courseFile)) problems.push({ file: courseFile, line: 1, message: "course.yaml is missing" });
    if (!meta) continue;

    const modules: Module[] = [];
    const lessonSlugs = new Map<string, string>();
    for (const entry of listDir(dir)) {
      const mdir = path.join(dir, entry);
      if (!fs.statSync(mdir).isDirectory()) continue;
      const m = NUMBERED.exec(entry);
      if (!m) {
        problems.push({ file: mdir, line: 1, message: "module folder must be named NN-slug" });
        continue;
      }
      const [, num, mslug] = m as unknown as [string, string, string];
      const moduleYaml = path.join(mdir, "module.yaml");
      if (!fs.existsSync(moduleYaml)) {
        problems.push({ file: moduleYaml, line: 1, message: "module.yaml is missing" });
        continue;
      }
      const mmeta = readYamlFile(moduleYaml, ModuleFileSchema, problems);
      if (!mmeta) continue;

      const files = listDir(mdir);
      const lessonsBySlug = new Map<string, { order: number; versions: Partial<Record<Locale, LessonVersion>> }>();
      for (const f of files) {
        const lm = LESSON_FILE.exec(f);
        if (!lm) {
          if (f.endsWith(".mdx")) problems.push({ file: path.join(mdir, f), line: 1, message: "lesson file must be named NN-slug.<locale>.mdx" });
          continue;
        }
        const [, lnum, lslug, loc] = lm as unknown as [string, string, string, string];
        if (!isLocale(loc)) {
          problems.push({ file: path.join(mdir, f), line: 1, message: `unknown locale "${loc}"` });
          continue;
        }
        const version = readLessonFile(path.join(mdir, f), loc, problems);
        const entry2 = lessonsBySlug.get(lslug) ?? { order: Number(lnum), versions: {} };
        if (version) entry2.versions[loc] = version;
        lessonsBySlug.set(lslug, entry2);
      }
      const lessons: Lesson[] = [];
      for (const [lslug, { order, versions }] of [...lessonsBySlug].sort((a, b) => a[1].order - b[1].order)) {
        const prefix = String(order).padStart(2, "0");
        const enFile = path.join(mdir, `${prefix}-${lslug}.en.mdx`);
        if (!versions.en) {
          if (!fs.existsSync(enFile)) problems.push({ file: enFile, line: 1, message: "English version of the lesson is missing" });
          continue;
        }
        const other = lessonSlugs.get(lslug);
        if (other) problems.push({ file: enFile, line: 1, message: `lesson slug "${lslug}" is also used in ${other}` });
        lessonSlugs.set(lslug, mdir);
        const key = `${mslug}/${lslug}`;
        const checkFile = path.join(mdir, `${prefix}-${lslug}.check.yaml`);
        const check = fs.existsSync(checkFile) ? loadQuiz(checkFile, `check:${key}`, `${key}.check`, problems) : null;
        lessons.push({ slug: lslug, order, moduleSlug: mslug, key, versions: versions as Lesson["versions"], check });
      }
      for (const f of files) {
        const cm = CHECK_FILE.exec(f);
        if (!cm) continue;
        if (!lessonsBySlug.has(cm[2]!))
          problems.push({ file: path.join(mdir, f), line: 1, message: "knowledge check has no lesson with the same NN-slug" });
        // A lesson that failed to load still gets its check validated, so every problem shows at once.
        else if (!lessons.some((l) => l.slug === cm[2])) loadQuiz(path.join(mdir, f), "", "", problems);
      }
      const quizFile = path.join(mdir, "quiz.yaml");
      const bankFile = path.join(mdir, "bank.yaml");
      modules.push({
        slug: mslug,
        order: Number(num),
        dir: mdir,
        title: mmeta.title,
        summary: mmeta.summary,
        lessons,
        quiz: fs.existsSync(quizFile) ? loadQuiz(quizFile, `module:${mslug}`, `${mslug}/quiz`, problems) : null,
        bank: fs.existsSync(bankFile) ? loadQuiz(bankFile, `bank:${mslug}`, `${mslug}/bank`, problems) : null,
      });
    }
    const lessons = modules.flatMap((m) => m.lessons);
    const bankByRef = new Map<string, Question>();
    for (const m of modules) for (const [ref, q] of m.bank?.byRef ?? []) bankByRef.set(ref, q);
    courses.push({
      ...meta,
      slug,
      dir,
      modules,
      lessons,
      minutes: lessons.reduce((sum, l) => sum + l.versions.en.minutes, 0),
      bankByRef,
    });
  }
  courses.sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug));

  const glossaryFile = path.join(contentDir, "glossary", "glossary.yaml");
  const glossaryData = fs.existsSync(glossaryFile) ? readYamlFile(glossaryFile, GlossaryFileSchema, problems) : null;
  const glossary: GlossaryTerm[] = (glossaryData?.terms ?? []).map((t) => ({ ...t, see: t.see ?? [] }));
  const glossaryById = new Map(glossary.map((t) => [t.id, t]));

  const glossaryVersion = createHash("sha256").update(JSON.stringify(glossary)).digest("hex").slice(0, 16);
  return { courses, bySlug: new Map(courses.map((c) => [c.slug, c])), glossary, glossaryById, glossaryVersion, problems };
}

/** Finds a quiz definition by the key stored with attempts. */
export function findQuiz(course: Course, quizKey: string): QuizDef | null {
  if (quizKey.startsWith("module:")) return course.modules.find((m) => m.slug === quizKey.slice(7))?.quiz ?? null;
  if (quizKey.startsWith("check:")) return course.lessons.find((l) => l.key === quizKey.slice(6))?.check ?? null;
  return null;
}
