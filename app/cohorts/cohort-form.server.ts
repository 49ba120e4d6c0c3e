import { getCatalog } from "#app/content/content.server";
import { zoneLabel } from "#app/i18n/datetime";
import { pick } from "#app/content/locales";
import type { Db } from "#db/client";
import { parseForm, type FieldErrors } from "#app/forms.server";
import { CohortSchema, resolveCoTrainers, type CohortInput } from "./cohorts.server";

export function courseOptions(locale: string) {
  return getCatalog().courses.map((c) => ({ slug: c.slug, title: pick(c.title, locale).text }));
}

/** Time zones where workshops are held (the region, then Geneva and UTC), labelled "City (UTC+07:00)". */
const WORKSHOP_TIME_ZONES = [
  "Asia/Vientiane",
  "Asia/Bangkok",
  "Asia/Ho_Chi_Minh",
  "Asia/Phnom_Penh",
  "Asia/Yangon",
  "Asia/Jakarta",
  "Asia/Makassar",
  "Asia/Kuala_Lumpur",
  "Asia/Singapore",
  "Asia/Manila",
  "Asia/Shanghai",
  "Asia/Ulaanbaatar",
  "Asia/Tokyo",
  "Asia/Dhaka",
  "Asia/Kathmandu",
  "Asia/Kolkata",
  "Asia/Colombo",
  "Asia/Karachi",
  "Asia/Dili",
  "Pacific/Port_Moresby",
  "Pacific/Fiji",
  "Europe/Zurich",
  "UTC",
];

/** Options for the cohort form's time zone (the current value kept even when not in the list). */
export function timeZoneOptions(current: string | undefined) {
  const zones = current && !WORKSHOP_TIME_ZONES.includes(current) ? [current, ...WORKSHOP_TIME_ZONES] : WORKSHOP_TIME_ZONES;
  return zones.map((tz) => ({ value: tz, label: zoneLabel(tz) }));
}

/** Validates the cohort form, including that the course exists and co-trainers are trainer accounts. */
export function parseCohortForm(
  db: Db,
  form: FormData,
): { ok: true; data: CohortInput; coTrainerIds: string[] } | { ok: false; errors: FieldErrors; values: Record<string, string> } {
  const parsed = parseForm(form, CohortSchema);
  if (!parsed.ok) return parsed;
  const errors: FieldErrors = {};
  if (!getCatalog().bySlug.has(parsed.data.courseSlug)) errors.courseSlug = { key: "validation.choose" };
  const co = resolveCoTrainers(db, parsed.data.coTrainers);
  if (!co.ok) errors.coTrainers = { key: "cohorts.validation.unknownTrainers", values: { emails: co.unknown.join(", ") } };
  if (Object.keys(errors).length || !co.ok) {
    const values: Record<string, string> = {};
    for (const [k, v] of form) if (typeof v === "string" && !(k in values)) values[k] = v;
    return { ok: false, errors, values };
  }
  return { ok: true, data: parsed.data, coTrainerIds: co.ids };
}
