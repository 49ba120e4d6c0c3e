import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { openDatabase, type Db } from "#db/client";
import { users, type Role } from "#db/schema";

/** A fresh, migrated SQLite file (a real database, not a mock) for one test. */
export function createTestDb(): Db {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shp-test-db-"));
  return openDatabase(path.join(dir, "test.db"));
}

/** Inserts a user directly (password hash irrelevant for most tests). */
export function insertUser(db: Db, overrides: Partial<typeof users.$inferInsert> & { role?: Role } = {}) {
  return db
    .insert(users)
    .values({ id: randomUUID(), email: `${randomUUID()}@example.org`, name: "Test User", passwordHash: "x", ...overrides })
    .returning()
    .get();
}
