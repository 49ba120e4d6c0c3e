// Starts the production server for the e2e suite on a fresh database in .e2e/.
import fs from "node:fs";
import path from "node:path";

const dir = path.resolve(`.e2e-${process.env.E2E_PORT ?? "3100"}`);
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { recursive: true });
process.env.DATABASE_PATH = path.join(dir, "app.db");
process.env.CACHE_DIR = path.join(dir, "cache");
process.env.PORT = process.env.E2E_PORT ?? "3100";
process.env.SEED_DEMO = "on";
await import(path.resolve("scripts/start.mjs"));
