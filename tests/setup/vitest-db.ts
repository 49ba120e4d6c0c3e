import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// Each vitest worker gets its own scratch directory: app modules that read env (DATABASE_PATH,
// CACHE_DIR) point at real files there, never at data/app.db.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shp-vitest-"));
process.env.DATABASE_PATH = path.join(dir, "app.db");
process.env.CACHE_DIR = path.join(dir, "cache");
process.env.SEED_DEMO = "off";
