import { describe, expect, it } from "vitest";
import { seedDemoPopulation } from "#db/seed-population";
import { certificates } from "#db/schema";
import legacy from "#tests/fixtures/legacy/encodings.json";
import { createTestDb, insertUser } from "#tests/helpers/db";
import { findCertificateByCode, searchCertificates } from "./certificates.server";
import { formatCode, normaliseCode } from "./codes";
import { verificationView } from "./present.server";

const fromHex = (hex: string) => Uint8Array.from(Buffer.from(hex, "hex"));

describe("certificate codes", () => {
  it("are encoded exactly as the hand-written base32 encoded them (recorded outputs)", () => {
    for (const [hex, code] of legacy.certificateCodes) expect(formatCode(fromHex(hex!))).toBe(code);
  });

  it("every code of the old alphabet (A–Z, 2–7) verifies, however it is typed", () => {
    const db = createTestDb();
    const user = insertUser(db);
    for (const [i, [, code]] of legacy.certificateCodes.entries())
      db.insert(certificates)
        .values({ code: code!, userId: user.id, courseSlug: "demo-course", holderName: "A", locale: "en", achievedOn: 1, issuedAt: 1, achievementKey: `k${i}` })
        .run();
    for (const [, code] of legacy.certificateCodes) {
      expect(findCertificateByCode(db, code!)?.code).toBe(code);
      expect(findCertificateByCode(db, code!.toLowerCase().replaceAll("-", " "))?.code).toBe(code);
      // 0 and 1 typed for O and I still find the code.
      expect(findCertificateByCode(db, code!.replaceAll("O", "0").replaceAll("I", "1"))?.code).toBe(code);
    }
  });

  it("every code the demo seed hands out verifies (page, search, typed in lower case)", () => {
    const db = createTestDb();
    seedDemoPopulation(db, Date.UTC(2026, 8, 30));
    const codes = db
      .select({ code: certificates.code })
      .from(certificates)
      .all()
      .map((r) => r.code);
    expect(codes.length).toBeGreaterThan(10);
    const unverifiable = codes.filter((code) => {
      const canonical = normaliseCode(code.toLowerCase());
      return !canonical || verificationView(db, canonical, "en")?.code !== code || searchCertificates(db, code).length !== 1;
    });
    expect(unverifiable).toEqual([]);
  });

  it("codes already handed out by the old demo seed (with 8 and 9) still verify", () => {
    const db = createTestDb();
    const user = insertUser(db);
    const seeded = ["AB89-XY23-KM45-PQ67", "9999-8888-ZZZZ-2345", "H8NP-Q9RS-TVWX-YZ23"];
    for (const [i, code] of seeded.entries())
      db.insert(certificates)
        .values({ code, userId: user.id, courseSlug: "demo-course", holderName: "A", locale: "en", achievedOn: 1, issuedAt: 1, achievementKey: `s${i}` })
        .run();
    for (const code of seeded) {
      const canonical = normaliseCode(code.toLowerCase().replaceAll("-", ""));
      expect(canonical).toBe(code);
      expect(verificationView(db, canonical!, "en")?.code).toBe(code);
    }
  });

  it("reject what cannot be a code", () => {
    expect(normaliseCode("ABCD")).toBeNull();
    expect(normaliseCode("'; drop table certificates; --")).toBeNull();
    expect(normaliseCode("ABCD-EFGH-IJKL-MNÖP")).toBeNull();
  });
});
