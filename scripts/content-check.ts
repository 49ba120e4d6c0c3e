// npm run content:check — validates every course, quiz and glossary file and compiles every MDX
// lesson. Prints `file:line: message` for each problem and exits 1 if there is any.
import path from "node:path";
import { checkContent } from "../app/content/check.server";
import { freshnessReport } from "../app/learning/freshness";
import { UI_LOCALES } from "../app/content/locales";
import resources from "../app/locales";
import { checkUiStrings } from "../app/locales/check";

const dir = path.resolve(process.argv[2] ?? "content");
const started = Date.now();
const { catalog, problems } = await checkContent(dir);

// UI strings: every locale offered in the switcher has exactly en's keys, none empty, same placeholders.
for (const loc of UI_LOCALES)
  for (const p of checkUiStrings(loc, resources.en.translation, resources[loc].translation))
    problems.push({ file: `app/locales/${loc}.ts`, line: 1, message: p.message });

for (const p of problems) console.log(`${path.relative(process.cwd(), p.file)}:${p.line}: ${p.message}`);
// Draw freshness per course: how many repeated attempts can avoid every question already seen.
for (const course of catalog.courses) console.log(`fresh draws: ${freshnessReport(course)}`);
const lessons = catalog.courses.reduce((n, c) => n + c.lessons.length, 0);
const questions = catalog.courses.reduce(
  (n, c) =>
    n +
    c.modules.reduce(
      (m, mod) =>
        m + (mod.quiz?.questions.length ?? 0) + (mod.bank?.questions.length ?? 0) + mod.lessons.reduce((k, l) => k + (l.check?.questions.length ?? 0), 0),
      0,
    ),
  0,
);
console.log(
  `content:check: ${catalog.courses.length} courses, ${lessons} lessons, ${questions} questions, ${catalog.glossary.length} glossary terms — ${problems.length} problem(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
process.exit(problems.length > 0 ? 1 : 0);
