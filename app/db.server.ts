import { openDatabase, type Db } from "#db/client";
import { seedDemo } from "#db/seed";
import { env } from "./env.server";

let instance: Db | undefined;

/** The process-wide database handle, opened, migrated and (for the demo) seeded on first use. */
export function getDb(): Db {
  if (!instance) {
    instance = openDatabase(env.DATABASE_PATH);
    if (env.SEED_DEMO) seedDemo(instance);
  }
  return instance;
}
