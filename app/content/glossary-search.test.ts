import { describe, expect, it } from "vitest";
import { matchesSearch } from "./glossary-search";

describe("glossary search", () => {
  it("finds a hyphenated or spaced term whatever hyphens or spaces are typed", () => {
    expect(matchesSearch(["Co-payment"], "copay")).toBe(true);
    expect(matchesSearch(["Co-payment"], "co payment")).toBe(true);
    expect(matchesSearch(["Out-of-pocket payment"], "out of pocket")).toBe(true);
    expect(matchesSearch(["Copayment"], "co-pay")).toBe(true);
    expect(matchesSearch(["Risk pooling"], "riskpool")).toBe(true);
  });
  it("ignores case and accents, and does not match what is not there", () => {
    expect(matchesSearch(["Bảo hiểm y tế"], "bao hiem")).toBe(true);
    expect(matchesSearch(["Co-payment"], "deductible")).toBe(false);
    expect(matchesSearch(["ປະກັນສຸຂະພາບ"], "ປະກັນ")).toBe(true);
  });
});
