import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { deriveDateLocaleData, formatDay, formatInstant, formatNumber, offsetMinutes, registerDateLocaleData, zoneLabel, type DateStyle } from "./datetime";

const OPTIONS: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  date: { dateStyle: "medium" },
  dateLong: { dateStyle: "long" },
  dateTime: { dateStyle: "medium", timeStyle: "short" },
  time: { timeStyle: "short" },
};
const LOCALES = ["en", "lo", "vi", "th", "km"];
const ZONES = ["Asia/Vientiane", "Asia/Ho_Chi_Minh", "Asia/Manila", "Europe/Zurich", "America/New_York", "UTC"];

describe("server-derived date formatting", () => {
  it("gives exactly what the server's Intl gives, for every style, language and zone", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
        fc.constantFrom(...LOCALES),
        fc.constantFrom(...(Object.keys(OPTIONS) as DateStyle[])),
        fc.constantFrom(...ZONES),
        (ms, locale, style, timeZone) => {
          const expected = new Intl.DateTimeFormat(locale, { ...OPTIONS[style], timeZone }).format(ms);
          expect(formatInstant(ms, style, locale, timeZone)).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("formats Lao from the server's data even in a runtime without Lao (the browser's case)", () => {
    const lao = deriveDateLocaleData("lo");
    // A browser without Lao data would derive English; registering the server's data wins.
    registerDateLocaleData(lao);
    expect(formatDay("2026-12-07", "lo", "dateLong")).toBe(new Intl.DateTimeFormat("lo", { dateStyle: "long", timeZone: "UTC" }).format(Date.UTC(2026, 11, 7)));
    expect(formatDay("2026-12-07", "lo", "dateLong")).toContain("ທັນວາ");
    expect(JSON.parse(JSON.stringify(lao))).toEqual(lao); // survives the loader's JSON
  });

  it("formats numbers with the language's separators", () => {
    for (const locale of LOCALES)
      for (const n of [0, 7, 1234, 1234567.25, -42.5, 99.95])
        expect(formatNumber(n, locale, 1)).toBe(new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(n));
  });

  it("labels zones one way: city and UTC offset", () => {
    expect(zoneLabel("Asia/Vientiane")).toBe("Vientiane (UTC+07:00)");
    expect(zoneLabel("Asia/Kolkata")).toBe("Kolkata (UTC+05:30)");
    expect(offsetMinutes(Date.UTC(2026, 6, 1), "Europe/Zurich")).toBe(120);
    expect(offsetMinutes(Date.UTC(2026, 0, 1), "Europe/Zurich")).toBe(60);
  });
});
