// npm run db:backup [-- <destination file>]
// A consistent online backup of the live database through SQLite's backup API: safe while the
// server is running and writing. The copy is then checked with PRAGMA integrity_check.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

const source = process.env.DATABASE_PATH ?? "data/app.db";
if (!fs.existsSync(source)) {
  console.error(`No database at ${source} (set DATABASE_PATH).`);
  process.exit(1);
}
const stamp = new Date().toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
const dest = process.argv[2] ?? path.join(path.dirname(source), "backups", `app-${stamp}.db`);
fs.mkdirSync(path.dirname(path.resolve(dest)), { recursive: true });

const db = new Database(source, { readonly: true });
db.pragma("busy_timeout = 5000");
const started = Date.now();
await db.backup(dest);
db.close();

const copy = new Database(dest, { readonly: true });
const check = copy.pragma("integrity_check", { simple: true });
const users = (copy.prepare("select count(*) as n from users").get() as { n: number }).n;
copy.close();
if (check !== "ok") {
  console.error(`Backup written to ${dest} but integrity_check says: ${check}`);
  process.exit(1);
}
console.log(`Backup of ${source} written to ${dest} (${fs.statSync(dest).size} bytes, ${users} users) in ${Date.now() - started} ms; integrity_check: ok`);
