import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createTestDb, insertUser } from "#tests/helpers/db";
import { MIGRATIONS_DIR } from "#db/client";
import { mapRemainingCountries } from "./countries.server";

// The countries migration turns free-text countries into ISO codes. It has already run on a fresh test
// database; running its statements again on rows written as they were before it checks its mapping.
// (Found by name: its number may change when branches merge.)
const file = fs.readdirSync(MIGRATIONS_DIR).find((f) => f.endsWith("_countries_iso_codes.sql"))!;
const sql = fs.readFileSync(path.join(MIGRATIONS_DIR, file), "utf8");

describe("countries as ISO codes (the countries migration and db:countries)", () => {
  it("maps the spellings people typed to one code in users and learning records, and leaves the rest as typed", () => {
    const db = createTestDb();
    const typed = ["Lao PDR", "Laos", "ລາວ", "lao p.d.r.", "ສປປ ລາວ", "Viet Nam", "Vietnam", "Việt Nam", "Cambodia", "LA", "vn", "Atlantis", "", "VIỆT NAM"];
    const ids = typed.map((country) => insertUser(db, { country }).id);
    const lr = db.$client.prepare(
      "insert into learning_records (user_id, course_slug, country, enrolled_at, last_active_at, refreshed_at) values (?, 'c', ?, 0, 0, 0)",
    );
    ids.forEach((id, i) => lr.run(id, typed[i]));
    for (const stmt of sql.split("--> statement-breakpoint")) db.$client.exec(stmt);

    const users = db.$client.prepare("select country from users order by rowid").pluck().all();
    expect(users).toEqual(["LA", "LA", "LA", "LA", "LA", "VN", "VN", "VN", "KH", "LA", "VN", "Atlantis", "", "VIỆT NAM"]);
    const records = db.$client.prepare("select l.country from learning_records l join users u on u.id = l.user_id order by u.rowid").pluck().all();
    expect(records).toEqual(users);
    // Reports now see two countries where they saw eight spellings.
    expect(db.$client.prepare("select count(distinct country) from users where country in ('LA','VN')").pluck().get()).toBe(2);

    // The command maps what the SQL could not read but the matcher can, and reports what is left.
    const out = mapRemainingCountries(db);
    expect(out.mapped).toEqual([{ from: "VIỆT NAM", code: "VN", people: 1 }]);
    expect(out.unmapped).toEqual([{ value: "Atlantis", people: 1 }]);
    expect(db.$client.prepare("select country from learning_records where country = 'VIỆT NAM'").all()).toEqual([]);
  });
});
