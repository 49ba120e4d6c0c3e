import { randomUUID, scryptSync, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { inTransaction, type Db } from "./client";
import { users, type ConstituentGroup, type Role, type Sex } from "./schema";

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
  { email: "admin@example.org", name: "Demo Administrator", role: "admin", country: "Lao PDR", organisation: "SHP Campus", constituentGroup: "development-partner", sex: "undisclosed", jobTitle: "Platform administrator", locale: "en" },
  { email: "trainer@example.org", name: "Demo Trainer", role: "trainer", country: "Lao PDR", organisation: "National Health Insurance Bureau", constituentGroup: "social-security-institution", sex: "woman", jobTitle: "Training officer", locale: "en" },
  { email: "learner@example.org", name: "Demo Learner", role: "learner", country: "Lao PDR", organisation: "Lao Federation of Trade Unions", constituentGroup: "workers", sex: "man", jobTitle: "Social protection officer", locale: "en" },
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
  if (missing.length === 0) return 0;
  const hashed = missing.map((a) => ({ ...a, id: randomUUID(), passwordHash: hashSync(DEMO_PASSWORD) }));
  inTransaction(db, (tx) => {
    for (const a of hashed) tx.insert(users).values(a).onConflictDoNothing().run();
  });
  return missing.length;
}
