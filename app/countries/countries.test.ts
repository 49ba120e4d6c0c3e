import { describe, expect, it } from "vitest";
import { countryCodeFrom, countryName, countryOptions, COUNTRY_CODES, isCountryCode } from "./countries.server";

describe("countries", () => {
  it("reads codes and the names people write, in English, Lao, Vietnamese, Khmer and Thai", () => {
    for (const s of ["LA", "la", "Laos", "Lao PDR", "lao p.d.r.", "Lao People's Democratic Republic", "ລາວ", "ສປປ ລາວ", "Lào", "  laos "])
      expect(countryCodeFrom(s), s).toBe("LA");
    for (const s of ["VN", "Viet Nam", "Vietnam", "Việt Nam", "ຫວຽດນາມ", "vietnam"]) expect(countryCodeFrom(s), s).toBe("VN");
    expect(countryCodeFrom("Cambodia")).toBe("KH");
    expect(countryCodeFrom("កម្ពុជា")).toBe("KH");
    expect(countryCodeFrom("ไทย")).toBe("TH");
    expect(countryCodeFrom("Thailand")).toBe("TH");
    expect(countryCodeFrom("Atlantis")).toBeNull();
    expect(countryCodeFrom("XX")).toBeNull();
    expect(countryCodeFrom("")).toBeNull();
  });
  it("names a code in the page's language, on the server", () => {
    expect(countryName("LA", "lo")).toBe("ລາວ");
    expect(countryName("LA", "en")).toBe("Laos");
    expect(countryName("VN", "vi")).toBe("Việt Nam");
    expect(countryName("Atlantis", "en")).toBe("Atlantis"); // an unmapped old value stays readable
    expect(countryName("", "en")).toBe("");
  });
  it("lists every code once, the region's countries first", () => {
    const options = countryOptions("lo");
    expect(options.slice(0, 4).map((o) => o.value)).toEqual(["LA", "VN", "KH", "TH"]);
    expect(new Set(options.map((o) => o.value)).size).toBe(COUNTRY_CODES.length);
    expect(COUNTRY_CODES).toHaveLength(249);
    expect(isCountryCode("LA")).toBe(true);
    expect(isCountryCode("la")).toBe(false);
  });
});
