import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";

// Server code must never reach the browser: db/schema.ts pulled drizzle (26.6 KB) into the register,
// profile, join and reports pages when they imported value lists from it (app/vocabulary.ts now).
// Reads the production build that `npm run build` wrote before the e2e run.
test("no client chunk contains drizzle, the database schema or other server code", () => {
  const dir = path.resolve("build/client/assets");
  const chunks = fs.readdirSync(dir).filter((f) => f.endsWith(".js"));
  expect(chunks.length).toBeGreaterThan(10);
  const markers = ["drizzle", "sqliteTable", "learning_records", "password_hash", "better-sqlite3", "node:crypto"];
  const found = chunks.flatMap((f) => {
    const code = fs.readFileSync(path.join(dir, f), "utf8");
    return markers.filter((m) => code.includes(m)).map((m) => `${f}: ${m}`);
  });
  expect(found).toEqual([]);
});
