import { describe, expect, it } from "vitest";
import type { Db } from "#db/client";
import { findCourse } from "#app/content/content.server";
import { createTestDb, insertUser } from "#tests/helpers/db";
import { NO_FILTERS, parseFilters, type ReportScope } from "./filters.server";
import { reportTableRows } from "./csv.server";
import { buildReport } from "./report.server";

/*
 * The differencing attack of the hardening issue: `/reports/csv/by-sex?to=2026-09-24` minus
 * `?to=2026-09-29` showed one man who enrolled on 29 September, that he completed, was certified,
 * and (from the two averages) his final score. Both reports are large enough to pass small-cell
 * suppression; only their difference is small.
 */
const COURSE = "shp-foundations";
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 20, 12);
const ALL: ReportScope = { kind: "all" };

function population(db: Db) {
  const sqlite = db.$client;
  const lessonKeys = findCourse(COURSE)!.lessons.map((l) => l.key);
  const learner = (name: string, sex: string, enrolledAt: number, final: number) => {
    const p = insertUser(db, { name, sex: sex as never, constituentGroup: "workers", country: "Lao PDR" });
    sqlite.prepare("insert into enrolments (user_id, course_slug, enrolled_at) values (?, ?, ?)").run(p.id, COURSE, enrolledAt);
    const lesson = sqlite.prepare("insert into lesson_progress (user_id, course_slug, lesson_key, completed_at, last_seen_at) values (?, ?, ?, ?, ?)");
    for (const k of lessonKeys) lesson.run(p.id, COURSE, k, enrolledAt + DAY, enrolledAt + DAY);
    sqlite
      .prepare(
        `insert into quiz_attempts (user_id, course_slug, quiz_key, questions, answers, score, max_score, percent, passed, started_at, submitted_at)
         values (?, ?, 'final', '[]', '{}', ?, 100, ?, ?, ?, ?)`,
      )
      .run(p.id, COURSE, final, final, final >= 70 ? 1 : 0, enrolledAt + 2 * DAY, enrolledAt + 2 * DAY);
    if (final >= 70)
      sqlite
        .prepare("insert into certificates (code, user_id, course_slug, holder_name, achieved_on, issued_at, achievement_key) values (?, ?, ?, ?, ?, ?, ?)")
        .run(`CODE-${p.id}`, p.id, COURSE, name, enrolledAt + 2 * DAY, enrolledAt + 2 * DAY, `self:${p.id}:${COURSE}`);
    return p;
  };
  // Twelve men and twelve women enrolled through the summer, every count well above 5.
  for (let i = 0; i < 12; i++) {
    learner(`Man ${i}`, "man", Date.UTC(2026, 6, 1 + i * 4, 9), 60 + i * 3);
    learner(`Woman ${i}`, "woman", Date.UTC(2026, 6, 2 + i * 4, 9), 62 + i * 3);
  }
  // The target: the only man who enrolled on 29 September 2026; he passed with 97.
  return learner("Target", "man", Date.UTC(2026, 8, 29, 10), 97);
}

const manRow = (db: Db, query: string) => {
  const { filters, errors } = parseFilters(db, ALL, new URLSearchParams(query));
  expect(errors).toEqual([]);
  const report = buildReport(db, ALL, filters, { now: NOW, threshold: 5 });
  const row = report.bySex.rows.indexOf("man");
  return { report, man: Object.fromEntries(report.bySex.cols.map((c, i) => [c, report.bySex.cells[row]![i]!.v])) };
};

describe("report differencing", () => {
  it("two period filters a day apart, differing by one man, publish the same figures", () => {
    const db = createTestDb();
    population(db);
    const before = manRow(db, "to=2026-09-24");
    const after = manRow(db, "to=2026-09-29");
    // Each report on its own publishes the men's figures (13 or 12 men: above the threshold)...
    expect(after.man.enrolled).toBeGreaterThanOrEqual(5);
    // ...but their difference must not single anyone out: nothing at all may differ.
    expect({
      enrolled: after.man.enrolled! - before.man.enrolled!,
      completed: after.man.completed! - before.man.completed!,
      certified: after.man.certified! - before.man.certified!,
    }).toEqual({
      enrolled: 0,
      completed: 0,
      certified: 0,
    });
    expect(after.man.avgFinal).toBe(before.man.avgFinal);
    // The CSV the attack downloaded is the same file.
    const csv = (r: typeof before) => JSON.stringify(reportTableRows(r.report, "by-sex", ((k: string) => k) as never));
    expect(csv(after)).toBe(csv(before));
  });

  it("a period is a whole quarter: day-precise links are read as the quarter holding the day", () => {
    const db = createTestDb();
    expect(parseFilters(db, ALL, new URLSearchParams("from=2026-08-17&to=2026-09-29")).filters).toEqual({ ...NO_FILTERS, from: "2026-Q3", to: "2026-Q3" });
    expect(parseFilters(db, ALL, new URLSearchParams("from=2026-Q1&to=2026-Q4")).filters).toEqual({ ...NO_FILTERS, from: "2026-Q1", to: "2026-Q4" });
  });
});
