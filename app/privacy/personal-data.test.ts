import { getTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import * as schema from "#db/schema";
import { createTestDb, insertUser } from "#tests/helpers/db";
import { ERASERS } from "./erase.server";
import { PERSONAL_DATA } from "./personal-data.server";

/** A column that says something about a person: a foreign key to users, or named like one. */
const PERSON_COLUMN = /^(user_id|actor_id|author_id|email|.*_by)$/;

/** Every table db/schema.ts exports. */
const TABLES: SQLiteTable[] = (Object.values(schema) as unknown[]).filter((v): v is SQLiteTable => v instanceof SQLiteTable);

function tablesWithUserColumns(): { table: string; columns: string[] }[] {
  const out: { table: string; columns: string[] }[] = [];
  for (const value of TABLES) {
    const config = getTableConfig(value);
    const fkColumns = config.foreignKeys
      .filter((fk) => getTableConfig(fk.reference().foreignTable).name === "users")
      .flatMap((fk) => fk.reference().columns.map((c) => c.name));
    const named = config.columns.filter((c) => PERSON_COLUMN.test(c.name)).map((c) => c.name);
    const columns = [...new Set([...fkColumns, ...named])];
    if (config.name === "users" || columns.length > 0) out.push({ table: config.name, columns });
  }
  return out;
}

describe("the personal-data map", () => {
  it("covers every table of db/schema.ts that has a user column (export and erasure)", () => {
    const found = tablesWithUserColumns();
    // The enumeration itself works: it sees the tables everyone knows hold personal data.
    expect(found.map((t) => t.table)).toEqual(
      expect.arrayContaining(["users", "quiz_attempts", "attendance", "certificates", "audit_log", "cohort_invitations"]),
    );
    const missing = found.filter((t) => !(t.table in PERSONAL_DATA)).map((t) => `${t.table} (${t.columns.join(", ")})`);
    expect(missing, "add these tables to app/privacy/personal-data.server.ts and an eraser in erase.server.ts").toEqual([]);
  });

  it("has an eraser for every entry, and no entry for a table that does not exist", () => {
    expect(Object.keys(ERASERS).sort()).toEqual(Object.keys(PERSONAL_DATA).sort());
    const tables = TABLES.map((t) => getTableConfig(t).name);
    expect(Object.keys(PERSONAL_DATA).filter((t) => !tables.includes(t))).toEqual([]);
  });

  it("gives each section a distinct name", () => {
    const sections = Object.values(PERSONAL_DATA).map((e) => e.section);
    expect(new Set(sections).size).toBe(sections.length);
  });

  it("exports every column of users (a new profile field is exported unless listed here as deliberately left out)", () => {
    // The account's id, its password hash, the cohort whose import created it, and the erasure mark.
    const NOT_EXPORTED = ["id", "password_hash", "created_by_cohort_id", "erased_at"];
    const db = createTestDb();
    const user = insertUser(db, { name: "Somphone", nameLatin: "Somphone" });
    const entry = PERSONAL_DATA.users!;
    if (!("call" in entry.export)) throw new Error("users must export rows");
    const [row] = entry.export({ db, userId: user.id, origin: "https://campus.example.org" });
    const columns = getTableConfig(schema.users).columns.map((c) => c.name);
    expect(columns.filter((c) => !NOT_EXPORTED.includes(c) && !(c in row!))).toEqual([]);
  });
});
