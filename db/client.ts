import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const MIGRATIONS_DIR = path.join(process.cwd(), "db", "migrations");

/**
 * Opens (creating if needed) the SQLite file, sets the pragmas the app relies on and applies
 * committed migrations. Safe to call on every start: migrations already applied are skipped.
 * `migrate: false` is for copies of an already migrated file (the vitest template database).
 */
export function openDatabase(file: string, options: { migrate?: boolean } = {}): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // Deleted and overwritten values are zeroed in the file, not left in free space (account erasure).
  sqlite.pragma("secure_delete = ON");
  const db = drizzle(sqlite, { schema }) as Db;
  if (options.migrate !== false) migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  return db;
}

/** Runs fn inside one IMMEDIATE transaction: all its writes land together or not at all. */
export function inTransaction<T>(db: Db, fn: (tx: Db) => T): T {
  return db.$client.transaction(() => fn(db)).immediate();
}

/**
 * A query prepared once per database handle and reused: `preparedQuery((db) => db.select()…
 * .where(eq(col, sql.placeholder("x"))).prepare())` returns `(db) => prepared`. For the per-request
 * hot paths (session lookup, lesson and course loaders), where building the SQL with drizzle's query
 * builder and asking SQLite to prepare it again on every request cost more than running it.
 */
export function preparedQuery<T>(build: (db: Db) => T): (db: Db) => T {
  const perDb = new WeakMap<Db, T>();
  return (db) => {
    let query = perDb.get(db);
    if (query === undefined) {
      query = build(db);
      perDb.set(db, query);
    }
    return query;
  };
}
