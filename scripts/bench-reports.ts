// npm run bench:reports — times the monitoring and evaluation report at scale.
//
// Generates (or reuses) a scratch database with 100,000 learners and 5,000,000 lesson-progress rows
// (scripts/generate-report-data.ts), then times buildReport for a set of filters and scopes: the
// first run of each (cold) and further warm runs; also refreshLearningRecords for a day's 1,000
// changed (user, course) pairs. Budget: ≤ 1,000 ms per report. Prints a markdown section;
// `npm run bench` includes it through benchReports().
//
// Environment:
//   REPORT_BENCH_DB          scratch file (default: <tmp>/shp-report-bench.db); reused when it was
//                            generated with the same parameters and the migrations it was built
//                            with are unchanged (newer migrations, e.g. an index, are applied)
//   REPORT_BENCH_REGENERATE  1 to generate afresh even if a matching file exists
//   REPORT_BENCH_LEARNERS, REPORT_BENCH_PROGRESS, REPORT_BENCH_SEED   scale (100000, 5000000, 1)
//   REPORT_BENCH_RUNS        runs per filter, the first counted as cold (default 6)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { openDatabase, type Db } from "../db/client";
import { getCatalog } from "../app/content/content.server";
import { NO_FILTERS, populationWhere, type ReportFilters, type ReportScope } from "../app/reports/filters.server";
import { pendingRecords, refreshLearningRecords } from "../app/reports/records.server";
import { buildReport } from "../app/reports/report.server";
import {
  GENERATOR_VERSION,
  REPORT_DATA_NOW,
  countRows,
  fillLearningRecords,
  generateReportData,
  metaFile,
  migrationHashes,
  recordsHash,
  type GenerateSummary,
} from "./generate-report-data";

const BUDGET_MS = 1000;
const REFRESH_PAIRS = 1000;

type Case = { name: string; scope: ReportScope; filters: ReportFilters };
type Timing = { name: string; records: number; first: number; median: number; max: number; cpu: number; statements: Statement[] };

const log = (line: string) => console.error(line);
const ms = (n: number) => (n < 10 ? n.toFixed(1) : Math.round(n).toLocaleString("en"));
const mib = (bytes: number) => `${(bytes / 2 ** 20).toLocaleString("en", { maximumFractionDigits: 0 })} MiB`;
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(", ");

function fileSize(file: string): number {
  return [file, `${file}-wal`].reduce((n, f) => n + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0);
}

/** The existing scratch database's summary if it can be reused as is, else null (and why). */
function reusable(file: string, want: { learners: number; progressRows: number; seed: number }): { meta: GenerateSummary | null; why: string } {
  if (process.env.REPORT_BENCH_REGENERATE === "1") return { meta: null, why: "REPORT_BENCH_REGENERATE=1" };
  if (!fs.existsSync(file) || !fs.existsSync(metaFile(file))) return { meta: null, why: "no complete database yet" };
  let meta: GenerateSummary;
  try {
    meta = JSON.parse(fs.readFileSync(metaFile(file), "utf8")) as GenerateSummary;
  } catch {
    return { meta: null, why: "unreadable meta file" };
  }
  if (meta.generatorVersion !== GENERATOR_VERSION) return { meta: null, why: "generator changed" };
  if (meta.learners !== want.learners || meta.progressRows !== want.progressRows || meta.seed !== want.seed) return { meta: null, why: "different parameters" };
  const now = migrationHashes();
  for (const [f, h] of Object.entries(meta.migrations)) if (now[f] !== h) return { meta: null, why: `migration ${f} changed` };
  return { meta, why: "" };
}

function time(fn: () => unknown): number {
  return measure(fn).wall;
}

/** Wall-clock and CPU milliseconds of fn (CPU: this process, user + system; the machine is shared). */
function measure(fn: () => unknown): { wall: number; cpu: number } {
  const c = process.cpuUsage();
  const t = performance.now();
  fn();
  const wall = performance.now() - t;
  const d = process.cpuUsage(c);
  return { wall, cpu: (d.user + d.system) / 1000 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

type Statement = { sql: string; ms: number; plan: string };

/**
 * Runs fn once while recording every SQL statement it executes (through db.$client.prepare): its
 * time and SQLite's query plan, slowest first. Shows which query of buildReport costs what and
 * whether it lacks an index, whatever SQL report.server.ts runs.
 */
function profile(db: Db, fn: () => unknown): Statement[] {
  const sqlite = db.$client;
  const prepare = sqlite.prepare;
  const seen: { sql: string; ms: number; params: unknown[] }[] = [];
  sqlite.prepare = function (this: typeof sqlite, source: string) {
    const stmt = prepare.call(this, source);
    const methods = stmt as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const m of ["all", "get", "run"]) {
      const original = methods[m]!;
      methods[m] = (...args: unknown[]) => {
        const t = performance.now();
        try {
          return original.apply(stmt, args);
        } finally {
          seen.push({ sql: source, ms: performance.now() - t, params: args });
        }
      };
    }
    return stmt;
  } as typeof sqlite.prepare;
  try {
    fn();
  } finally {
    sqlite.prepare = prepare;
  }
  return seen
    .sort((a, b) => b.ms - a.ms)
    .map((s) => {
      let plan = "";
      try {
        const explain = prepare.call(sqlite, `explain query plan ${s.sql}`) as unknown as { all: (...args: unknown[]) => { detail: string }[] };
        plan = explain
          .all(...s.params)
          .map((r) => r.detail)
          .join("; ");
      } catch {
        plan = "(no plan)";
      }
      return { sql: s.sql.replace(/\s+/g, " ").trim(), ms: s.ms, plan };
    });
}

/** How many learning records the filters select (the report's population). */
function population(db: Db, c: Case): number {
  const where = populationWhere(c.scope, c.filters);
  return db.$client
    .prepare(`select count(*) from learning_records lr join users u on u.id = lr.user_id where ${where.sql}`)
    .pluck()
    .get(...where.params) as number;
}

function cases(db: Db): Case[] {
  const sqlite = db.$client;
  const f = (over: Partial<ReportFilters>): ReportFilters => ({ ...NO_FILTERS, ...over });
  const all: ReportScope = { kind: "all" };
  const out: Case[] = [{ name: "no filter (admin)", scope: all, filters: NO_FILTERS }];
  for (const c of getCatalog().courses) out.push({ name: `course ${c.slug}`, scope: all, filters: f({ course: c.slug }) });
  const cohort = sqlite.prepare("select cohort_id from cohort_members group by cohort_id order by count(*) desc, cohort_id limit 1").pluck().get() as
    string | undefined;
  if (cohort) out.push({ name: "one cohort (largest)", scope: all, filters: f({ cohort }) });
  const trainer = sqlite
    .prepare("select user_id from cohort_trainers where role = 'lead' group by user_id having count(*) >= 3 order by user_id limit 1")
    .pluck()
    .get() as string | undefined;
  if (trainer) {
    const ids = sqlite
      .prepare("select cohort_id from cohort_trainers where user_id = ? and role = 'lead' order by cohort_id limit 3")
      .pluck()
      .all(trainer) as string[];
    out.push({ name: "trainer scope (3 cohorts)", scope: { kind: "cohorts", cohortIds: ids }, filters: NO_FILTERS });
  }
  out.push(
    { name: "country Lao PDR", scope: all, filters: f({ country: "LA" }) },
    { name: "country Mongolia (small)", scope: all, filters: f({ country: "MN" }) },
    { name: "group social-security-institution", scope: all, filters: f({ group: "social-security-institution" }) },
    { name: "group workers", scope: all, filters: f({ group: "workers" }) },
    { name: "sex woman", scope: all, filters: f({ sex: "woman" }) },
    { name: "period 2026-Q2", scope: all, filters: f({ from: "2026-Q2", to: "2026-Q2" }) },
    {
      name: "combined: course + period + country + group + sex",
      scope: all,
      filters: f({ course: "shp-foundations", from: "2026-Q1", to: "2026-Q2", country: "LA", group: "government", sex: "woman" }),
    },
  );
  return out;
}

export async function benchReports(): Promise<string> {
  const file = path.resolve(process.env.REPORT_BENCH_DB ?? path.join(os.tmpdir(), "shp-report-bench.db"));
  const want = {
    learners: Number(process.env.REPORT_BENCH_LEARNERS ?? 100_000),
    progressRows: Number(process.env.REPORT_BENCH_PROGRESS ?? 5_000_000),
    seed: Number(process.env.REPORT_BENCH_SEED ?? 1),
  };
  const runs = Math.max(2, Number(process.env.REPORT_BENCH_RUNS ?? 6));
  const loadBefore = load();
  const notes: string[] = [];

  let { meta, why } = reusable(file, want);
  if (!meta) {
    log(`reports bench: generating ${file} (${why}) — ${want.learners.toLocaleString("en")} learners, ${want.progressRows.toLocaleString("en")} progress rows`);
    meta = await generateReportData(file, { ...want, overwrite: true, log });
    notes.push(`generated now (${why})`);
  } else notes.push(`reused from ${meta.generatedAt}`);

  const db = openDatabase(file);
  const sqlite = db.$client;
  try {
    if (meta.recordsHash !== recordsHash()) {
      // The rules behind learning records changed: recompute them (the raw data stays valid).
      log("reports bench: app/reports/records.server.ts changed since generation; recomputing learning_records");
      const t = time(() => fillLearningRecords(db, "direct", log));
      notes.push(`learning_records recomputed (records.server.ts changed) in ${(t / 1000).toFixed(1)} s`);
      meta = { ...meta, recordsHash: recordsHash() };
      fs.writeFileSync(metaFile(file), `${JSON.stringify(meta, null, 2)}\n`);
    }
    const stale = pendingRecords(db);
    if (stale > 0) {
      const t = time(() => refreshLearningRecords(db));
      notes.push(`${stale.toLocaleString("en")} queued records refreshed first (${(t / 1000).toFixed(1)} s)`);
    }
    const counts = countRows(db);

    // ── reports ──
    const timings: Timing[] = [];
    for (const c of cases(db)) {
      const times: number[] = [];
      const cpus: number[] = [];
      for (let r = 0; r < runs; r++) {
        const m = measure(() => buildReport(db, c.scope, c.filters, { now: REPORT_DATA_NOW }));
        times.push(m.wall);
        cpus.push(m.cpu);
      }
      const statements = profile(db, () => buildReport(db, c.scope, c.filters, { now: REPORT_DATA_NOW }));
      const records = population(db, c);
      const warm = times.slice(1);
      const t: Timing = { name: c.name, records, first: times[0]!, median: median(warm), max: Math.max(...times), cpu: median(cpus.slice(1)), statements };
      timings.push(t);
      log(
        `  ${c.name}: first ${ms(t.first)} ms, median ${ms(t.median)} ms (CPU ${ms(t.cpu)} ms), max ${ms(t.max)} ms (${records.toLocaleString("en")} records; ` +
          `slowest queries ${statements
            .slice(0, 2)
            .map((q) => `${ms(q.ms)} ms`)
            .join(", ")}); load ${load()}`,
      );
    }

    // ── a day's activity: 1,000 changed (user, course) pairs ──
    const enrolments = counts.enrolments ?? 0;
    const step = Math.max(1, Math.floor(enrolments / REFRESH_PAIRS));
    const queue = () =>
      sqlite
        .prepare(`insert or ignore into learning_record_queue select user_id, course_slug from enrolments where id % ? = 0 order by id limit ?`)
        .run(step, REFRESH_PAIRS).changes;
    const queued = queue();
    const refresh = measure(() => refreshLearningRecords(db));
    queue();
    const afterDay = measure(() => buildReport(db, { kind: "all" }, NO_FILTERS, { now: REPORT_DATA_NOW }));
    const reportAfterDay = afterDay.wall;
    log(
      `  refresh of ${queued} pairs: ${ms(refresh.wall)} ms (CPU ${ms(refresh.cpu)} ms); report with them pending: ${ms(afterDay.wall)} ms (CPU ${ms(afterDay.cpu)} ms)`,
    );

    const worst = timings.reduce((a, b) => (b.max > a.max ? b : a));
    const met = worst.max <= BUDGET_MS;
    const cpu = os.cpus();
    const gen = meta.timings;
    const lines = [
      `## Reports at scale (${meta.learners.toLocaleString("en")} learners, ${meta.progressRows.toLocaleString("en")} progress rows)`,
      "",
      `${cpu.length} × ${cpu[0]?.model ?? "cpu"}, Node ${process.version}; load average (1, 5, 15 min) ${loadBefore} before, ${load()} after. ` +
        `Database ${file}: ${mib(fileSize(file))}; ${notes.join("; ")}; generated in ${((gen.total ?? 0) / 1000).toFixed(0)} s ` +
        `(of which learning records, ${meta.fill}: ${((Object.entries(gen).find(([k]) => k.startsWith("learning records"))?.[1] ?? 0) / 1000).toFixed(0)} s). ` +
        `buildReport with now = ${new Date(REPORT_DATA_NOW).toISOString().slice(0, 10)}; ${runs} runs per filter, the first in a fresh process for the first filter only (SQLite page cache empty, file in the OS cache).`,
      "",
      "| table | rows |",
      "|---|---:|",
      ...Object.entries(counts).map(([t, n]) => `| ${t} | ${n.toLocaleString("en")} |`),
      "",
      `| report filter | records | first ms | warm median ms | max ms | ≤ ${BUDGET_MS} ms | warm median CPU ms | two slowest queries ms |`,
      "|---|---:|---:|---:|---:|:---:|---:|---:|",
      ...timings.map(
        (t) =>
          `| ${t.name} | ${t.records.toLocaleString("en")} | ${ms(t.first)} | ${ms(t.median)} | ${ms(t.max)} | ${t.max <= BUDGET_MS ? "✓" : "✗"} | ${ms(t.cpu)} | ` +
          `${t.statements
            .slice(0, 2)
            .map((q) => ms(q.ms))
            .join(" + ")} |`,
      ),
      "",
      `- refreshLearningRecords for ${queued.toLocaleString("en")} changed (user, course) pairs (a day's activity): ${ms(refresh.wall)} ms (CPU ${ms(refresh.cpu)} ms)`,
      `- report (no filter) with those ${queued.toLocaleString("en")} pairs pending, folded in by the report itself: ${ms(afterDay.wall)} ms (CPU ${ms(afterDay.cpu)} ms; ${reportAfterDay <= BUDGET_MS ? "within" : "over"} the budget; not counted in the verdict below, which is for reports over current records)`,
      "",
      `Budget: every report ≤ ${BUDGET_MS} ms — ${met ? "MET" : "NOT MET"} (slowest: ${worst.name}, max ${ms(worst.max)} ms). ` +
        `By CPU time (what an idle machine would approach): ${timings.every((t) => t.cpu <= BUDGET_MS) ? "all" : "not all"} within ${BUDGET_MS} ms (highest median ${ms(Math.max(...timings.map((t) => t.cpu)))} ms).`,
      "",
      "<details><summary>Query plans of the slowest queries buildReport ran (one profiled run per filter)</summary>",
      "",
      ...timings.flatMap((t) => [
        `- ${t.name}:`,
        ...t.statements.slice(0, 2).map((q) => `  - ${ms(q.ms)} ms \`${q.sql.slice(0, 90)}${q.sql.length > 90 ? "…" : ""}\`: \`${q.plan}\``),
      ]),
      "",
      "</details>",
      "",
    ];
    return lines.join("\n");
  } finally {
    sqlite.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  benchReports()
    .then((md) => console.log(md))
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
}
