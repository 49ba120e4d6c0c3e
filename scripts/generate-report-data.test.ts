import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { isCountryCode } from "#app/countries/countries.server";
import { generateReportData } from "./generate-report-data";

describe("generateReportData", () => {
  it("writes countries as ISO 3166-1 codes, as the app stores them (or blank)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shp-report-data-"));
    const file = path.join(dir, "r.db");
    await generateReportData(file, { learners: 300, progressRows: 3000, seed: 3 });
    const db = new Database(file, { readonly: true });
    const countries = (db.prepare("select distinct country from users").all() as { country: string }[]).map((r) => r.country);
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
    expect(countries).toContain("LA");
    expect(countries.filter((c) => c !== "" && !isCountryCode(c))).toEqual([]);
  });
});
