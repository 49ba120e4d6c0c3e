import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "./catalog.server";
import { checkContent } from "./check.server";
import { pick } from "./locales";
import { renderLessonHtml } from "./mdx.server";
import { optionLetterReferences } from "./option-letters";
import { hoursProblem, QUESTION_MINUTES, studyMinutes } from "./study-time";

const fixtures = path.resolve("tests/fixtures");

describe("content loading", () => {
  it("reads courses, per-locale lessons and quizzes", () => {
    const { courses, problems } = loadCatalog(path.join(fixtures, "content"));
    expect(problems).toEqual([]);
    const c = courses[0]!;
    expect(c.slug).toBe("demo-course");
    expect(Object.keys(c.lessons[0]!.versions).sort()).toEqual(["en", "lo"]);
    expect(c.lessons[0]!.versions.lo!.translation).toBe("draft");
    expect(c.bankByRef.size).toBe(22);
  });

  it("falls back to English where a locale has no text", () => {
    expect(pick({ en: "Hello", lo: "ສະບາຍດີ" }, "lo")).toEqual({ text: "ສະບາຍດີ", fallback: false });
    expect(pick({ en: "Hello" }, "lo")).toEqual({ text: "Hello", fallback: true });
    expect(pick({ en: "Hello" }, "en")).toEqual({ text: "Hello", fallback: false });
  });

  it("renders MDX to HTML with components and caches it by content hash", async () => {
    const { courses } = loadCatalog(path.join(fixtures, "content"));
    const file = courses[0]!.lessons[0]!.versions.en.file;
    const opts = {
      cacheDir: process.env.CACHE_DIR!,
      lng: "en",
      labels: { example: "Example", note: "Note", summary: "Summary", glossary: "Glossary", openInGlossary: "Open in the glossary" },
      termInfo: () => ({ term: "Risk pooling", definition: "Sharing the cost of illness.", lang: "en" }),
      salt: "t",
    };
    const a = await renderLessonHtml(file, opts);
    // A term opens its definition in place (popover), with the glossary link as the fallback.
    expect(a.html).toContain('<a class="term term-link" href="/glossary#risk-pooling">pooling</a>');
    expect(a.html).toContain('<button type="button" class="term term-button" popoverTarget="term-risk-pooling-1">pooling</button>');
    expect(a.html).toMatch(/<span class="term-pop" id="term-risk-pooling-1" popover="auto" role="note">.*Sharing the cost of illness\..*href="\/glossary#risk-pooling">Open in the glossary<\/a>/);
    expect(a.html).toContain("<table>");
    expect(a.html).toContain('class="box box-example"');
    expect(a.html).not.toContain("objectives");
    const b = await renderLessonHtml(file, opts);
    expect(b.hash).toBe(a.hash);
    const lo = await renderLessonHtml(file, { ...opts, lng: "lo" });
    expect(lo.hash).not.toBe(a.hash);
    expect(lo.html).toContain('href="/glossary?lng=lo#risk-pooling"');
  });
});

describe("content:check", () => {
  it("passes the fixture course", async () => {
    // The fixture's small bank (22 questions, 11 a module) is what the draw tests need; it is checked
    // here against the old minimum, and against the real one in the next test.
    const { problems } = await checkContent(path.join(fixtures, "content"), { bankMinimum: { course: 20, module: 5 } });
    expect(problems).toEqual([]);
  });

  it("requires at least 60 bank questions a course and 12 a module, so every final attempt after a pre-test is fresh", async () => {
    const { problems } = await checkContent(path.join(fixtures, "content"));
    const text = problems.map((p) => `${path.relative(fixtures, p.file)}:${p.line}: ${p.message}`);
    expect(text).toEqual([
      "content/courses/demo-course/course.yaml:1: final-assessment bank has 22 questions across module bank.yaml files; at least 60 are needed",
      "content/courses/demo-course/01-basics/bank.yaml:1: module bank has 11 questions; at least 12 are needed",
      "content/courses/demo-course/02-more/bank.yaml:1: module bank has 11 questions; at least 12 are needed",
    ]);
  });

  it("reports every problem of a broken tree with file and line", async () => {
    const { problems } = await checkContent(path.join(fixtures, "content-broken"));
    const text = problems.map((p) => `${path.relative(fixtures, p.file)}:${p.line}: ${p.message}`);
    const has = (re: RegExp) => expect(text.some((t) => re.test(t)), `${re} in\n${text.join("\n")}`).toBe(true);
    has(/broken-course\/course\.yaml:4: level: /);
    has(/half-course\/01-mod\/01-bad-lesson\.en\.mdx:4: objectives: /);
    has(/01-bad-lesson\.check\.yaml:\d+: .*answer key "z" is not an option id/);
    has(/01-bad-lesson\.check\.yaml:\d+: .*duplicate question id "dup"/);
    has(/quiz\.yaml:\d+: YAML: /);
    has(/bank\.yaml:1: module bank/);
  });

  it("flags unknown glossary terms, disallowed tags, # headings and MDX that does not compile", async () => {
    const { problems } = await checkContent(path.join(fixtures, "content-broken"));
    const text = problems.map((p) => `${path.basename(p.file)}:${p.line}: ${p.message}`).join("\n");
    expect(text).toMatch(/02-good-frontmatter\.en\.mdx:10: glossary term "unknown-term" does not exist/);
    expect(text).toMatch(/02-good-frontmatter\.en\.mdx:10: component or tag <Video> is not allowed/);
    expect(text).toMatch(/02-good-frontmatter\.en\.mdx:8: do not use a top-level # heading/);
    expect(text).toMatch(/02-good-frontmatter\.en\.mdx:\d+: MDX does not compile/);
    expect(text).toMatch(/02-good-frontmatter\.en\.mdx:1: lesson has no <Summary>/);
    expect(text).toMatch(/02-good-frontmatter\.check\.yaml:1: knowledge check is missing/);
    expect(text).toMatch(/02-good-frontmatter\.lo\.mdx:2: title is not translated/);
  });

  it("flags explanations that name answer options by letter, since options are shuffled per attempt", async () => {
    const dir = fs.mkdtempSync(path.join(process.env.SHP_TEST_SCRATCH ?? os.tmpdir(), "content-letters-"));
    fs.cpSync(path.join(fixtures, "content"), dir, { recursive: true });
    const quizFile = path.join(dir, "courses/demo-course/01-basics/quiz.yaml");
    const quiz = fs
      .readFileSync(quizFile, "utf8")
      .replace(
        'explanation: { en: "Taxes and contributions.", lo: "ພາສີ ແລະ ເງິນສົມທົບ." }',
        'explanation: { en: "Options a and b are sources; option c is not.", lo: "ທາງເລືອກ C ບໍ່ແມ່ນແຫຼ່ງທຶນ." }',
      )
      .replace(
        'explanation: { en: "1,000 × 2 × 5 = 10,000.", lo: "1,000 × 2 × 5 = 10,000." }',
        'explanation: { en: "Article 9(a) and guarantee (a) aside, Worker A pays: 1,000 × 2 × 5 = 10,000. A sum.", lo: "ມາດຕາ 9 (a): 1,000 × 2 × 5 = 10,000." }',
      );
    fs.writeFileSync(quizFile, quiz);
    const { problems } = await checkContent(dir, { compile: false, bankMinimum: { course: 20, module: 5 } });
    const text = problems.map((p) => `${path.relative(dir, p.file)}:${p.line}: ${p.message}`);
    expect(text).toEqual([
      'courses/demo-course/01-basics/quiz.yaml:4: many.explanation (en) names options by letter ("Options a and b", "option c"); options are shuffled per attempt, so name them by their content',
      'courses/demo-course/01-basics/quiz.yaml:4: many.explanation (lo) names options by letter ("ທາງເລືອກ C"); options are shuffled per attempt, so name them by their content',
    ]);
  });
});

describe("optionLetterReferences", () => {
  it("finds letters used as pointers to answer options in English, Lao and Vietnamese", () => {
    expect(optionLetterReferences("Japan ratified in 1976, so option c is wrong. Option b is wrong too.")).toEqual(["option c", "Option b"]);
    expect(optionLetterReferences("Options a, b and c describe flexibility; answer (d) does not.")).toEqual(["Options a, b and c", "answer (d)"]);
    expect(optionLetterReferences("ຂໍ້ b ແລະ c ແມ່ນຄວາມສ່ຽງ. ຕົວເລືອກ ກ ຜິດ.")).toEqual(["ຂໍ້ b ແລະ c", "ຕົວເລືອກ ກ"]);
    expect(optionLetterReferences("Phương án b sai; đáp án C đúng.")).toEqual(["Phương án b", "đáp án C"]);
  });

  it("leaves legal sub-paragraphs, scenario labels and ordinary words alone", () => {
    for (const text of [
      "Article 9(a) and paragraph 5(c) apply; guarantee (a) covers health care; principle (d) too.",
      "Worker A pays LAK 120,000. Hospital B receives 8,000,000. A law gives a right.",
      "Chọn tất cả các biện pháp hạn chế lựa chọn bất lợi. Đoạn 5(a) nêu các tiêu chí.",
      "ມາດຕາ 9 ຂໍ້ ກ ແລະ ການຄ້ຳປະກັນ (a). ທາງເລືອກອື່ນຂອງມາດຕາ 9.",
      "Other options exist. The answer is yes. Choice matters.",
    ])
      expect(optionLetterReferences(text), text).toEqual([]);
  });
});

describe("study hours", () => {
  const real = loadCatalog(path.resolve("content"));

  it("every course states hours its content supports (within 25%), so certificates do not overstate study time", () => {
    // Each course.yaml said 6–8 hours while its lessons read in about 2 hours and a learner answers
    // about 100 questions once through: a certificate printed 6 hours for about 4.5 hours of work.
    for (const course of real.courses) expect({ course: course.slug, problem: hoursProblem(course) }).toEqual({ course: course.slug, problem: null });
  });

  it("estimates from reading minutes and the questions a learner answers once through, and names a fix", () => {
    const course = real.courses.find((c) => c.slug === "shp-foundations")!;
    const est = studyMinutes(course);
    const lessons = course.modules.flatMap((m) => m.lessons);
    expect(est.reading).toBe(lessons.reduce((s, l) => s + l.versions.en.minutes, 0));
    expect(est.total).toBe(Math.round(est.reading + est.questions * QUESTION_MINUTES));
    expect(hoursProblem({ ...course, hours: 8 })).toMatch(new RegExp(`hours: 8 states 480 minutes of study, but the content supports about ${est.total}.*say ${Math.round(est.total / 60)}`));
    expect(hoursProblem({ ...course, hours: Math.round(est.total / 60) })).toBeNull();
  });
});
