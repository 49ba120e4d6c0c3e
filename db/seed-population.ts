/**
 * A synthetic demo population so that /reports shows something worth reading on a fresh install:
 * 96 learners who cannot log in (no usable password), two workshops with sessions and attendance,
 * and self-paced learners, with lesson progress, pre-tests, finals and certificates. Deterministic
 * (seeded random numbers) and idempotent (skipped when its first learner exists).
 */
import { inTransaction, type Db } from "./client";
import type { CONSTITUENT_GROUPS, SEXES } from "./schema";
import { getCatalog } from "#app/content/content.server";

const DAY = 86_400_000;
const EMAIL = (i: number) => `synthetic-${String(i).padStart(3, "0")}@demo.shp-campus.invalid`;

/** mulberry32: a small, well-known seeded generator; plenty for demo and bench data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GIVEN = [
  "Souksavanh",
  "Vilayphone",
  "Khamla",
  "Noy",
  "Bounmy",
  "Phonesavanh",
  "Thi Lan",
  "Van Minh",
  "Thu Ha",
  "Quoc Bao",
  "Sokha",
  "Dara",
  "Malis",
  "Somchai",
  "Ploy",
  "Anong",
];
const FAMILY = ["Phommachanh", "Sisouphanh", "Vongsa", "Keomany", "Nguyen", "Tran", "Le", "Pham", "Chan", "Sok", "Srisuk", "Wongsa"];
const ORGS = [
  "Ministry of Health",
  "National Health Insurance Bureau",
  "Lao Federation of Trade Unions",
  "Lao National Chamber of Commerce and Industry",
  "Viet Nam Social Security",
  "Viet Nam General Confederation of Labour",
  "National Social Security Fund (Cambodia)",
  "Provincial Health Office",
];

export function seedDemoPopulation(db: Db, now = Date.now()): number {
  const sqlite = db.$client;
  if (sqlite.prepare("select 1 from users where email = ?").get(EMAIL(0))) return 0;
  const catalog = getCatalog();
  const trainer = sqlite.prepare("select id from users where email = 'trainer@example.org'").pluck().get() as string | undefined;
  const admin = sqlite.prepare("select id from users where email = 'admin@example.org'").pluck().get() as string | undefined;
  const rand = seededRandom(202);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const weighted = <T>(pairs: [T, number][]) => {
    let r = rand() * pairs.reduce((s, [, w]) => s + w, 0);
    for (const [v, w] of pairs) if ((r -= w) < 0) return v;
    return pairs[0]![0];
  };

  const workshops = [
    {
      id: "synthetic-shi-savannakhet",
      course: "lao-pdr-shp",
      title: "Social health insurance in practice — Savannakhet (demo data)",
      starts: now - 60 * DAY,
      lead: trainer,
      venue: "Savannakhet, Lao PDR",
      country: "LA",
      size: 34,
    },
    {
      id: "synthetic-c102-hanoi",
      course: "ilo-c102",
      title: "C102 for social partners — Hanoi (demo data)",
      starts: now - 35 * DAY,
      lead: admin,
      venue: "Hanoi, Viet Nam",
      country: "VN",
      size: 26,
    },
  ];
  const selfPaced = 36;
  let created = 0;

  inTransaction(db, () => {
    const insUser = sqlite.prepare(
      `insert into users (id, email, name, password_hash, role, locale, country, organisation, constituent_group, sex, job_title, created_at, updated_at)
       values (?, ?, ?, '!', 'learner', ?, ?, ?, ?, ?, 'Officer', ?, ?)`,
    );
    const insEnrol = sqlite.prepare("insert or ignore into enrolments (user_id, course_slug, enrolled_at) values (?, ?, ?)");
    const insLesson = sqlite.prepare(
      "insert or ignore into lesson_progress (user_id, course_slug, lesson_key, completed_at, last_seen_at) values (?, ?, ?, ?, ?)",
    );
    const insAttempt = sqlite.prepare(
      `insert into quiz_attempts (user_id, course_slug, quiz_key, questions, answers, score, max_score, percent, passed, started_at, submitted_at)
       values (?, ?, ?, '[]', '{}', ?, 15, ?, ?, ?, ?)`,
    );
    const insCert = sqlite.prepare(
      "insert or ignore into certificates (code, user_id, course_slug, cohort_id, holder_name, locale, achieved_on, issued_at, achievement_key) values (?, ?, ?, ?, ?, 'en', ?, ?, ?)",
    );

    /** One learner's journey through a course: lessons, module quizzes, pre-test and final. */
    const journey = (userId: string, name: string, courseSlug: string, start: number, cohortId: string | null) => {
      const course = catalog.bySlug.get(courseSlug);
      if (!course) return;
      insEnrol.run(userId, courseSlug, start);
      const span = Math.max(1, Math.min(now - start, 50 * DAY));
      const at = (f: number) => Math.round(start + f * span);
      const pre = 25 + Math.round(rand() * 35);
      insAttempt.run(userId, courseSlug, "pretest", Math.round((pre / 100) * 15), pre, pre >= course.passMark ? 1 : 0, at(0.02) - 600_000, at(0.02));
      const engagement = rand();
      const done = engagement > 0.35 ? course.lessons.length : Math.floor(engagement * 2.5 * course.lessons.length);
      course.lessons.forEach((l, i) => {
        if (i < done) insLesson.run(userId, courseSlug, l.key, at(0.05 + (0.8 * i) / course.lessons.length), at(0.05 + (0.8 * i) / course.lessons.length));
        else if (i === done) insLesson.run(userId, courseSlug, l.key, null, at(0.9));
      });
      for (const m of course.modules) {
        const lessonsOfModule = course.lessons.filter((l) => l.key.startsWith(`${m.slug}/`));
        if (!m.quiz || lessonsOfModule.some((l) => course.lessons.indexOf(l) >= done)) continue;
        const p = 68 + Math.round(rand() * 32);
        insAttempt.run(userId, courseSlug, `module:${m.slug}`, Math.round(p / 20), p, p >= course.passMark ? 1 : 0, at(0.85) - 300_000, at(0.85));
      }
      if (done < course.lessons.length) return;
      const final = Math.min(100, Math.max(0, pre + 5 + Math.round(rand() * 45)));
      const passed = final >= course.passMark;
      insAttempt.run(userId, courseSlug, "final", Math.round((final / 100) * 15), final, passed ? 1 : 0, at(0.95) - 900_000, at(0.95));
      if (passed && rand() < 0.8) {
        // The certificate code alphabet (RFC 4648 base32, as app/certificates/codes.ts). Demo databases
        // seeded before this drew from one with 8 and 9; those codes still verify (codeCandidates).
        const code = Array.from({ length: 4 }, () => Array.from({ length: 4 }, () => pick([..."ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"])).join("")).join("-");
        const key = cohortId ? `cohort:${cohortId}:${userId}` : `self:${userId}:${courseSlug}`;
        insCert.run(code, userId, courseSlug, cohortId, name, at(0.96), at(0.97), key);
      }
    };

    let n = 0;
    const person = (country: string) => {
      const id = `synthetic-${String(n).padStart(3, "0")}`;
      const name = `${pick(GIVEN)} ${pick(FAMILY)}`;
      const sex = weighted<(typeof SEXES)[number]>([
        ["woman", 47],
        ["man", 47],
        ["another", 2],
        ["undisclosed", 4],
      ]);
      const group = weighted<(typeof CONSTITUENT_GROUPS)[number]>([
        ["government", 30],
        ["social-security-institution", 22],
        ["workers", 18],
        ["employers", 14],
        ["civil-society", 6],
        ["academia", 4],
        ["development-partner", 4],
        ["other", 2],
      ]);
      insUser.run(
        id,
        EMAIL(n),
        name,
        country === "VN" ? "vi" : country === "LA" ? "lo" : "en",
        country,
        pick(ORGS),
        group,
        sex,
        now - 150 * DAY,
        now - 150 * DAY,
      );
      n++;
      created++;
      return { id, name };
    };

    for (const [wi, w] of workshops.entries()) {
      if (!catalog.bySlug.has(w.course)) continue;
      const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
      sqlite
        .prepare(
          `insert or ignore into cohorts (id, course_slug, title, description, starts_on, ends_on, mode, venue, locale, enrolment, join_code, completion_rules, created_by)
           values (?, ?, ?, 'Synthetic participants for the reports demo.', ?, ?, 'blended', ?, 'en', 'invite', ?, ?, ?)`,
        )
        .run(
          w.id,
          w.course,
          w.title,
          day(w.starts),
          day(w.starts + 30 * DAY),
          w.venue,
          `SYN${w.id.length}${w.course.length}X`.slice(0, 8),
          JSON.stringify({ allModules: true, finalPass: true, minAttendancePercent: 75 }),
          w.lead ?? null,
        );
      if (w.lead) sqlite.prepare("insert or ignore into cohort_trainers (cohort_id, user_id, role) values (?, ?, 'lead')").run(w.id, w.lead);
      const sessions = [0, 1, 2].map((i) => {
        const id = `${w.id}-day-${i + 1}`;
        const startsAt = w.starts + (i * 7 + 1) * DAY;
        sqlite
          .prepare("insert or ignore into cohort_sessions (id, cohort_id, title, starts_at, ends_at, place, checkin_code) values (?, ?, ?, ?, ?, ?, ?)")
          .run(id, w.id, `Day ${i + 1}`, startsAt, startsAt + 7 * 3_600_000, w.venue, `SYN${wi}D${i + 1}`);
        return { id, startsAt };
      });
      for (let i = 0; i < w.size; i++) {
        const p = person(w.country);
        sqlite.prepare("insert into cohort_members (cohort_id, user_id, joined_at) values (?, ?, ?)").run(w.id, p.id, w.starts - Math.round(rand() * 5 * DAY));
        for (const s of sessions) {
          if (s.startsAt > now) continue;
          const r = rand();
          sqlite
            .prepare("insert into attendance (session_id, user_id, status, method, marked_at) values (?, ?, ?, ?, ?)")
            .run(s.id, p.id, r < 0.84 ? "present" : r < 0.93 ? "absent" : "excused", r < 0.5 ? "self" : "trainer", s.startsAt + 3_600_000);
        }
        journey(p.id, p.name, w.course, w.starts, w.id);
      }
    }
    const courses = catalog.courses.map((c) => c.slug);
    for (let i = 0; i < selfPaced; i++) {
      const p = person(pick(["LA", "LA", "VN", "KH", "TH"]));
      journey(p.id, p.name, pick(courses), now - Math.round((10 + rand() * 110) * DAY), null);
    }
  });
  return created;
}
