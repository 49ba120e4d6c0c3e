import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { openDatabase } from "#db/client";
import { insertUser } from "#tests/helpers/db";

describe("npm run db:backup", () => {
  it("copies a database that is open for writing, consistently, and checks it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shp-backup-"));
    const live = path.join(dir, "live.db");
    const db = openDatabase(live);
    for (let i = 0; i < 50; i++) insertUser(db, { name: `User ${i}` });
    // The writer keeps its connection open (WAL not checkpointed) while the backup runs.
    const dest = path.join(dir, "copy.db");
    const out = execFileSync("npx", ["tsx", "scripts/db-backup.ts", dest], { env: { ...process.env, DATABASE_PATH: live }, encoding: "utf8" });
    expect(out).toContain("integrity_check: ok");
    const copy = new Database(dest, { readonly: true });
    expect((copy.prepare("select count(*) as n from users").get() as { n: number }).n).toBe(50);
    copy.close();
    db.$client.close();
  });
});
