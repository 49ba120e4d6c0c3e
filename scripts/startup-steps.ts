// The start-up steps of `npm start`, in order: migrate (checks included), then seed. Each is also
// a script of its own (npm run db:migrate, npm run db:seed); scripts/setup.ts runs both in one
// process for `npm start`. Any problem is one clear line on stderr and exit code 1.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { Env } from "../app/env.server";
import { checkDataDirectoryWritable, databaseDamage } from "../app/health.server";
import { openDatabase } from "../db/client";
import { seedDemo } from "../db/seed";

/** Prints one line on stderr and stops with exit code 1. */
export function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/** The validated configuration, or its message (no stack trace) and exit code 1. */
export async function loadEnv(): Promise<Env> {
  try {
    return (await import("../app/env.server")).env;
  } catch (e) {
    fail((e as Error).message);
  }
}

/**
 * Checks that the data directory can be written and that an existing database file is sound
 * (PRAGMA quick_check), then applies the committed migrations.
 */
export function migrate(env: Env) {
  const file = path.resolve(env.DATABASE_PATH);
  const dir = path.dirname(file);
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    fail(`Cannot create the data directory ${dir} (DATABASE_PATH=${env.DATABASE_PATH}): ${(e as Error).message}. Check the path and its permissions.`);
  }
  const writable = checkDataDirectoryWritable(dir);
  if (!writable.ok)
    fail(
      `Cannot write to the data directory ${dir} (DATABASE_PATH=${env.DATABASE_PATH}): ${writable.reason.replace(/^data directory not writable: /, "")}. Check its permissions and free space.`,
    );

  if (fs.existsSync(file)) {
    let damage: string | null;
    try {
      const sqlite = new Database(file, { fileMustExist: true });
      try {
        damage = databaseDamage(sqlite);
      } finally {
        sqlite.close();
      }
    } catch (e) {
      damage = (e as Error).message;
    }
    if (damage) fail(`The database ${file} is damaged (${damage}). Stop here and restore a backup: see README.md, "Backup and restore".`);
  }

  try {
    openDatabase(file).$client.close();
  } catch (e) {
    fail(`Could not open or migrate the database ${file}: ${(e as Error).message}`);
  }
  console.log(`database: ${path.relative(process.cwd(), file) || file} ready (migrations applied)`);
}

/** The demo accounts, cohort and synthetic learners (README, "Demo accounts"); idempotent. Nothing with SEED_DEMO=off. */
export function seed(env: Env) {
  if (!env.SEED_DEMO) return console.log("seed: SEED_DEMO=off, nothing seeded");
  try {
    const db = openDatabase(path.resolve(env.DATABASE_PATH));
    const added = seedDemo(db);
    db.$client.close();
    console.log(`seed: demo data ready${added ? ` (${added} demo accounts created)` : ""}`);
  } catch (e) {
    fail(`Could not seed the demo data: ${(e as Error).message}`);
  }
}
