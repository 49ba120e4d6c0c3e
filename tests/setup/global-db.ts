import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "#db/client";

declare module "vitest" {
  export interface ProvidedContext {
    /** A migrated, empty SQLite file; tests/helpers/db.ts copies it for each test database. */
    migratedDbPath: string;
  }
}

/**
 * Runs once per `vitest run`: applies the migrations to one template database, which every test
 * copies (migrating ~60 databases one by one was most of the set-up time), and removes it at the end.
 */
export default function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shp-vitest-template-"));
  const file = path.join(dir, "migrated.db");
  const db = openDatabase(file);
  // One self-contained file: fold the WAL back in so a plain copy carries every migration.
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.pragma("journal_mode = DELETE");
  db.$client.close();
  project.provide("migratedDbPath", file);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
