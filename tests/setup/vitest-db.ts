import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { closeTestDbs } from "#tests/helpers/db";

// Each test file gets its own scratch directory: app modules that read env (DATABASE_PATH,
// CACHE_DIR) point at real files there, never at data/app.db; test databases are created there
// too, and the whole directory is removed when the file's tests are done.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shp-vitest-"));
process.env.SHP_TEST_SCRATCH = dir;
process.env.DATABASE_PATH = path.join(dir, "app.db");
process.env.CACHE_DIR = path.join(dir, "cache");
process.env.SEED_DEMO = "off";

afterAll(() => {
  closeTestDbs();
  fs.rmSync(dir, { recursive: true, force: true });
});
