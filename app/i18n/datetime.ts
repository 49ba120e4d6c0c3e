/**
 * Dates, times and numbers formatted identically on the server and in the browser.
 *
 * Browsers (Debian's Chromium, many phones) ship no Lao `Intl` data: a date the server wrote as
 * "7 ທັນວາ 2026" was re-rendered "December 7, 2026" at hydration (React error #418). So the patterns
 * and names come from the SERVER's ICU (CLDR, complete in Node) as a small object per language —
 * `dateLocaleData(locale)`, sent with the root loader — and both sides fill them in with this code.
 * The browser's Intl is used only with "en-US" and a time zone, to read an instant's wall clock in
 * that zone: time-zone data is present even where locale data is not.
 */

export type DateStyle = "date" | "dateLong" | "dateTime" | "time";

type Token =
  | { t: "lit"; v: string }
  | { t: "year"; twoDigit: boolean; offset: number }
  | { t: "month"; numeric: boolean; pad: boolean }
  | { t: "day"; pad: boolean }
  | { t: "hour"; h12: boolean; pad: boolean }
  | { t: "minute" }
  | { t: "dayPeriod" };

export type DateLocaleData = {
  locale: string;
  patterns: Record<DateStyle, Token[]>;
  /** Month names as they appear inside each style's pattern (12 each; empty when numeric). */
  months: Record<DateStyle, string[]>;
  dayPeriods: [string, string];
  number: { decimal: string; group: string; minusSign: string; percentSign: string; percentAfter: string };
};

const OPTIONS: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  date: { dateStyle: "medium" },
  dateLong: { dateStyle: "long" },
  dateTime: { dateStyle: "medium", timeStyle: "short" },
  time: { timeStyle: "short" },
};
const STYLES = Object.keys(OPTIONS) as DateStyle[];

/** Derives a language's patterns from this runtime's Intl. Call on the server (complete ICU). */
export function deriveDateLocaleData(locale: string): DateLocaleData {
  const patterns = {} as Record<DateStyle, Token[]>;
  const months = {} as Record<DateStyle, string[]>;
  for (const style of STYLES) {
    const fmt = new Intl.DateTimeFormat(locale, { ...OPTIONS[style], timeZone: "UTC" });
    const parts = (ms: number) => fmt.formatToParts(ms);
    // 23 January 2026, 15:45 — and 3 January, 03:05 to see padding.
    const sample = parts(Date.UTC(2026, 0, 23, 15, 45));
    const early = parts(Date.UTC(2026, 0, 3, 3, 5));
    const valueOf = (ps: Intl.DateTimeFormatPart[], type: string) => ps.find((p) => p.type === type)?.value ?? "";
    const monthNumeric = /^\d+$/.test(valueOf(sample, "month"));
    patterns[style] = sample.flatMap((p): Token[] => {
      switch (p.type) {
        case "year":
          // The calendar's year for 2026: Thai's default Buddhist calendar counts 2569.
          return [{ t: "year", twoDigit: p.value.length === 2, offset: p.value.length === 2 ? 0 : Number(p.value) - 2026 }];
        case "month":
          return [{ t: "month", numeric: monthNumeric, pad: valueOf(early, "month").length === 2 && monthNumeric }];
        case "day":
          return [{ t: "day", pad: valueOf(early, "day") === "03" }];
        case "hour":
          return [{ t: "hour", h12: sample.some((x) => x.type === "dayPeriod"), pad: valueOf(early, "hour") === "03" }];
        case "minute":
          return [{ t: "minute" }];
        case "dayPeriod":
          return [{ t: "dayPeriod" }];
        default:
          // V8's format() writes U+202F (ICU's narrow no-break space before AM/PM) as a plain space;
          // formatToParts() does not. Match format(), which is what pages have always shown.
          return [{ t: "lit", v: p.value.replace(/\u202f/g, " ") }];
      }
    });
    months[style] =
      monthNumeric || !sample.some((p) => p.type === "month")
        ? []
        : Array.from({ length: 12 }, (_, m) => valueOf(parts(Date.UTC(2026, m, 23, 15, 45)), "month"));
  }
  const periods = new Intl.DateTimeFormat(locale, { hour: "numeric", hourCycle: "h12", timeZone: "UTC" });
  const period = (ms: number) => periods.formatToParts(ms).find((p) => p.type === "dayPeriod")?.value ?? "";
  const numParts = new Intl.NumberFormat(locale).formatToParts(-12345.6);
  const pctParts = new Intl.NumberFormat(locale, { style: "percent" }).formatToParts(0.5);
  const pctIndex = pctParts.findIndex((p) => p.type === "percentSign");
  return {
    locale,
    patterns,
    months,
    dayPeriods: [period(Date.UTC(2026, 0, 1, 3)), period(Date.UTC(2026, 0, 1, 15))],
    number: {
      decimal: numParts.find((p) => p.type === "decimal")?.value ?? ".",
      group: numParts.find((p) => p.type === "group")?.value ?? ",",
      minusSign: numParts.find((p) => p.type === "minusSign")?.value ?? "-",
      percentSign: pctParts[pctIndex]?.value ?? "%",
      // Text between the number and the sign (a no-break space in some languages), when the sign follows.
      percentAfter:
        pctIndex > 0
          ? pctParts
              .slice(1, pctIndex)
              .map((p) => p.value)
              .join("")
          : "",
    },
  };
}

// ── Which data a language uses ──────────────────────────────────────────────────────────────

const registered = new Map<string, DateLocaleData>();
const derived = new Map<string, DateLocaleData>();

/** In the browser: the server's data for the page's language (from the root loader). */
export function registerDateLocaleData(data: DateLocaleData | undefined | null) {
  if (data && registered.get(data.locale) !== data) registered.set(data.locale, data);
}

/** The server's data when registered (browser), else derived from this runtime's Intl (server). */
export function localeData(locale: string): DateLocaleData {
  const known = registered.get(locale) ?? derived.get(locale);
  if (known) return known;
  const data = deriveDateLocaleData(locale);
  derived.set(locale, data);
  return data;
}

// ── Wall clock in a time zone ───────────────────────────────────────────────────────────────

const wallClocks = new Map<string, Intl.DateTimeFormat>();

/** The calendar date and clock time of an instant in an IANA time zone. */
export function wallClock(ms: number, timeZone: string) {
  let fmt = wallClocks.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      hourCycle: "h23",
    });
    wallClocks.set(timeZone, fmt);
  }
  const parts = fmt.formatToParts(ms);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: n("year"), month: n("month"), day: n("day"), hour: n("hour") % 24, minute: n("minute") };
}

/** The zone's offset from UTC at an instant, in minutes (e.g. 420 for UTC+7). */
export function offsetMinutes(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  return Math.round((Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) - Math.floor(ms / 60_000) * 60_000) / 60_000);
}

/** One label for a zone everywhere: its main city and offset, e.g. "Vientiane (UTC+07:00)". */
export function zoneLabel(timeZone: string, ms = Date.now()): string {
  const off = offsetMinutes(ms, timeZone);
  const sign = off < 0 ? "−" : "+";
  const abs = Math.abs(off);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  const city = timeZone === "UTC" ? "UTC" : (timeZone.split("/").at(-1) ?? timeZone).replace(/_/g, " ");
  return timeZone === "UTC" ? "UTC" : `${city} (UTC${sign}${hhmm})`;
}

// ── Formatting ──────────────────────────────────────────────────────────────────────────────

const pad2 = (n: number) => String(n).padStart(2, "0");

function fill(data: DateLocaleData, style: DateStyle, f: { year: number; month: number; day: number; hour: number; minute: number }): string {
  let out = "";
  for (const tok of data.patterns[style]) {
    switch (tok.t) {
      case "lit":
        out += tok.v;
        break;
      case "year":
        out += tok.twoDigit ? pad2(f.year % 100) : String(f.year + (tok.offset || 0));
        break;
      case "month":
        out += tok.numeric ? (tok.pad ? pad2(f.month) : String(f.month)) : (data.months[style][f.month - 1] ?? String(f.month));
        break;
      case "day":
        out += tok.pad ? pad2(f.day) : String(f.day);
        break;
      case "hour": {
        const h = tok.h12 ? f.hour % 12 || 12 : f.hour;
        out += tok.pad ? pad2(h) : String(h);
        break;
      }
      case "minute":
        out += pad2(f.minute);
        break;
      case "dayPeriod":
        out += data.dayPeriods[f.hour < 12 ? 0 : 1];
        break;
    }
  }
  return out;
}

/** An instant (ms) in a language and time zone: "7 ທັນວາ 2026, 09:00" whichever side renders it. */
export function formatInstant(ms: number, style: DateStyle, locale: string, timeZone: string): string {
  return fill(localeData(locale), style, wallClock(ms, timeZone));
}

/** A calendar day 'YYYY-MM-DD' (no time zone: a workshop's dates) in a language. */
export function formatDay(day: string, locale: string, style: "date" | "dateLong" = "date"): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  return fill(localeData(locale), style, { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: 0, minute: 0 });
}

/** A number with the language's separators (Latin digits, as CLDR uses for lo, vi, th, km). */
export function formatNumber(n: number, locale: string, maximumFractionDigits = 0): string {
  const { decimal, group, minusSign } = localeData(locale).number;
  const fixed = Math.abs(n)
    .toFixed(maximumFractionDigits)
    .replace(/\.?0+$/, (z) => (z.startsWith(".") || maximumFractionDigits > 0 ? "" : z));
  const [int = "0", frac] = fixed.split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return `${n < 0 ? minusSign : ""}${grouped}${frac ? decimal + frac : ""}`;
}

/** Drop-in for `new Intl.DateTimeFormat(locale, …)` in components: `.format(ms)` with this module's data. */
export function dateFormat(locale: string, style: DateStyle, timeZone: string) {
  return { format: (when: number | Date) => formatInstant(+when, style, locale, timeZone) };
}

/** Drop-in for `new Intl.NumberFormat(locale, { maximumFractionDigits })`. */
export function numberFormat(locale: string, maximumFractionDigits = 3) {
  return { format: (n: number) => formatNumber(n, locale, maximumFractionDigits) };
}
