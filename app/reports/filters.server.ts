/**
 * Report filters and scope: who may see which learning records, and the URL query that narrows them.
 * Every report (tables, charts, CSV, xAPI) selects its population with populationWhere().
 */
import { z } from "zod";
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "#db/client";
import { CONSTITUENT_GROUPS, SEXES, cohorts, cohortTrainers, type User } from "#db/schema";
import { getCatalog } from "#app/content/content.server";
import { isIsoDate } from "#app/forms.server";

/** Admins see every record; a trainer only the participants of cohorts they lead or co-train. */
export type ReportScope = { kind: "all" } | { kind: "cohorts"; cohortIds: string[] };

export type ReportFilters = {
  /**
   * Enrolment (or cohort joining) period, inclusive: calendar quarters 'YYYY-Qn' (UTC). Never days:
   * two reports a day apart could be subtracted to single out one learner (ADR 0011).
   */
  from: string | null;
  to: string | null;
  course: string | null;
  cohort: string | null;
  country: string | null;
  group: (typeof CONSTITUENT_GROUPS)[number] | null;
  sex: (typeof SEXES)[number] | null;
};

export const NO_FILTERS: ReportFilters = { from: null, to: null, course: null, cohort: null, country: null, group: null, sex: null };

/** Trainers and admins may open reports; what they see is limited by scopeFor. */
export function scopeFor(db: Db, user: Pick<User, "id" | "role">): ReportScope {
  if (user.role === "admin") return { kind: "all" };
  const ids = db
    .select({ id: cohortTrainers.cohortId })
    .from(cohortTrainers)
    .where(eq(cohortTrainers.userId, user.id))
    .all()
    .map((r) => r.id);
  return { kind: "cohorts", cohortIds: ids };
}

/** The cohorts a scope may filter by, newest first. */
export function scopeCohorts(db: Db, scope: ReportScope, courseSlug: string | null = null) {
  const where = and(
    scope.kind === "cohorts" ? inArray(cohorts.id, scope.cohortIds.length ? scope.cohortIds : [""]) : undefined,
    courseSlug ? eq(cohorts.courseSlug, courseSlug) : undefined,
  );
  return db
    .select({ id: cohorts.id, title: cohorts.title, courseSlug: cohorts.courseSlug, startsOn: cohorts.startsOn })
    .from(cohorts)
    .where(where)
    .orderBy(desc(cohorts.startsOn))
    .all();
}

/** Countries learners in scope have given, for the country filter. */
export function scopeCountries(db: Db, scope: ReportScope): string[] {
  const base = "select distinct lr.country from learning_records lr where lr.country <> ''";
  const rows =
    scope.kind === "all"
      ? (db.$client.prepare(`select distinct country from users where country <> '' order by country`).pluck().all() as string[])
      : scope.cohortIds.length
        ? (db.$client
            .prepare(`${base} and lr.cohort_id in (${scope.cohortIds.map(() => "?").join(",")}) order by 1`)
            .pluck()
            .all(...scope.cohortIds) as string[])
        : [];
  return rows;
}

const QUARTER = /^(\d{4})-Q([1-4])$/;
const optional = (schema: z.ZodType<string>) => z.preprocess((v) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined), schema.optional());

/**
 * A period bound as a calendar quarter 'YYYY-Qn' (1970 or later). A day ('YYYY-MM-DD', from links
 * made before periods were quarters) is read as the quarter that holds it. Null if neither.
 */
export function toQuarter(input: string): string | null {
  const s = input.toUpperCase();
  const q = QUARTER.exec(s);
  if (q) return Number(q[1]) >= 1970 ? s : null;
  if (isIsoDate(s) && Number(s.slice(0, 4)) >= 1970) return `${s.slice(0, 4)}-Q${Math.ceil(Number(s.slice(5, 7)) / 3)}`;
  return null;
}

/** First instant (UTC) of a quarter 'YYYY-Qn'; `after` gives the first instant of the next one. */
export function quarterStart(quarter: string, after = false): number {
  const year = Number(quarter.slice(0, 4));
  const q = Number(quarter.slice(6)) - 1 + (after ? 1 : 0);
  return Date.UTC(year, q * 3, 1);
}

/** The quarter holding an instant. */
export const quarterOf = (ms: number) => toQuarter(new Date(ms).toISOString().slice(0, 10))!;

/** The quarters a scope's report can be filtered by, newest first: from its first enrolment to now. */
export function scopeQuarters(db: Db, scope: ReportScope, now = Date.now()): string[] {
  const where = populationWhere(scope, NO_FILTERS);
  const first =
    (db.$client
      .prepare(`select min(lr.enrolled_at) from learning_records lr where ${where.sql}`)
      .pluck()
      .get(...where.params) as number | null) ?? now;
  const out: string[] = [];
  for (let q = quarterOf(Math.min(first, now)), last = quarterOf(now); out.length < 80; q = quarterOf(quarterStart(q, true))) {
    out.push(q);
    if (q === last) break;
  }
  return out.reverse();
}

const period = z
  .string()
  .max(20)
  .transform((s, ctx) => toQuarter(s) ?? (ctx.addIssue({ code: "custom", message: "reports.errors.date" }), z.NEVER));

const FilterSchema = z.object({
  from: optional(period),
  to: optional(period),
  course: optional(
    z
      .string()
      .max(100)
      .refine((s) => getCatalog().bySlug.has(s), "reports.errors.course"),
  ),
  cohort: optional(z.string().max(100)),
  country: optional(z.string().max(80)),
  group: optional(z.enum(CONSTITUENT_GROUPS, { message: "reports.errors.group" })),
  sex: optional(z.enum(SEXES, { message: "reports.errors.sex" })),
});

export type FilterError = { field: keyof ReportFilters; message: string };

/**
 * Reads filters from a URL query. Anything invalid is dropped from the filters and reported as an
 * error (a translation key), so a bad link shows a message and an unfiltered, never a broken, report.
 */
export function parseFilters(db: Db, scope: ReportScope, params: URLSearchParams): { filters: ReportFilters; errors: FilterError[] } {
  const filters: ReportFilters = { ...NO_FILTERS };
  const errors: FilterError[] = [];
  for (const key of Object.keys(NO_FILTERS) as (keyof ReportFilters)[]) {
    const field = FilterSchema.shape[key].safeParse(params.get(key) ?? undefined);
    if (!field.success)
      errors.push({ field: key, message: field.error.issues[0]?.message.includes(".") ? field.error.issues[0]!.message : "validation.invalid" });
    else if (field.data !== undefined) (filters as Record<string, string | null>)[key] = field.data;
  }
  if (filters.cohort && !scopeCohorts(db, scope).some((c) => c.id === filters.cohort)) {
    errors.push({ field: "cohort", message: "reports.errors.cohort" });
    filters.cohort = null;
  }
  if (filters.from && filters.to && filters.from > filters.to) {
    errors.push({ field: "to", message: "reports.errors.range" });
    filters.to = null;
  }
  return { filters, errors };
}

export function filtersToParams(filters: ReportFilters): URLSearchParams {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) p.set(k, v);
  return p;
}

/**
 * The SQL condition (over `lr` = learning_records, which carries copies of sex, constituent group and
 * country) selecting a scope's records that pass the filters, with its parameters.
 */
export function populationWhere(scope: ReportScope, f: ReportFilters): { sql: string; params: (string | number)[] } {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  if (scope.kind === "cohorts") {
    if (!scope.cohortIds.length) return { sql: "0", params: [] };
    parts.push(`lr.cohort_id in (${scope.cohortIds.map(() => "?").join(",")})`);
    params.push(...scope.cohortIds);
  }
  // Whole quarters whatever the caller passed (a day is read as its quarter; see toQuarter).
  const from = f.from && toQuarter(f.from);
  const to = f.to && toQuarter(f.to);
  if (from) {
    parts.push("lr.enrolled_at >= ?");
    params.push(quarterStart(from));
  }
  if (to) {
    parts.push("lr.enrolled_at < ?");
    params.push(quarterStart(to, true));
  }
  if (f.course) {
    parts.push("lr.course_slug = ?");
    params.push(f.course);
  }
  if (f.cohort) {
    parts.push("lr.cohort_id = ?");
    params.push(f.cohort);
  }
  if (f.country) {
    parts.push("lr.country = ? collate nocase");
    params.push(f.country);
  }
  if (f.group) {
    parts.push("lr.constituent_group = ?");
    params.push(f.group);
  }
  if (f.sex) {
    parts.push("lr.sex = ?");
    params.push(f.sex);
  }
  return { sql: parts.length ? parts.join(" and ") : "1", params };
}
