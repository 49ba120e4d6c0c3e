import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createTestDb } from "#tests/helpers/db";
import { checkDataDirectoryWritable, checkHealth } from "./health.server";

describe("health", () => {
  it("is ok with a readable database and a writable data directory", () => {
    const db = createTestDb();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shp-health-"));
    expect(checkHealth(db, dir)).toEqual({ ok: true });
    expect(fs.readdirSync(dir)).toEqual([]); // the probe file is gone
  });

  it("says why when the data directory cannot be written (a read-only file system here; a full disk fails the same write)", () => {
    const db = createTestDb();
    const out = checkHealth(db, "/proc");
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.reason).toMatch(/^data directory not writable: /);
    expect(checkDataDirectoryWritable("/proc/no-such-dir").ok).toBe(false);
  });

  it("says why when the database cannot be read", () => {
    const db = createTestDb();
    db.$client.close();
    const out = checkHealth(db, os.tmpdir());
    expect(out).toMatchObject({ ok: false });
    if (!out.ok) expect(out.reason).toMatch(/^database: /);
  });
});
