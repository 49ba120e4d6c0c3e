// npm run bench:gradebook — seeds a scratch SQLite file with a 500-participant cohort on a synthetic
// 40-lesson course (8 modules × 5 lessons, a quiz per module, a final assessment, 6 sessions) and
// times buildGradebook (the query + shaping behind /trainer/cohorts/:id/gradebook) and the CSV
// export. Goal: ≤ 300 ms for the gradebook. Prints figures; asserts nothing.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { openDatabase, inTransaction } from "../db/client";
import { attendance, cohortMembers, cohortSessions, lessonProgress, quizAttempts, users } from "../db/schema";
import type { Course, Lesson, Module, QuizDef } from "../app/content/catalog.server";
import { createCohort } from "../app/cohorts/cohorts.server";
import { buildGradebook, gradebookCsv } from "../app/cohorts/completion.server";

const PARTICIPANTS = 500;
const MODULES = 8;
const LESSONS_PER_MODULE = 5;
const SESSIONS = 6;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shp-bench-"));
const db = openDatabase(path.join(dir, "bench.db"));

// A synthetic course: only what the gradebook reads (slugs, lessons, which modules have a quiz).
const quiz = (key: string) => ({ key, refs: [], byRef: new Map(), questions: [] }) as unknown as QuizDef;
const modules: Module[] = Array.from({ length: MODULES }, (_, m) => {
  const slug = `module-${m + 1}`;
  const lessons: Lesson[] = Array.from({ length: LESSONS_PER_MODULE }, (_, l) => ({
    slug: `lesson-${l + 1}`,
    order: l + 1,
    moduleSlug: slug,
    key: `${slug}/lesson-${l + 1}`,
    versions: { en: { title: `Lesson ${m + 1}.${l + 1}` } } as Lesson["versions"],
    check: null,
  }));
  return { slug, order: m + 1, dir: "", title: { en: `Module ${m + 1}` }, summary: { en: "" }, lessons, quiz: quiz(`module:${slug}`), bank: null };
});
const course = { slug: "bench-course", modules, lessons: modules.flatMap((m) => m.lessons), passMark: 70 } as unknown as Course;

const t0 = performance.now();
const trainer = db
  .insert(users)
  .values({ id: randomUUID(), email: "bench-trainer@example.org", name: "Trainer", passwordHash: "x", role: "trainer" })
  .returning()
  .get();
const cohort = createCohort(
  db,
  trainer,
  {
    courseSlug: course.slug,
    title: "Bench cohort",
    description: "",
    startsOn: "2026-03-03",
    endsOn: "2026-03-05",
    mode: "blended",
    venue: "Vientiane",
    locale: "en",
    timeZone: "Asia/Vientiane",
    capacity: null,
    enrolment: "code",
    allModules: true,
    finalPass: true,
    minAttendancePercent: 75,
    certificateKind: "completion",
    coTrainers: "",
  },
  [],
);
let rnd = 42;
const random = () => (rnd = (rnd * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
inTransaction(db, (tx) => {
  const sessionIds = Array.from({ length: SESSIONS }, (_, i) => {
    const id = randomUUID();
    tx.insert(cohortSessions)
      .values({
        id,
        cohortId: cohort.id,
        title: `Session ${i + 1}`,
        startsAt: 1_000_000 * i,
        endsAt: 1_000_000 * i + 3600_000,
        checkinCode: `B${String(i).padStart(5, "0")}`,
      })
      .run();
    return id;
  });
  for (let p = 0; p < PARTICIPANTS; p++) {
    const id = randomUUID();
    tx.insert(users)
      .values({ id, email: `p${p}@example.org`, name: `Participant ${p}`, organisation: `Org ${p % 17}`, passwordHash: "x" })
      .run();
    tx.insert(cohortMembers).values({ cohortId: cohort.id, userId: id }).run();
    // Every fifth participant has done everything; the others are somewhere along the way.
    const star = p % 5 === 0;
    const done = star ? course.lessons.length : Math.floor(random() * (course.lessons.length + 1));
    for (const l of course.lessons.slice(0, done))
      tx.insert(lessonProgress).values({ userId: id, courseSlug: course.slug, lessonKey: l.key, completedAt: 1, lastSeenAt: 1 }).run();
    for (const m of modules) {
      const attempts = star ? 1 : Math.floor(random() * 3);
      for (let a = 0; a < attempts; a++) {
        const percent = star ? 90 : Math.round(random() * 100);
        tx.insert(quizAttempts)
          .values({
            userId: id,
            courseSlug: course.slug,
            quizKey: `module:${m.slug}`,
            questions: [],
            maxScore: 10,
            score: percent / 10,
            percent,
            passed: percent >= 70,
            submittedAt: 1,
          })
          .run();
      }
    }
    if (star || random() < 0.6) {
      const percent = star ? 90 : Math.round(random() * 100);
      tx.insert(quizAttempts)
        .values({
          userId: id,
          courseSlug: course.slug,
          quizKey: "final",
          questions: [],
          maxScore: 15,
          score: 0,
          percent,
          passed: percent >= 70,
          submittedAt: 1,
        })
        .run();
    }
    for (const s of sessionIds) {
      const r = star ? 0 : random();
      if (r < 0.9)
        tx.insert(attendance)
          .values({ sessionId: s, userId: id, status: r < 0.75 ? "present" : r < 0.85 ? "absent" : "excused", method: "trainer" })
          .run();
    }
  }
});
const seeded = performance.now() - t0;

function time(label: string, runs: number, fn: () => unknown) {
  fn(); // warm-up (statement cache, JIT)
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    fn();
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  const p95 = times[Math.min(times.length - 1, Math.floor(times.length * 0.95))]!;
  console.log(`${label.padEnd(44)} median ${median.toFixed(1).padStart(7)} ms   p95 ${p95.toFixed(1).padStart(7)} ms   (${runs} runs)`);
  return median;
}

console.log(
  `Seeded ${PARTICIPANTS} participants × ${course.lessons.length} lessons, ${MODULES} module quizzes, final, ${SESSIONS} sessions in ${(seeded / 1000).toFixed(1)} s (${dir})`,
);
const book = buildGradebook(db, cohort, course);
console.log(`Gradebook: ${book.rows.length} rows, ${book.rows.filter((r) => r.completion.met).length} meet the rules`);
const median = time("buildGradebook (all, sorted by name)", 20, () => buildGradebook(db, cohort, course));
time("buildGradebook (filter 'Org 3', meets=no, sort final desc)", 20, () =>
  buildGradebook(db, cohort, course, { q: "Org 3", meets: "no", sort: "final", dir: "desc" }),
);
const labels = {
  header: ["Name", "Email", "Organisation", "Lessons", "Final", "Attendance", "Meets", "Missing"],
  lesson: (k: string) => k,
  quiz: (m: string) => m,
  session: (t: string) => t,
  yes: "Yes",
  no: "No",
  status: (s: string) => s,
  missing: () => "",
};
time("buildGradebook + CSV export", 20, () => gradebookCsv(buildGradebook(db, cohort, course), labels));
console.log(`Goal ≤ 300 ms for the gradebook: ${median <= 300 ? "met" : "NOT met"} (median ${median.toFixed(1)} ms)`);
db.$client.close();
fs.rmSync(dir, { recursive: true, force: true });
