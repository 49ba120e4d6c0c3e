import { getTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import * as schema from "#db/schema";
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
});
