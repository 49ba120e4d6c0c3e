import { randomUUID, scryptSync, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { inTransaction, type Db } from "./client";
import { seedDemoPopulation } from "./seed-population";
import { cohortMembers, cohorts, cohortSessions, cohortTrainers, enrolments, users, type ConstituentGroup, type Role, type Sex } from "./schema";

export const DEMO_PASSWORD = "shp-demo-2026";

export const DEMO_ACCOUNTS: {
  email: string;
  name: string;
  role: Role;
  country: string;
  organisation: string;
  constituentGroup: ConstituentGroup;
  sex: Sex;
  jobTitle: string;
  locale: string;
}[] = [
  {
    email: "admin@example.org",
    name: "Demo Administrator",
    role: "admin",
    country: "LA",
    organisation: "SHP Campus",
    constituentGroup: "development-partner",
    sex: "undisclosed",
    jobTitle: "Platform administrator",
    locale: "en",
  },
  {
    email: "trainer@example.org",
    name: "Demo Trainer",
    role: "trainer",
    country: "LA",
    organisation: "National Health Insurance Bureau",
    constituentGroup: "social-security-institution",
    sex: "woman",
    jobTitle: "Training officer",
    locale: "en",
  },
  {
    email: "learner@example.org",
    name: "Demo Learner",
    role: "learner",
    country: "LA",
    organisation: "Lao Federation of Trade Unions",
    constituentGroup: "workers",
    sex: "man",
    jobTitle: "Social protection officer",
    locale: "en",
  },
];

/** Same format as app/auth/password.server.ts (scrypt N=2^15, r=8, p=1), synchronous for the seed. */
function hashSync(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize("NFKC"), salt, 32, { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  return ["scrypt", 1 << 15, 8, 1, salt.toString("base64"), key.toString("base64")].join("$");
}

/**
 * Creates the demo accounts that do not exist yet. Idempotent: it never duplicates, overwrites
 * or deletes anything, so it is safe on every start.
 */
export function seedDemo(db: Db): number {
  const missing = DEMO_ACCOUNTS.filter((a) => !db.select({ id: users.id }).from(users).where(eq(users.email, a.email)).get());
  const hashed = missing.map((a) => ({ ...a, id: randomUUID(), passwordHash: hashSync(DEMO_PASSWORD) }));
  inTransaction(db, (tx) => {
    for (const a of hashed) tx.insert(users).values(a).onConflictDoNothing().run();
    seedDemoCohort(tx);
  });
  seedDemoPopulation(db);
  return missing.length;
}

export const DEMO_COHORT_ID = "demo-nhi-claims-vientiane";

/**
 * One demo cohort run by trainer@example.org with learner@example.org as a participant and two
 * sessions. Idempotent: fixed ids and "insert or ignore", so restarts never duplicate it.
 */
function seedDemoCohort(tx: Db) {
  const trainer = tx.select({ id: users.id }).from(users).where(eq(users.email, "trainer@example.org")).get();
  const learner = tx.select({ id: users.id }).from(users).where(eq(users.email, "learner@example.org")).get();
  if (!trainer || !learner) return;
  const exists = tx.select({ id: cohorts.id }).from(cohorts).where(eq(cohorts.id, DEMO_COHORT_ID)).get();
  if (exists) return;
  tx.insert(cohorts)
    .values({
      id: DEMO_COHORT_ID,
      courseSlug: "shp-foundations",
      title: "NHI claims management — Vientiane",
      description: "Blended workshop: self-paced modules before and after two face-to-face days.",
      startsOn: "2026-03-03",
      endsOn: "2026-03-05",
      mode: "blended",
      venue: "Vientiane",
      locale: "en",
      capacity: 40,
      enrolment: "code",
      joinCode: "NHKVTE26",
      completionRules: { allModules: true, finalPass: true, minAttendancePercent: 50 },
      certificateKind: "completion",
      createdBy: trainer.id,
    })
    .onConflictDoNothing()
    .run();
  tx.insert(cohortTrainers).values({ cohortId: DEMO_COHORT_ID, userId: trainer.id, role: "lead" }).onConflictDoNothing().run();
  tx.insert(cohortMembers).values({ cohortId: DEMO_COHORT_ID, userId: learner.id }).onConflictDoNothing().run();
  tx.insert(enrolments).values({ userId: learner.id, courseSlug: "shp-foundations" }).onConflictDoNothing().run();
  const sessions = [
    {
      id: `${DEMO_COHORT_ID}-day-1`,
      title: "Day 1: claims processing",
      startsAt: Date.parse("2026-03-04T08:30:00+07:00"),
      endsAt: Date.parse("2026-03-04T16:30:00+07:00"),
      checkinCode: "DEMQ4R",
    },
    {
      id: `${DEMO_COHORT_ID}-day-2`,
      title: "Day 2: audit and fraud control",
      startsAt: Date.parse("2026-03-05T08:30:00+07:00"),
      endsAt: Date.parse("2026-03-05T16:30:00+07:00"),
      checkinCode: "DEMW7X",
    },
  ];
  for (const s of sessions)
    tx.insert(cohortSessions)
      .values({ ...s, cohortId: DEMO_COHORT_ID, place: "NHIB training room, Vientiane", facilitator: "Demo Trainer" })
      .onConflictDoNothing()
      .run();
}
