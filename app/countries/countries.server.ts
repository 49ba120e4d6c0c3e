import type { Database as BetterSqliteDatabase } from "better-sqlite3";
/**
 * Countries as ISO 3166-1 alpha-2 codes ("LA", "VN"), named in the page's language by the server's
 * ICU (Node carries full CLDR data, Lao included; many phones' browsers do not, so the browser only
 * ever gets the server's strings). Free text became codes so that "Lao PDR", "Laos" and "ລາວ" are
 * one country in reports (docs/decisions/0014-countries-as-iso-codes.md).
 */

/** Every officially assigned ISO 3166-1 alpha-2 code. */
export const COUNTRY_CODES = (
  "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
  "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR " +
  "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP " +
  "KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT " +
  "MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW " +
  "SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG " +
  "UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"
).split(" ");
const CODE_SET = new Set(COUNTRY_CODES);

/** The countries the platform serves first: listed at the top of the select. */
export const FIRST_COUNTRIES = ["LA", "VN", "KH", "TH"];

export function isCountryCode(value: string): boolean {
  return CODE_SET.has(value);
}

const displayNames = new Map<string, Intl.DisplayNames>();
function namesIn(locale: string) {
  let d = displayNames.get(locale);
  if (!d) {
    d = new Intl.DisplayNames([locale, "en"], { type: "region", fallback: "code" });
    displayNames.set(locale, d);
  }
  return d;
}

/**
 * A country's name in the page's language. A value that is not a code (a free-text country the
 * migration could not map) is shown as it was typed.
 */
export function countryName(value: string, locale: string): string {
  if (!value) return "";
  return isCountryCode(value) ? (namesIn(locale).of(value) ?? value) : value;
}

export type CountryOption = { value: string; label: string };

/** Options for a country select: the region's countries first, then all others by name in the page's language. */
export function countryOptions(locale: string): CountryOption[] {
  const collator = new Intl.Collator([locale, "en"]);
  const first = FIRST_COUNTRIES.map((c) => ({ value: c, label: countryName(c, locale) }));
  const rest = COUNTRY_CODES.filter((c) => !FIRST_COUNTRIES.includes(c))
    .map((c) => ({ value: c, label: countryName(c, locale) }))
    .sort((a, b) => collator.compare(a.label, b.label));
  return [...first, ...rest];
}

/** Names written in lists and by people that CLDR does not give, mapped to their code. */
const ALIASES: Record<string, string> = {
  "lao pdr": "LA",
  "lao p.d.r.": "LA",
  "lao p.d.r": "LA",
  lao: "LA",
  "lao people's democratic republic": "LA",
  "lao peoples democratic republic": "LA",
  "ສປປ ລາວ": "LA",
  "ສ.ປ.ປ ລາວ": "LA",
  ສປປລາວ: "LA",
  ປະເທດລາວ: "LA",
  "viet nam": "VN",
  "socialist republic of viet nam": "VN",
  "socialist republic of vietnam": "VN",
  "cộng hòa xã hội chủ nghĩa việt nam": "VN",
  kampuchea: "KH",
  "kingdom of cambodia": "KH",
  "kingdom of thailand": "TH",
  siam: "TH",
  burma: "MM",
  "timor leste": "TL",
  "east timor": "TL",
  "south korea": "KR",
  "republic of korea": "KR",
  "north korea": "KP",
  uk: "GB",
  "great britain": "GB",
  usa: "US",
  "united states of america": "US",
  "the philippines": "PH",
  "people's republic of china": "CN",
  prc: "CN",
};

/** How names are compared: NFC, case, dots, hyphens, apostrophes and runs of spaces do not matter. */
export function foldCountry(s: string): string {
  return s
    .normalize("NFC")
    .toLowerCase()
    .replace(/[’'`.,()-]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

const NAME_LOCALES = ["en", "lo", "vi", "km", "th", "fr"];
let byName: Map<string, string> | null = null;
function nameIndex() {
  if (byName) return byName;
  const m = new Map<string, string>();
  for (const [alias, code] of Object.entries(ALIASES)) m.set(foldCountry(alias), code);
  for (const locale of NAME_LOCALES) {
    const d = new Intl.DisplayNames([locale], { type: "region", fallback: "none" });
    for (const code of COUNTRY_CODES) {
      const name = d.of(code);
      if (name && !m.has(foldCountry(name))) m.set(foldCountry(name), code);
    }
  }
  byName = m;
  return m;
}

/**
 * The code of a country as a person or a spreadsheet writes it: a code ("LA", "la") or a name in
 * English, Lao, Vietnamese, Khmer, Thai or French, or a common alias ("Lao PDR", "Viet Nam", "ສປປ ລາວ").
 * Returns null when it cannot tell.
 */
export function countryCodeFrom(input: string): string | null {
  const s = input.normalize("NFC").trim();
  if (!s) return null;
  if (/^[a-z]{2}$/i.test(s) && isCountryCode(s.toUpperCase())) return s.toUpperCase();
  return nameIndex().get(foldCountry(s)) ?? null;
}

/** Every name countryCodeFrom knows, folded, with its code: for the data migration's SQL. */
export function countryNameTable(): [string, string][] {
  return [...nameIndex().entries()];
}

type SqliteHandle = { $client: BetterSqliteDatabase };

export type CountryCleanup = { mapped: { from: string; code: string; people: number }[]; unmapped: { value: string; people: number }[] };

/**
 * Maps the free-text countries still in the database (the migration maps the common spellings in
 * SQL; this also reads case and spacing variants) to codes, in users and learning_records together,
 * in one transaction. Returns what it mapped and what it could not, which stays as typed.
 */
export function mapRemainingCountries(db: SqliteHandle, opts: { dryRun?: boolean } = {}): CountryCleanup {
  const sqlite = db.$client;
  const values = sqlite.prepare("select country as value, count(*) as people from users where country <> '' group by country").all() as {
    value: string;
    people: number;
  }[];
  const lrValues = sqlite.prepare("select distinct country from learning_records where country <> ''").pluck().all() as string[];
  const people = new Map(values.map((v) => [v.value, v.people]));
  const out: CountryCleanup = { mapped: [], unmapped: [] };
  for (const value of new Set([...people.keys(), ...lrValues])) {
    if (isCountryCode(value)) continue;
    const code = countryCodeFrom(value);
    if (code) out.mapped.push({ from: value, code, people: people.get(value) ?? 0 });
    else out.unmapped.push({ value, people: people.get(value) ?? 0 });
  }
  if (!opts.dryRun && out.mapped.length) {
    const u = sqlite.prepare("update users set country = ? where country = ?");
    const l = sqlite.prepare("update learning_records set country = ? where country = ?");
    sqlite
      .transaction(() => {
        for (const m of out.mapped) {
          u.run(m.code, m.from);
          l.run(m.code, m.from);
        }
      })
      .immediate();
  }
  out.unmapped.sort((a, b) => b.people - a.people);
  return out;
}
