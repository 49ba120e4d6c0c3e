// npm run db:countries [-- --dry-run]
// Countries are ISO 3166-1 alpha-2 codes (docs/decisions/0012). Migration 0007 mapped the common
// spellings; this maps what remains that the application can read (any case or spacing) and lists,
// with the number of people, the values it cannot map: they stay as typed until someone fixes them
// (the person in their profile, or an administrator).
import fs from "node:fs";
import { mapRemainingCountries } from "#app/countries/countries.server";
import { openDatabase } from "#db/client";

const file = process.env.DATABASE_PATH ?? "data/app.db";
if (!fs.existsSync(file)) {
  console.error(`No database at ${file} (set DATABASE_PATH).`);
  process.exit(1);
}
const dryRun = process.argv.includes("--dry-run");
const db = openDatabase(file); // applies the countries migration first if it has not run
const { mapped, unmapped } = mapRemainingCountries(db, { dryRun });
for (const m of mapped) console.log(`${dryRun ? "would map" : "mapped"} "${m.from}" → ${m.code} (${m.people} people)`);
if (unmapped.length === 0) console.log("Every country is an ISO code.");
else {
  console.log(`Could not map ${unmapped.length} value(s); left as typed:`);
  for (const u of unmapped) console.log(`  "${u.value}": ${u.people} people`);
}
db.$client.close();
