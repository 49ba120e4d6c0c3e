// Generates a scratch SQLite database for the reports benchmark: learners, enrolments in the real
// courses, lesson progress (exactly the requested number of rows), quiz attempts, cohorts with
// sessions and attendance, certificates, and the learning records computed from them.
//
//   tsx scripts/generate-report-data.ts --out /tmp/x.db --learners 100000 --progress 5000000
//     [--seed 1] [--fill direct|refresh] [--force]
//
// Deterministic for a given seed (ids, names, codes, dates, scores); only learning_records.refreshed_at
// depends on the clock. Times lie between REPORT_DATA_START and REPORT_DATA_NOW (two years). The file
// is created from scratch with openDatabase (all migrations); an existing file is refused unless
// --force (it is then deleted, with its -wal/-shm).
//
// How the progress total is exact: lesson_progress has one row per (learner, course, lesson) viewed,
// so a learner has at most 5 courses × 12 lessons = 60 rows. The plan gives each learner 1–5
// enrolments (binomial, mean ≈ rows per learner ÷ 10.5), then each enrolment a number of lessons
// viewed (a share view them all, the others drop off anywhere, including never starting), then
// nudges random enrolments up or down one lesson until the sum equals the requested total. Lessons
// are viewed in course order; completions are a prefix of the viewed lessons.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { MIGRATIONS_DIR, openDatabase, type Db } from "../db/client";
import { CONSTITUENT_GROUPS, SEXES, type CompletionRules } from "../db/schema";
import { seededRandom } from "../db/seed-population";
import { getCatalog } from "../app/content/content.server";
import type { Course } from "../app/content/catalog.server";
import { rulesFor } from "../app/learning/quizzes.server";
import { computeRecords, queueCoursesWithChangedContent, refreshLearningRecords, writeRecords } from "../app/reports/records.server";

/** Bump when the generated data changes shape, so cached benchmark databases are rebuilt. */
export const GENERATOR_VERSION = 2;

const DAY = 86_400_000;
const MIN = 60_000;
/** The data's "today": activity stops here; reports over the data should use it as `now`. */
export const REPORT_DATA_NOW = Date.UTC(2026, 10, 21);
/** Enrolments are spread over the two years before 1 November 2026. */
export const REPORT_DATA_END = Date.UTC(2026, 10, 1);
export const REPORT_DATA_START = Date.UTC(2024, 10, 1);
/** Sessions are entered in UTC+7. */
const UTC7 = 7 * 3_600_000;

export type FillMethod = "direct" | "refresh";

export type GenerateOptions = {
  learners: number;
  progressRows: number;
  seed?: number;
  /** How learning_records is filled: computeRecords/writeRecords per course ("direct", default) or the queue + refreshLearningRecords. */
  fill?: FillMethod;
  /** Delete an existing file first (otherwise an existing file is an error). */
  overwrite?: boolean;
  log?: (line: string) => void;
};

export type GenerateSummary = {
  file: string;
  generatorVersion: number;
  learners: number;
  progressRows: number;
  seed: number;
  fill: FillMethod;
  /** Row count per table after generation. */
  counts: Record<string, number>;
  /** Phase → milliseconds. */
  timings: Record<string, number>;
  bytes: number;
  /** Migration file → sha256 prefix, as applied when generated. */
  migrations: Record<string, string>;
  /** sha256 prefix of app/reports/records.server.ts when learning_records was computed. */
  recordsHash: string;
  generatedAt: string;
};

// ───────────────────────────── deterministic randomness ─────────────────────────────

const mulberry32 = seededRandom;

class Rng {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  /** Index drawn with the given cumulative weights (see cumulative()). */
  weighted(cum: readonly number[]): number {
    const r = this.next() * cum[cum.length - 1]!;
    let i = 0;
    while (cum[i]! <= r) i++;
    return i;
  }
  normal(mean: number, sd: number): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  /** Exponential with the given mean. */
  exp(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }
  hex(bytes: number): string {
    let s = "";
    for (let i = 0; i < bytes; i++) s += this.int(256).toString(16).padStart(2, "0");
    return s;
  }
  uuid(): string {
    const h = this.hex(16);
    const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
  code(alphabet: string, length: number): string {
    let s = "";
    for (let i = 0; i < length; i++) s += alphabet[this.int(alphabet.length)];
    return s;
  }
}

const cumulative = (weights: readonly number[]) => {
  let sum = 0;
  return weights.map((w) => (sum += w));
};
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

// ───────────────────────────── who the learners are ─────────────────────────────

type Country = {
  /** English name, used in organisation names. */
  name: string;
  /** ISO 3166-1 alpha-2 code, as users.country stores it ("" = left blank). */
  code: string;
  weight: number;
  cohortWeight: number;
  venues: string[];
  locale: string;
  localeShare: number;
  given: string[];
  family: string[];
  familyFirst?: boolean;
  noFamily?: boolean;
  /** Names written in the national script, for this share of learners. */
  script?: { share: number; given: string[]; family: string[] };
};

const COUNTRIES: Country[] = [
  {
    name: "Lao PDR",
    code: "LA",
    weight: 30,
    cohortWeight: 40,
    venues: ["Vientiane", "Luang Prabang", "Savannakhet", "Pakse", "Oudomxay"],
    locale: "lo",
    localeShare: 0.7,
    given: ["Somchai", "Souphanh", "Khamphone", "Bounmy", "Vilayvanh", "Noy", "Phonesavanh", "Chanthala", "Keo", "Manivanh"],
    family: ["Phommachanh", "Sengsavang", "Vongphachanh", "Keomany", "Sisouk", "Inthavong", "Chanthavong", "Douangsavanh"],
    script: { share: 0.3, given: ["ສົມໃຈ", "ບຸນມີ", "ຄຳພອນ", "ວິໄລວັນ", "ສຸພັນ", "ຈັນທະລາ"], family: ["ພົມມະ", "ແສງສະຫວ່າງ", "ສີສຸກ", "ວົງພະຈັນ", "ອິນທະວົງ"] },
  },
  {
    name: "Viet Nam",
    code: "VN",
    weight: 18,
    cohortWeight: 16,
    venues: ["Hanoi", "Ho Chi Minh City", "Da Nang", "Hue"],
    locale: "vi",
    localeShare: 0.6,
    familyFirst: true,
    given: ["Thi Lan", "Van Minh", "Thu Ha", "Quoc Anh", "Thanh Huong", "Duc Long", "Thi Mai", "Minh Tuan", "Ngoc Anh", "Van Hung"],
    family: ["Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui", "Do", "Ngo"],
  },
  {
    name: "Cambodia",
    code: "KH",
    weight: 14,
    cohortWeight: 14,
    venues: ["Phnom Penh", "Siem Reap", "Battambang"],
    locale: "en",
    localeShare: 1,
    familyFirst: true,
    given: ["Sokha", "Dara", "Sophea", "Vanna", "Chanthou", "Rithy", "Srey Mom", "Bopha", "Piseth", "Sreyneang"],
    family: ["Chan", "Sok", "Kim", "Heng", "Chea", "Meas", "Keo", "Ly", "Seng", "Hun"],
  },
  {
    name: "Thailand",
    code: "TH",
    weight: 9,
    cohortWeight: 8,
    venues: ["Bangkok", "Chiang Mai", "Khon Kaen"],
    locale: "en",
    localeShare: 1,
    given: ["Somsak", "Siriporn", "Niran", "Kanya", "Pornthip", "Anan", "Wanida", "Chaiwat", "Ratana", "Supachai"],
    family: ["Srisuk", "Wongsawat", "Chaiyaporn", "Suwannarat", "Thongdee", "Boonmee", "Saetang", "Rattanakul"],
  },
  {
    name: "Myanmar",
    code: "MM",
    weight: 7,
    cohortWeight: 5,
    venues: ["Yangon", "Mandalay", "Nay Pyi Taw"],
    locale: "en",
    localeShare: 1,
    noFamily: true,
    given: ["Aung Aung", "Thida Win", "Kyaw Zin Htet", "May Thu", "Htet Naing", "Su Su Hlaing", "Zaw Min Oo", "Khin Khin Aye", "Myo Thant", "Nilar Win"],
    family: [],
  },
  {
    name: "Indonesia",
    code: "ID",
    weight: 8,
    cohortWeight: 7,
    venues: ["Jakarta", "Surabaya", "Yogyakarta"],
    locale: "en",
    localeShare: 1,
    given: ["Siti", "Budi", "Dewi", "Agus", "Rina", "Hendra", "Wulan", "Eko", "Putri", "Rudi"],
    family: ["Santoso", "Wijaya", "Lestari", "Hidayat", "Saputra", "Pratama", "Kurniawan", "Rahmawati"],
  },
  {
    name: "Philippines",
    code: "PH",
    weight: 8,
    cohortWeight: 6,
    venues: ["Manila", "Cebu", "Davao"],
    locale: "en",
    localeShare: 1,
    given: ["Maria", "Jose", "Ana", "Mark", "Cristina", "Paolo", "Grace", "Ramon", "Liza", "Joel"],
    family: ["Santos", "Reyes", "Cruz", "Bautista", "Garcia", "Mendoza", "Villanueva", "Ramos"],
  },
  {
    name: "Timor-Leste",
    code: "TL",
    weight: 2,
    cohortWeight: 2,
    venues: ["Dili"],
    locale: "en",
    localeShare: 1,
    given: ["Joaquim", "Maria", "Domingos", "Filomena", "Agostinho", "Rosa"],
    family: ["da Costa", "Soares", "Pereira", "dos Santos", "Guterres"],
  },
  {
    name: "Mongolia",
    code: "MN",
    weight: 1.5,
    cohortWeight: 1,
    venues: ["Ulaanbaatar"],
    locale: "en",
    localeShare: 1,
    given: ["Bat-Erdene", "Oyunchimeg", "Ganbold", "Sarangerel", "Tuvshin"],
    family: ["Batbayar", "Dorj", "Enkhbold", "Tsogt"],
  },
  {
    name: "Nepal",
    code: "NP",
    weight: 1.5,
    cohortWeight: 1,
    venues: ["Kathmandu"],
    locale: "en",
    localeShare: 1,
    given: ["Sita", "Ram", "Anita", "Bikash", "Sunita", "Prakash"],
    family: ["Shrestha", "Sharma", "Gurung", "Thapa", "Karki"],
  },
  // People who left the country blank.
  {
    name: "",
    code: "",
    weight: 1,
    cohortWeight: 0,
    venues: [],
    locale: "en",
    localeShare: 1,
    given: ["Alex", "Sam", "Chris", "Pat"],
    family: ["Lee", "Tan", "Wong"],
  },
];

const GROUP_WEIGHTS: Record<(typeof CONSTITUENT_GROUPS)[number], number> = {
  government: 34,
  "social-security-institution": 26,
  workers: 10,
  employers: 8,
  academia: 6,
  "civil-society": 6,
  "development-partner": 5,
  other: 5,
  // Not drawn: the synthetic population stays as it was before "prefer not to say" was offered.
  undisclosed: 0,
};
const SEX_WEIGHTS: Record<(typeof SEXES)[number], number> = { woman: 52, man: 45, another: 1, undisclosed: 2 };

function organisation(rng: Rng, group: (typeof CONSTITUENT_GROUPS)[number], country: string): string {
  const c = country || "the country";
  switch (group) {
    case "government":
      return rng.pick([
        `Ministry of Health, ${c}`,
        `Ministry of Labour and Social Welfare, ${c}`,
        `Ministry of Finance, ${c}`,
        `Provincial Health Department ${rng.between(1, 18)}, ${c}`,
        `District Health Office ${rng.between(1, 60)}, ${c}`,
      ]);
    case "social-security-institution":
      return rng.pick([
        `National Social Security Fund, ${c}`,
        `National Health Insurance Bureau, ${c}`,
        `Social Security Office, province ${rng.between(1, 18)}, ${c}`,
        `Health Insurance Fund, ${c}`,
      ]);
    case "workers":
      return rng.pick([
        `Federation of Trade Unions, ${c}`,
        `Garment Workers' Union, ${c}`,
        `Construction Workers' Union, ${c}`,
        `Domestic Workers' Network, ${c}`,
      ]);
    case "employers":
      return rng.pick([`Chamber of Commerce and Industry, ${c}`, `Employers' Federation, ${c}`, `Garment Manufacturers' Association, ${c}`]);
    case "academia":
      return rng.pick([`National University, ${c}`, `University of Health Sciences, ${c}`, `Institute of Public Health, ${c}`]);
    case "civil-society":
      return rng.pick([`Community Health Network, ${c}`, `Women's Union, ${c}`, `Disabled People's Organisation, ${c}`, `Village Health Volunteers, ${c}`]);
    case "development-partner":
      return rng.pick(["ILO", "WHO", "GIZ", "UNICEF", "World Bank", "ADB", "Lux-Development", "European Union"]);
    case "other":
    case "undisclosed":
      return rng.pick([`Private hospital ${rng.between(1, 40)}, ${c}`, `Health centre ${rng.between(1, 200)}`, "", "Consultant"]);
  }
}

const JOB_TITLES = [
  "Officer",
  "Deputy Director",
  "Head of Division",
  "Technical Officer",
  "Claims Officer",
  "Policy Analyst",
  "Programme Manager",
  "Lecturer",
  "Nurse",
  "Accountant",
  "",
];

// ───────────────────────────── the plan ─────────────────────────────

type CourseInfo = {
  course: Course;
  slug: string;
  title: string;
  nLessons: number;
  lessonKeys: string[];
  /** Lesson indices (course order) sorted by key: the primary-key order to insert in. */
  keyOrder: number[];
  /** Per module with a quiz: its quiz key and the index of its last lesson. */
  quizzes: { key: string; lastLesson: number; refs: string }[];
  finalRefs: string;
  pretestRefs: string;
  finalMaxAttempts: number;
  passMark: number;
  popularity: number;
};

function courseInfos(): CourseInfo[] {
  const courses = [...getCatalog().courses].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  if (!courses.length) throw new Error("no courses in content/");
  const popularity: Record<string, number> = { "shp-foundations": 1.0, "ilo-r202": 0.8, "ilo-c102": 0.7, "shi-scheme-management": 0.65, "lao-pdr-shp": 0.55 };
  return courses.map((course) => {
    const lessonKeys = course.lessons.map((l) => l.key);
    const keyOrder = lessonKeys.map((_, i) => i).sort((a, b) => (lessonKeys[a]! < lessonKeys[b]! ? -1 : 1));
    const quizzes = course.modules
      .filter((m) => m.quiz && m.lessons.length)
      .map((m) => {
        const last = m.lessons[m.lessons.length - 1]!.key;
        const refs = (m.quiz!.refs.length ? m.quiz!.refs : [`${m.slug}/quiz#q1`]).slice(0, 3);
        return { key: `module:${m.slug}`, lastLesson: lessonKeys.indexOf(last), refs: JSON.stringify(refs) };
      });
    const bank = [...course.bankByRef.keys()];
    const final = rulesFor(course, null, "final");
    return {
      course,
      slug: course.slug,
      title: course.title.en,
      nLessons: lessonKeys.length,
      lessonKeys,
      keyOrder,
      quizzes,
      finalRefs: JSON.stringify(bank.slice(0, 4)),
      pretestRefs: JSON.stringify(bank.slice(4, 8)),
      finalMaxAttempts: final.maxAttempts > 0 ? final.maxAttempts : 3,
      passMark: final.passMark,
      popularity: popularity[course.slug] ?? 0.6,
    };
  });
}

type Plan = {
  userIds: string[];
  country: Uint8Array;
  /** Per learner: its enrolments are enrolStart[i] .. enrolStart[i+1]-1, in course (slug) order. */
  enrolStart: Int32Array;
  enrolCourse: Uint8Array;
  enrolAt: Float64Array;
  viewed: Uint8Array;
  /** Cohort index, or -1 for self-paced. */
  enrolCohort: Int32Array;
};

type CohortPlan = {
  id: string;
  course: number;
  title: string;
  startsOn: string;
  endsOn: string;
  startDay: number;
  days: number;
  mode: "in_person" | "online" | "blended";
  venue: string;
  locale: string;
  capacity: number | null;
  enrolment: "code" | "invite";
  joinCode: string;
  rules: CompletionRules;
  certificateKind: "completion" | "participation";
  lead: number;
  co: number | null;
  createdAt: number;
  sessions: { id: string; startsAt: number; endsAt: number; title: string; place: string; onlineUrl: string; code: string }[];
};

const dateOnly = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
function dateRange(start: number, end: number): string {
  const a = new Date(start);
  const b = new Date(end);
  if (start === end) return `${a.getUTCDate()} ${MONTHS[a.getUTCMonth()]} ${a.getUTCFullYear()}`;
  if (a.getUTCMonth() === b.getUTCMonth()) return `${a.getUTCDate()}–${b.getUTCDate()} ${MONTHS[a.getUTCMonth()]} ${a.getUTCFullYear()}`;
  return `${a.getUTCDate()} ${MONTHS[a.getUTCMonth()]} – ${b.getUTCDate()} ${MONTHS[b.getUTCMonth()]} ${b.getUTCFullYear()}`;
}

function sha(file: string): string {
  return createHash("sha256").update(fs.readFileSync(file)).digest("hex").slice(0, 16);
}

export function migrationHashes(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((f) => f.endsWith(".sql"))
    .sort())
    out[f] = sha(path.join(MIGRATIONS_DIR, f));
  return out;
}

export function recordsHash(): string {
  return sha(path.join(process.cwd(), "app", "reports", "records.server.ts"));
}

export const metaFile = (file: string) => `${file}.meta.json`;

export function removeDatabase(file: string) {
  for (const f of [file, `${file}-wal`, `${file}-shm`, metaFile(file)]) fs.rmSync(f, { force: true });
}

export const TABLES = [
  "users",
  "enrolments",
  "lesson_progress",
  "quiz_attempts",
  "cohorts",
  "cohort_trainers",
  "cohort_members",
  "cohort_sessions",
  "attendance",
  "certificates",
  "learning_records",
  "learning_record_queue",
] as const;

export function countRows(db: Db): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of TABLES) out[t] = db.$client.prepare(`select count(*) from ${t}`).pluck().get() as number;
  return out;
}

/**
 * Fills learning_records from the raw tables (after a bulk load without triggers).
 * "direct": computeRecords + writeRecords on 5,000 pairs at a time in user order, one transaction each.
 * "refresh": queue every (user, course) pair and run refreshLearningRecords, as the app would.
 */
export function fillLearningRecords(db: Db, method: FillMethod, log: (s: string) => void = () => {}, now = Date.now()): number {
  const sqlite = db.$client;
  sqlite.prepare("delete from learning_records").run();
  // The signatures the app compares at start-up; written first so nothing is queued twice.
  queueCoursesWithChangedContent(db);
  const pairsSql = `select user_id, course_slug from enrolments union select cm.user_id, c.course_slug from cohort_members cm join cohorts c on c.id = cm.cohort_id`;
  if (method === "refresh") {
    sqlite.prepare(`insert or ignore into learning_record_queue ${pairsSql}`).run();
    const total = sqlite.prepare("select count(*) from learning_record_queue").pluck().get() as number;
    let done = 0;
    const t0 = performance.now();
    while (done < total) {
      const n = refreshLearningRecords(db, { maxPairs: 50_000, now });
      if (n === 0) break;
      done += n;
      log(
        `  learning records (refresh): ${done.toLocaleString("en")} / ${total.toLocaleString("en")} pairs, ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
    }
    return done;
  }
  sqlite.prepare("delete from learning_record_queue").run();
  // In user order, all of a user's courses together: the raw rows of one learner sit on the same
  // pages, so each page is read once (going course by course reads them once per course).
  const pairs = sqlite.prepare(`${pairsSql} order by 1, 2`).raw().all() as [string, string][];
  const total = pairs.length;
  let done = 0;
  const t0 = performance.now();
  const TX = 5000;
  for (let i = 0; i < total; i += TX) {
    const byCourse = new Map<string, string[]>();
    for (const [u, c] of pairs.slice(i, i + TX)) {
      const list = byCourse.get(c);
      if (list) list.push(u);
      else byCourse.set(c, [u]);
    }
    sqlite.transaction(() => {
      for (const [courseSlug, userIds] of byCourse) writeRecords(db, courseSlug, userIds, computeRecords(db, courseSlug, userIds), now);
    })();
    done = Math.min(total, i + TX);
    if (done % 50_000 < TX || done === total)
      log(`  learning records (direct): ${done.toLocaleString("en")} / ${total.toLocaleString("en")} pairs, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  return done;
}

export async function generateReportData(file: string, opts: GenerateOptions): Promise<GenerateSummary> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const seed = opts.seed ?? 1;
  const fill = opts.fill ?? "direct";
  const L = Math.floor(opts.learners);
  const P = Math.floor(opts.progressRows);
  if (!(L > 0)) throw new Error("learners must be a positive number");
  if (!(P >= 0)) throw new Error("progressRows must be zero or more");
  if (fs.existsSync(file)) {
    if (!opts.overwrite) throw new Error(`${file} exists; pass --force (overwrite: true) to replace it`);
    removeDatabase(file);
  }
  const timings: Record<string, number> = {};
  const tStart = performance.now();
  let tPhase = tStart;
  const phase = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - tPhase);
    tPhase = now;
    log(`${name}: ${((timings[name] ?? 0) / 1000).toFixed(1)} s`);
  };

  const courses = courseInfos();
  const NC = courses.length;
  const maxRows = courses.reduce((n, c) => n + c.nLessons, 0);
  if (P > L * maxRows) throw new Error(`at most ${maxRows} progress rows per learner (${NC} courses); asked for ${(P / L).toFixed(1)}`);

  const rng = new Rng(seed);

  // ── learners ──
  const countryCum = cumulative(COUNTRIES.map((c) => c.weight));
  const groupCum = cumulative(CONSTITUENT_GROUPS.map((g) => GROUP_WEIGHTS[g]));
  const sexCum = cumulative(SEXES.map((s) => SEX_WEIGHTS[s]));
  const ids: string[] = Array.from({ length: L }, () => rng.uuid());
  // Insert in primary-key order: appending to the B-trees is much faster than random inserts.
  ids.sort();
  const country = new Uint8Array(L);
  for (let i = 0; i < L; i++) country[i] = rng.weighted(countryCum);

  // ── enrolments: 1 + Binomial(NC − 1, p) courses each, mean ≈ rows per learner ÷ 10.5 ──
  const perLearner = P / L;
  const K = clamp(perLearner / 10.5, 1, NC);
  const p = NC > 1 ? (K - 1) / (NC - 1) : 0;
  const chosen: number[][] = [];
  const laoIdx = COUNTRIES.findIndex((c) => c.name === "Lao PDR");
  const lao = courses.findIndex((c) => c.slug === "lao-pdr-shp");
  for (let i = 0; i < L; i++) {
    let k = 1;
    for (let j = 1; j < NC; j++) if (rng.chance(p)) k++;
    const weights = courses.map((c, ci) => (ci === lao && country[i] === laoIdx ? 1.6 : c.popularity));
    const set: number[] = [];
    while (set.length < k) {
      const cum = cumulative(weights.map((w, ci) => (set.includes(ci) ? 0 : w)));
      set.push(rng.weighted(cum));
    }
    chosen.push(set.sort((a, b) => a - b));
  }
  // Enough lesson slots for the requested rows (with 3% headroom so not everyone views everything).
  let slots = chosen.reduce((n, s) => n + s.reduce((m, ci) => m + courses[ci]!.nLessons, 0), 0);
  while (slots < P * 1.03 && slots < L * maxRows) {
    const i = rng.int(L);
    const set = chosen[i]!;
    if (set.length === NC) continue;
    const missing = courses.map((_, ci) => ci).filter((ci) => !set.includes(ci));
    const ci = rng.pick(missing);
    set.push(ci);
    set.sort((a, b) => a - b);
    slots += courses[ci]!.nLessons;
  }
  const E = chosen.reduce((n, s) => n + s.length, 0);
  const plan: Plan = {
    userIds: ids,
    country,
    enrolStart: new Int32Array(L + 1),
    enrolCourse: new Uint8Array(E),
    enrolAt: new Float64Array(E),
    viewed: new Uint8Array(E),
    enrolCohort: new Int32Array(E).fill(-1),
  };
  const span = REPORT_DATA_END - REPORT_DATA_START;
  {
    let e = 0;
    for (let i = 0; i < L; i++) {
      plan.enrolStart[i] = e;
      // A growing platform: the density of first enrolments rises over the two years.
      const first = REPORT_DATA_START + Math.sqrt(rng.next()) * span;
      const set = chosen[i]!;
      const firstCourse = set.length > 1 ? rng.int(set.length) : 0;
      for (let j = 0; j < set.length; j++) {
        plan.enrolCourse[e] = set[j]!;
        // Further courses some weeks or months later (any time up to the end if that falls after it).
        const later = first + rng.exp(75 * DAY);
        plan.enrolAt[e] = Math.round(j === firstCourse ? first : later < REPORT_DATA_END ? later : first + rng.next() * (REPORT_DATA_END - first));
        e++;
      }
    }
    plan.enrolStart[L] = e;
  }
  chosen.length = 0;

  // ── cohorts (about 400 per 100,000 learners), 15–40 members from the venue's country ──
  const nCohorts = L >= 15 ? Math.max(1, Math.round((400 * L) / 100_000)) : 0;
  const nTrainers = Math.max(3, Math.ceil(nCohorts / 5));
  const cohortCountryCum = cumulative(COUNTRIES.map((c) => c.cohortWeight));
  const courseCum = cumulative(courses.map((c) => c.popularity));
  // Enrolment indices by (country, course), for picking members.
  const pool = new Map<number, number[]>();
  for (let i = 0; i < L; i++)
    for (let e = plan.enrolStart[i]!; e < plan.enrolStart[i + 1]!; e++) {
      const key = country[i]! * 64 + plan.enrolCourse[e]!;
      const list = pool.get(key);
      if (list) list.push(e);
      else pool.set(key, [e]);
    }
  const joinCodes = new Set<string>();
  const checkinCodes = new Set<string>();
  const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
  const cohortList: CohortPlan[] = [];
  const memberJoinedAt = new Map<number, number>();
  for (let c = 0; c < nCohorts; c++) {
    const ci = rng.weighted(courseCum);
    const co = COUNTRIES[rng.weighted(cohortCountryCum)]!;
    const coIdx = COUNTRIES.indexOf(co);
    const nSessions = rng.between(3, 6);
    const days = Math.ceil(nSessions / 2);
    const startDay = Math.floor((REPORT_DATA_START + 45 * DAY + rng.next() * (span - 60 * DAY)) / DAY) * DAY;
    const endDay = startDay + (days - 1) * DAY;
    const mode = rng.pick(["in_person", "in_person", "blended", "blended", "online"] as const);
    const venue = mode === "online" ? "Online" : rng.pick(co.venues);
    let joinCode = rng.code(CODE_ALPHABET, 8);
    while (joinCodes.has(joinCode)) joinCode = rng.code(CODE_ALPHABET, 8);
    joinCodes.add(joinCode);
    const participation = rng.chance(0.15);
    const rules: CompletionRules = participation
      ? { allModules: false, finalPass: false, minAttendancePercent: 75 }
      : rng.chance(0.3)
        ? { allModules: true, finalPass: true, minAttendancePercent: 75 }
        : { allModules: true, finalPass: true, minAttendancePercent: null };
    const lead = c % nTrainers;
    const sessions: CohortPlan["sessions"] = [];
    for (let s = 0; s < nSessions; s++) {
      const day = startDay + Math.floor(s / 2) * DAY;
      const startsAt = day + (s % 2 === 0 ? 9 * 3_600_000 : 13.5 * 3_600_000) - UTC7;
      let code = rng.code(CODE_ALPHABET, 6);
      while (checkinCodes.has(code)) code = rng.code(CODE_ALPHABET, 6);
      checkinCodes.add(code);
      const online = mode === "online" || (mode === "blended" && s % 2 === 1);
      sessions.push({
        id: rng.uuid(),
        startsAt,
        endsAt: startsAt + (s % 2 === 0 ? 3 : 3.5) * 3_600_000,
        title: `Session ${s + 1}`,
        place: online ? "" : `${venue}, training room ${rng.between(1, 4)}`,
        onlineUrl: online ? `https://meet.example.org/${code.toLowerCase()}` : "",
        code,
      });
    }
    const cohort: CohortPlan = {
      id: rng.uuid(),
      course: ci,
      title: `${courses[ci]!.title}, ${venue}, ${dateRange(startDay, endDay)}`,
      startsOn: dateOnly(startDay),
      endsOn: dateOnly(endDay),
      startDay,
      days,
      mode,
      venue,
      locale: co.locale === "lo" && rng.chance(0.6) ? "lo" : co.locale === "vi" && rng.chance(0.5) ? "vi" : "en",
      capacity: rng.chance(0.5) ? 40 : null,
      enrolment: rng.chance(0.8) ? "code" : "invite",
      joinCode,
      rules,
      certificateKind: participation ? "participation" : "completion",
      lead,
      co: nTrainers > 1 && rng.chance(0.4) ? (lead + 1 + rng.int(nTrainers - 1)) % nTrainers : null,
      createdAt: startDay - rng.between(20, 60) * DAY,
      sessions,
    };
    const candidates = pool.get(coIdx * 64 + ci) ?? [];
    const size = rng.between(15, 40);
    let members = 0;
    for (let tries = 0; members < size && tries < size * 20 && candidates.length; tries++) {
      const e = candidates[rng.int(candidates.length)]!;
      if (plan.enrolCohort[e] !== -1) continue;
      plan.enrolCohort[e] = c;
      // Joining enrols: the enrolment date is the joining date, 3–21 days before the start.
      const joinedAt = startDay - rng.between(3, 21) * DAY + rng.int(10 * 3_600_000);
      plan.enrolAt[e] = joinedAt;
      memberJoinedAt.set(e, joinedAt);
      members++;
    }
    cohortList.push(cohort);
  }

  // ── lessons viewed per enrolment, then nudged to the exact total ──
  let total = 0;
  {
    const V = E ? P / E : 0;
    // A share view every lesson; the rest stop anywhere from "never started" to one short.
    const nonFinisherMean = 5.5;
    const q = clamp((V - nonFinisherMean) / (12 - nonFinisherMean), 0.03, 1);
    for (let e = 0; e < E; e++) {
      const n = courses[plan.enrolCourse[e]!]!.nLessons;
      const qe = plan.enrolCohort[e] !== -1 ? Math.min(1, q * 1.1) : q;
      const v = rng.chance(qe) ? n : rng.int(n);
      plan.viewed[e] = v;
      total += v;
    }
    let guard = 0;
    while (total !== P) {
      const e = rng.int(E);
      const n = courses[plan.enrolCourse[e]!]!.nLessons;
      if (total < P && plan.viewed[e]! < n) {
        plan.viewed[e]!++;
        total++;
      } else if (total > P && plan.viewed[e]! > 0) {
        plan.viewed[e]!--;
        total--;
      }
      if (++guard > 1e9) throw new Error("could not reach the requested number of progress rows");
    }
  }
  phase("plan");

  // ── open the scratch database ──
  const db = openDatabase(file);
  const sqlite = db.$client;
  sqlite.pragma("synchronous = OFF");
  sqlite.pragma("foreign_keys = OFF");
  sqlite.pragma("cache_size = -262144");
  sqlite.pragma("temp_store = MEMORY");
  // Without the queueing triggers during the bulk load (millions of firings); restored verbatim after.
  const triggers = sqlite.prepare("select name, sql from sqlite_master where type = 'trigger' and name like 'lrq_%'").raw().all() as [string, string][];
  for (const [name] of triggers) sqlite.exec(`drop trigger "${name}"`);
  phase("open + migrate");

  const insUser = sqlite.prepare(
    `insert into users (id, email, name, password_hash, role, locale, country, organisation, constituent_group, sex, job_title, lite_mode, created_at, updated_at)
     values (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  );
  const insEnrol = sqlite.prepare("insert into enrolments (user_id, course_slug, enrolled_at) values (?,?,?)");
  const insProgress = sqlite.prepare("insert into lesson_progress (user_id, course_slug, lesson_key, completed_at, last_seen_at) values (?,?,?,?,?)");
  const insAttempt = sqlite.prepare(
    `insert into quiz_attempts (user_id, course_slug, quiz_key, questions, answers, score, max_score, percent, passed, started_at, submitted_at)
     values (?,?,?,?,?,?,?,?,?,?,?)`,
  );
  const insMember = sqlite.prepare("insert into cohort_members (cohort_id, user_id, joined_at) values (?,?,?)");
  const insAttendance = sqlite.prepare("insert into attendance (session_id, user_id, status, method, marked_by, marked_at) values (?,?,?,?,?,?)");
  const insCert = sqlite.prepare(
    `insert into certificates (id, code, user_id, course_slug, cohort_id, kind, holder_name, locale, achieved_on, issued_at, revoked_at, revoked_reason, revoked_by,
       replaced_at, replaced_by_id, achievement_key) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  );

  // ── staff: an admin and the trainers ──
  const staffIds: string[] = [];
  const trainerIds: string[] = [];
  sqlite.transaction(() => {
    const adminId = rng.uuid();
    staffIds.push(adminId);
    insUser.run(
      adminId,
      "admin@bench.example.org",
      "Report Admin",
      "x",
      "admin",
      "en",
      "LA",
      "ILO",
      "development-partner",
      "undisclosed",
      "Programme Manager",
      0,
      REPORT_DATA_START - 30 * DAY,
      REPORT_DATA_START - 30 * DAY,
    );
    for (let t = 0; t < nTrainers; t++) {
      const id = rng.uuid();
      trainerIds.push(id);
      const co = COUNTRIES[t % (COUNTRIES.length - 1)]!;
      const name = `${rng.pick(co.given)}${co.noFamily ? "" : ` ${rng.pick(co.family)}`}`;
      insUser.run(
        id,
        `trainer${t + 1}@bench.example.org`,
        name,
        "x",
        "trainer",
        co.locale,
        co.code,
        rng.pick(["ILO", `National Health Insurance Bureau, ${co.name}`, `Ministry of Health, ${co.name}`]),
        rng.pick(["development-partner", "government", "social-security-institution"]),
        rng.pick(["woman", "man"]),
        "Trainer",
        0,
        REPORT_DATA_START - 20 * DAY,
        REPORT_DATA_START - 20 * DAY,
      );
    }
    const insCohort = sqlite.prepare(
      `insert into cohorts (id, course_slug, title, description, starts_on, ends_on, mode, venue, locale, capacity, enrolment, join_code, completion_rules, certificate_kind, created_by, created_at)
       values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    );
    const insTrainer = sqlite.prepare("insert into cohort_trainers (cohort_id, user_id, role) values (?,?,?)");
    const insSession = sqlite.prepare(
      "insert into cohort_sessions (id, cohort_id, title, starts_at, ends_at, place, online_url, facilitator, checkin_code) values (?,?,?,?,?,?,?,?,?)",
    );
    for (const c of cohortList) {
      const lead = trainerIds[c.lead]!;
      insCohort.run(
        c.id,
        courses[c.course]!.slug,
        c.title,
        "",
        c.startsOn,
        c.endsOn,
        c.mode,
        c.venue,
        c.locale,
        c.capacity,
        c.enrolment,
        c.joinCode,
        JSON.stringify(c.rules),
        c.certificateKind,
        lead,
        c.createdAt,
      );
      insTrainer.run(c.id, lead, "lead");
      if (c.co !== null) insTrainer.run(c.id, trainerIds[c.co]!, "co");
      for (const s of c.sessions) insSession.run(s.id, c.id, s.title, s.startsAt, s.endsAt, s.place, s.onlineUrl, "", s.code);
    }
  })();
  phase(`staff (${nTrainers} trainers), ${nCohorts} cohorts and their sessions`);

  // ── learners and everything they did, learner by learner in id order ──
  const certCodes = new Set<string>();
  const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let certId = 0;
  const adminId = staffIds[0]!;
  const maxLessons = Math.max(...courses.map((c) => c.nLessons));
  const viewAt = new Float64Array(maxLessons);
  const doneAt = new Float64Array(maxLessons);
  const gaps = new Float64Array(maxLessons);
  const counts = { progress: 0, attempts: 0, certificates: 0, members: 0, attendance: 0 };
  const LEARNERS_PER_TX = 2000;
  const tLearners = performance.now();
  const learnerBatch = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const userId = ids[i]!;
      const co = COUNTRIES[country[i]!]!;
      const group = CONSTITUENT_GROUPS[rng.weighted(groupCum)]!;
      const sex = SEXES[rng.weighted(sexCum)]!;
      const script = co.script && rng.chance(co.script.share) ? co.script : null;
      const given = rng.pick(script?.given ?? co.given);
      const family = co.noFamily ? "" : rng.pick(script?.family ?? co.family);
      const name = !family ? given : co.familyFirst ? `${family} ${given}` : `${given} ${family}`;
      const locale = rng.chance(co.localeShare) ? co.locale : "en";
      const e0 = plan.enrolStart[i]!;
      const e1 = plan.enrolStart[i + 1]!;
      let createdAt = Number.POSITIVE_INFINITY;
      for (let e = e0; e < e1; e++) createdAt = Math.min(createdAt, plan.enrolAt[e]!);
      createdAt -= rng.between(2, 90) * MIN;
      insUser.run(
        userId,
        `learner${i + 1}@bench.example.org`,
        name,
        "x",
        "learner",
        locale,
        co.code,
        organisation(rng, group, co.name),
        group,
        sex,
        rng.pick(JOB_TITLES),
        rng.chance(0.12) ? 1 : 0,
        createdAt,
        createdAt,
      );

      for (let e = e0; e < e1; e++) {
        const c = courses[plan.enrolCourse[e]!]!;
        const cohortIdx = plan.enrolCohort[e]!;
        const cohort = cohortIdx >= 0 ? cohortList[cohortIdx]! : null;
        const enrolledAt = plan.enrolAt[e]!;
        const n = c.nLessons;
        const v = plan.viewed[e]!;
        insEnrol.run(userId, c.slug, enrolledAt);
        if (cohort) {
          insMember.run(cohort.id, userId, memberJoinedAt.get(e)!);
          counts.members++;
        }
        // Whole milliseconds, never after the data's "today".
        const cap = (t: number) => Math.round(t > REPORT_DATA_NOW ? REPORT_DATA_NOW - rng.int(DAY) : t);

        // Pre-test before the first lesson.
        let cursor = enrolledAt + rng.between(1, 30) * MIN;
        if (rng.chance(cohort ? 0.9 : 0.72) && cursor < REPORT_DATA_NOW) {
          const score = clamp(Math.round(rng.normal(5, 1.6)), 0, 10);
          const at = cap(cursor);
          insAttempt.run(
            userId,
            c.slug,
            "pretest",
            c.pretestRefs,
            "{}",
            score,
            10,
            score * 10,
            score * 10 >= c.passMark ? 1 : 0,
            at - rng.between(4, 15) * MIN,
            at,
          );
          counts.attempts++;
          cursor += rng.between(2, 20) * MIN;
        }

        // Lessons 1..v viewed in order; the first k of them completed.
        let k: number;
        if (v === n) k = rng.chance(cohort ? 0.85 : 0.7) ? n : Math.max(0, n - rng.between(1, 3));
        else k = Math.max(0, v - (rng.chance(0.55) ? 1 : 0) - (rng.chance(0.1) ? 1 : 0));
        // Gaps between lessons: mostly the same sitting or a day or two; now and then a long break.
        // A recent learner who would run past "today" went faster: the gaps shrink to fit.
        const gap = cohort ? 0.8 * DAY : 2.5 * DAY;
        let span = 0;
        for (let l = 0; l < v; l++) span += gaps[l] = rng.chance(0.45) ? rng.between(5, 40) * MIN : rng.chance(0.9) ? rng.exp(gap) : rng.exp(30 * DAY);
        const room = Math.max(3_600_000, REPORT_DATA_NOW - DAY - cursor);
        const scale = span > room ? room / span : 1;
        for (let l = 0; l < v; l++) {
          viewAt[l] = cap(cursor);
          doneAt[l] = l < k ? cap(cursor + rng.between(4, 30) * MIN) : 0;
          cursor += gaps[l]! * scale;
        }
        for (const l of c.keyOrder) {
          if (l >= v) continue;
          const done = doneAt[l]!;
          const seen = Math.max(viewAt[l]!, done);
          const lastSeen = rng.chance(0.1) ? cap(seen + rng.exp(10 * DAY)) : seen;
          insProgress.run(userId, c.slug, c.lessonKeys[l]!, done || null, Math.round(lastSeen));
          counts.progress++;
        }

        // Module quizzes once a module's lessons are completed; retried until passed (usually).
        const passedModules = new Set<string>();
        let lastQuizAt = 0;
        for (const quiz of c.quizzes) {
          if (quiz.lastLesson >= k || !rng.chance(cohort ? 0.97 : 0.93)) continue;
          let at = doneAt[quiz.lastLesson]! + rng.between(2, 60) * MIN;
          for (let a = 0; a < 5; a++) {
            const score = clamp(Math.round(rng.normal(7.6, 1.5)), 0, 10);
            const passed = score * 10 >= c.passMark;
            const t = cap(at);
            insAttempt.run(userId, c.slug, quiz.key, quiz.refs, "{}", score, 10, score * 10, passed ? 1 : 0, t - rng.between(3, 12) * MIN, t);
            counts.attempts++;
            lastQuizAt = Math.max(lastQuizAt, t);
            if (passed) {
              passedModules.add(quiz.key);
              break;
            }
            if (!rng.chance(0.75)) break;
            at += rng.chance(0.5) ? rng.between(10, 120) * MIN : rng.exp(3 * DAY);
          }
        }
        // A few quiz attempts started and never submitted.
        if (k > 0 && rng.chance(0.02) && c.quizzes.length) {
          const quiz = rng.pick(c.quizzes);
          insAttempt.run(userId, c.slug, quiz.key, quiz.refs, null, null, 10, null, null, Math.round(cap(viewAt[0]! + rng.exp(5 * DAY))), null);
          counts.attempts++;
        }

        // The final assessment once every lesson is completed (at most maxAttempts tries).
        let finalPassedAt = 0;
        if (k === n && n > 0 && rng.chance(cohort ? 0.95 : 0.88)) {
          let at = Math.max(doneAt[n - 1]!, lastQuizAt) + rng.between(10, 120) * MIN;
          for (let a = 0; a < c.finalMaxAttempts; a++) {
            const score = clamp(Math.round(rng.normal(15.2, 2.6)), 0, 20);
            const percent = score * 5;
            const passed = percent >= c.passMark;
            const t = cap(at);
            insAttempt.run(userId, c.slug, "final", c.finalRefs, "{}", score, 20, percent, passed ? 1 : 0, t - rng.between(15, 45) * MIN, t);
            counts.attempts++;
            if (passed) {
              finalPassedAt = t;
              break;
            }
            if (!rng.chance(0.8)) break;
            at += rng.exp(4 * DAY);
          }
        }

        // Attendance: every session of the cohort is in the past.
        let present = 0;
        let excused = 0;
        if (cohort) {
          const leadId = trainerIds[cohort.lead]!;
          for (const s of cohort.sessions) {
            const r = rng.next();
            if (r >= 0.95) continue; // never marked
            const status = r < 0.8 ? "present" : r < 0.9 ? "absent" : "excused";
            const self = status === "present" && rng.chance(0.25);
            if (status === "present") present++;
            else if (status === "excused") excused++;
            insAttendance.run(
              s.id,
              userId,
              status,
              self ? "self" : "trainer",
              self ? userId : leadId,
              self ? s.startsAt + rng.between(-30, 20) * MIN : s.endsAt + rng.between(0, 90) * MIN,
            );
            counts.attendance++;
          }
        }

        // Certificates, issued when the rules are met (most of the time: some were met before issuing existed).
        let met = false;
        let achievedOn = 0;
        if (cohort) {
          const r = cohort.rules;
          const all = k === n && c.quizzes.every((q) => passedModules.has(q.key));
          const counted = cohort.sessions.length - excused;
          const pct = counted === 0 ? 100 : Math.round((present / counted) * 100);
          met = (!r.allModules || all) && (!r.finalPass || finalPassedAt > 0) && (r.minAttendancePercent === null || pct >= r.minAttendancePercent);
          achievedOn = Math.max(k ? doneAt[k - 1]! : 0, lastQuizAt, finalPassedAt, cohort.sessions[cohort.sessions.length - 1]!.endsAt);
        } else {
          met = k === n && finalPassedAt > 0;
          achievedOn = Math.max(doneAt[n - 1] ?? 0, finalPassedAt);
        }
        if (met && rng.chance(0.96)) {
          const key = cohort ? `cohort:${cohort.id}:${userId}` : `self:${userId}:${c.slug}`;
          const issue = (replaced: { at: number; by: number } | null, revoked: boolean, issuedAt: number) => {
            let code = "";
            do code = rng.code(B32, 16).match(/.{4}/g)!.join("-");
            while (certCodes.has(code));
            certCodes.add(code);
            const id = ++certId;
            insCert.run(
              id,
              code,
              userId,
              c.slug,
              cohort?.id ?? null,
              cohort?.certificateKind ?? "completion",
              name,
              locale,
              Math.round(achievedOn),
              Math.round(issuedAt),
              revoked ? Math.round(issuedAt + rng.exp(20 * DAY)) : null,
              revoked ? "Issued in error" : null,
              revoked ? adminId : null,
              replaced ? Math.round(replaced.at) : null,
              replaced ? replaced.by : null,
              key,
            );
            counts.certificates++;
            return id;
          };
          const issuedAt = achievedOn + rng.between(1, 5000);
          if (rng.chance(0.004)) {
            // A name correction: the first certificate is replaced by a re-issue.
            const reissuedAt = issuedAt + rng.exp(15 * DAY);
            issue({ at: reissuedAt, by: certId + 2 }, false, issuedAt);
            issue(null, false, reissuedAt);
          } else issue(null, rng.chance(0.004), issuedAt);
        }
      }
    }
  };
  for (let i = 0; i < L; i += LEARNERS_PER_TX) {
    const to = Math.min(L, i + LEARNERS_PER_TX);
    sqlite.transaction(() => learnerBatch(i, to))();
    if (to % 10_000 < LEARNERS_PER_TX || to === L) {
      const s = (performance.now() - tLearners) / 1000;
      log(
        `  learners ${to.toLocaleString("en")} / ${L.toLocaleString("en")}: ${counts.progress.toLocaleString("en")} progress rows, ${counts.attempts.toLocaleString("en")} quiz attempts, ${s.toFixed(1)} s (${Math.round(counts.progress / s).toLocaleString("en")} progress rows/s)`,
      );
    }
  }
  if (counts.progress !== P) throw new Error(`generated ${counts.progress} progress rows, expected ${P}`);
  phase("learners, enrolments, progress, quiz attempts, attendance, certificates");

  // ── restore the triggers exactly as the migrations created them, then fill learning_records ──
  for (const [, sql] of triggers) sqlite.exec(sql);
  sqlite.prepare("delete from learning_record_queue").run();
  phase(`triggers restored (${triggers.length})`);
  const pairs = fillLearningRecords(db, fill, log);
  phase(`learning records (${fill}, ${pairs.toLocaleString("en")} pairs)`);

  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  const rowCounts = countRows(db);
  sqlite.close();
  phase("checkpoint + counts");
  timings.total = Math.round(performance.now() - tStart);

  const summary: GenerateSummary = {
    file,
    generatorVersion: GENERATOR_VERSION,
    learners: L,
    progressRows: P,
    seed,
    fill,
    counts: rowCounts,
    timings,
    bytes: fs.statSync(file).size,
    migrations: migrationHashes(),
    recordsHash: recordsHash(),
    generatedAt: new Date().toISOString(),
  };
  fs.writeFileSync(metaFile(file), `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}

// ───────────────────────────── CLI ─────────────────────────────

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const out = arg("out");
  if (!out) {
    console.error(
      "usage: tsx scripts/generate-report-data.ts --out FILE [--learners 100000] [--progress 5000000] [--seed 1] [--fill direct|refresh] [--force]",
    );
    process.exit(2);
  }
  const fill = (arg("fill") ?? "direct") as FillMethod;
  if (fill !== "direct" && fill !== "refresh") throw new Error("--fill is direct or refresh");
  const summary = await generateReportData(out, {
    learners: Number(arg("learners") ?? 100_000),
    progressRows: Number(arg("progress") ?? 5_000_000),
    seed: Number(arg("seed") ?? 1),
    fill,
    overwrite: process.argv.includes("--force"),
  });
  console.log(`\n${out}: ${(summary.bytes / 2 ** 20).toFixed(0)} MiB in ${(summary.timings.total! / 1000).toFixed(1)} s`);
  for (const [t, n] of Object.entries(summary.counts)) console.log(`  ${t.padEnd(22)} ${n.toLocaleString("en").padStart(12)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
