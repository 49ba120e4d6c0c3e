import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import { openDatabase, type Db } from "#db/client";
import { users, type Role } from "#db/schema";

const open: Db[] = [];

/**
 * A fresh, migrated SQLite file (a real database, not a mock) for one test: a copy of the template
 * that tests/setup/global-db.ts migrated once, in the test file's scratch directory (removed, with
 * every database in it, when the file's tests end).
 */
export function createTestDb(): Db {
  const dir = process.env.SHP_TEST_SCRATCH ?? fs.mkdtempSync(path.join(os.tmpdir(), "shp-test-db-"));
  const file = path.join(dir, `test-${randomUUID()}.db`);
  fs.copyFileSync(inject("migratedDbPath"), file);
  const db = openDatabase(file, { migrate: false });
  open.push(db);
  return db;
}

/** Closes every database createTestDb opened in this test file (called by tests/setup/vitest-db.ts). */
export function closeTestDbs() {
  for (const db of open.splice(0)) if (db.$client.open) db.$client.close();
}

/** Inserts a user directly (password hash irrelevant for most tests). */
export function insertUser(db: Db, overrides: Partial<typeof users.$inferInsert> & { role?: Role } = {}) {
  return db
    .insert(users)
    .values({ id: randomUUID(), email: `${randomUUID()}@example.org`, name: "Test User", passwordHash: "x", ...overrides })
    .returning()
    .get();
}
