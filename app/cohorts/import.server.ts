import { randomUUID } from "node:crypto";
import { countryCodeFrom } from "#app/countries/countries.server";
import { and, eq, inArray, lt } from "drizzle-orm";
import Papa from "papaparse";
import { z } from "zod";
import { inTransaction, type Db } from "#db/client";
import {
  auditLog,
  CONSTITUENT_GROUPS,
  cohortInvitations,
  cohortMembers,
  cohorts,
  pendingImports,
  SEXES,
  users,
  type ConstituentGroup,
  type ImportRow,
  type PendingImportRow,
  type Sex,
} from "#db/schema";
import en from "#app/locales/en";
import lo from "#app/locales/lo";
import vi from "#app/locales/vi";
import { toCsv } from "#app/csv.server";
import { enrol } from "#app/learning/progress.server";
import { syncEvaluationRequests } from "#app/evaluation/requests.server";
import { inviteExistingAccount, issueSetPasswordLink, NO_PASSWORD_YET, type SetPasswordLink } from "./invitations.server";

import { CSV_HEADER, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from "./import-format";

export { CSV_HEADER, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS };

/** The columns, in the canonical order; headers are matched case-insensitively, with a few spellings. */
const COLUMNS = {
  name: ["name", "full name"],
  email: ["email", "e-mail", "email address"],
  organisation: ["organisation", "organization"],
  constituentGroup: ["constituent group", "constituent_group", "constituentgroup", "group"],
  sex: ["sex"],
  country: ["country"],
} as const;
type Column = keyof typeof COLUMNS;

/** The UI label of each column (auth.* keys), for the template's headers and to read them back. */
const COLUMN_LABEL_KEYS: Record<Column, "name" | "email" | "organisation" | "constituentGroup" | "sex" | "country"> = {
  name: "name",
  email: "email",
  organisation: "organisation",
  constituentGroup: "constituentGroup",
  sex: "sex",
  country: "country",
};
const LABELLED_LOCALES = { en, lo, vi } as const;

/**
 * A header cell → its column: the English names above, a column's label in English, Lao or
 * Vietnamese, or the template's "english (label)" form.
 */
function columnOf(cell: string): Column | undefined {
  const h = norm(cell);
  const bare = h.replace(/\s*\([^()]*\)$/, "");
  for (const c of Object.keys(COLUMNS) as Column[]) {
    if ((COLUMNS[c] as readonly string[]).includes(h) || (COLUMNS[c] as readonly string[]).includes(bare)) return c;
    for (const l of Object.values(LABELLED_LOCALES)) if (norm(l.auth[COLUMN_LABEL_KEYS[c]]) === h) return c;
  }
  return undefined;
}

/**
 * The empty participants file to download: one header row naming each column in English and, for
 * a Lao or Vietnamese trainer, in their language too ("name (ຊື່ ແລະ ນາມສະກຸນ)"); the parser reads
 * both. UTF-8 with a byte-order mark, so spreadsheet programs keep Lao and Vietnamese intact.
 */
export function participantsTemplate(locale: string): string {
  const labels = LABELLED_LOCALES[locale as keyof typeof LABELLED_LOCALES];
  const header = (Object.keys(COLUMNS) as Column[]).map((c) =>
    !labels || labels === en ? COLUMNS[c][0] : `${COLUMNS[c][0]} (${labels.auth[COLUMN_LABEL_KEYS[c]]})`,
  );
  return toCsv([header]);
}

/** An error about one line of the file (1 = the header line) or the whole file (line 0). */
export type ImportIssue = { line: number; key: string; values?: Record<string, string | number> };

/** A record the parser refused, as it stood in the file, for the "skipped lines" download. */
export type SkippedLine = { line: number; fields: string[]; issues: ImportIssue[] };

export type ParseResult =
  | { ok: true; rows: (ImportRow & { line: number })[] }
  | {
      ok: false;
      issues: ImportIssue[];
      rowCount: number;
      /** Rows without a problem (empty when the problem is the whole file's), to import on their own if the trainer chooses. */
      validRows: (ImportRow & { line: number })[];
      header: string[];
      skipped: SkippedLine[];
    };

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, " ");

// Ids and the labels of the registration form (English, Lao, Vietnamese) accepted for the two coded
// columns. A label two values share in one language (Lao "ອື່ນໆ") keeps its first meaning.
const GROUP_LOOKUP = new Map<string, ConstituentGroup>();
const SEX_LOOKUP = new Map<string, Sex>();
for (const l of [en, lo, vi]) {
  for (const g of CONSTITUENT_GROUPS) {
    GROUP_LOOKUP.set(g, g);
    if (!GROUP_LOOKUP.has(norm(l.auth.groups[g]))) GROUP_LOOKUP.set(norm(l.auth.groups[g]), g);
  }
  for (const s of SEXES) {
    SEX_LOOKUP.set(s, s);
    if (!SEX_LOOKUP.has(norm(l.auth.sexes[s]))) SEX_LOOKUP.set(norm(l.auth.sexes[s]), s);
  }
}
SEX_LOOKUP.set("female", "woman");
SEX_LOOKUP.set("male", "man");

const emailSchema = z.email();

const NO_ROWS = { validRows: [], header: [], skipped: [] };

/**
 * Parses and validates a participants CSV (UTF-8, header row required). Every problem is
 * reported with its line, so the trainer can fix the file in one go. Nothing is written.
 */
export function parseParticipantsCsv(bytes: Uint8Array): ParseResult {
  if (bytes.byteLength === 0) return { ok: false, issues: [{ line: 0, key: "cohorts.import.errors.empty" }], rowCount: 0, ...NO_ROWS };
  if (bytes.byteLength > MAX_IMPORT_BYTES)
    return { ok: false, issues: [{ line: 0, key: "cohorts.import.errors.tooBig", values: { max: MAX_IMPORT_ROWS } }], rowCount: 0, ...NO_ROWS };
  let textContent: string;
  try {
    textContent = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, issues: [{ line: 0, key: "cohorts.import.errors.notUtf8" }], rowCount: 0, ...NO_ROWS };
  }
  textContent = textContent.replace(/^\uFEFF/, "");
  if (textContent.trim() === "") return { ok: false, issues: [{ line: 0, key: "cohorts.import.errors.empty" }], rowCount: 0, ...NO_ROWS };

  const parsed = Papa.parse<string[]>(textContent, { skipEmptyLines: "greedy" });
  const [header, ...body] = parsed.data;
  if (!header) return { ok: false, issues: [{ line: 0, key: "cohorts.import.errors.empty" }], rowCount: 0, ...NO_ROWS };

  // Header → column positions.
  const positions = new Map<Column, number>();
  const unknown: string[] = [];
  header.forEach((h, i) => {
    const col = columnOf(h);
    if (col && !positions.has(col)) positions.set(col, i);
    else unknown.push(h.trim() || `#${i + 1}`);
  });
  const missing = (Object.keys(COLUMNS) as Column[]).filter((c) => !positions.has(c));
  if (missing.length || unknown.length) {
    return {
      ok: false,
      issues: [
        {
          line: 1,
          key: "cohorts.import.errors.columns",
          values: { expected: CSV_HEADER, missing: missing.map((c) => COLUMNS[c][0]).join(", ") || "—", unknown: unknown.join(", ") || "—" },
        },
      ],
      rowCount: body.length,
      ...NO_ROWS,
    };
  }
  if (body.length === 0) return { ok: false, issues: [{ line: 0, key: "cohorts.import.errors.noRows" }], rowCount: 0, ...NO_ROWS };
  if (body.length > MAX_IMPORT_ROWS)
    return {
      ok: false,
      issues: [{ line: 0, key: "cohorts.import.errors.tooMany", values: { max: MAX_IMPORT_ROWS, count: body.length } }],
      rowCount: body.length,
      ...NO_ROWS,
    };

  // The file line where each record starts (a quoted field may span lines).
  const lineOfRow: number[] = [];
  {
    let line = 2 + header.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);
    for (const r of body) {
      lineOfRow.push(line);
      line += 1 + r.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);
    }
  }

  const issues: ImportIssue[] = [];
  const skipped: SkippedLine[] = [];
  const quoteErrorRows = new Set<number>();
  for (const e of parsed.errors) {
    if (e.row !== undefined && e.row > 0) {
      issues.push({ line: lineOfRow[e.row - 1] ?? e.row + 1, key: "cohorts.import.errors.quotes" });
      quoteErrorRows.add(e.row - 1);
    }
  }
  const rows: (ImportRow & { line: number })[] = [];
  const seen = new Map<string, number>();
  const get = (r: string[], c: Column) => (r[positions.get(c)!] ?? "").trim();
  body.forEach((r, i) => {
    const line = lineOfRow[i]!;
    const before = issues.length;
    if (r.length !== header.length) issues.push({ line, key: "cohorts.import.errors.fieldCount", values: { expected: header.length, found: r.length } });
    const name = get(r, "name");
    const email = get(r, "email").toLowerCase();
    const organisation = get(r, "organisation");
    const groupRaw = get(r, "constituentGroup");
    const sexRaw = get(r, "sex");
    const country = get(r, "country");
    if (!name) issues.push({ line, key: "cohorts.import.errors.nameRequired" });
    else if (name.length > 120) issues.push({ line, key: "cohorts.import.errors.tooLong", values: { field: "name", max: 120 } });
    if (!email) issues.push({ line, key: "cohorts.import.errors.emailRequired" });
    else if (email.length > 254 || !emailSchema.safeParse(email).success)
      issues.push({ line, key: "cohorts.import.errors.email", values: { value: email.slice(0, 80) } });
    else if (seen.has(email)) issues.push({ line, key: "cohorts.import.errors.duplicate", values: { email, first: seen.get(email)! } });
    else seen.set(email, line);
    if (organisation.length > 160) issues.push({ line, key: "cohorts.import.errors.tooLong", values: { field: "organisation", max: 160 } });
    // Codes and the names people write ("Laos", "Lao PDR", "ລາວ", "Viet Nam") become one ISO code.
    const countryCode = country === "" ? "" : countryCodeFrom(country);
    if (countryCode === null) issues.push({ line, key: "cohorts.import.errors.country", values: { value: country.slice(0, 60) } });
    const constituentGroup = groupRaw === "" ? "other" : GROUP_LOOKUP.get(norm(groupRaw));
    if (!constituentGroup) issues.push({ line, key: "cohorts.import.errors.group", values: { value: groupRaw.slice(0, 60) } });
    const sex = sexRaw === "" ? "undisclosed" : SEX_LOOKUP.get(norm(sexRaw));
    if (!sex) issues.push({ line, key: "cohorts.import.errors.sex", values: { value: sexRaw.slice(0, 60) } });
    if (issues.length === before && !quoteErrorRows.has(i) && constituentGroup && sex && countryCode !== null)
      rows.push({ line, name, email, organisation, constituentGroup, sex, country: countryCode });
    else skipped.push({ line, fields: r, issues: issues.slice(before) });
  });
  if (issues.length) return { ok: false, issues: issues.sort((a, b) => a.line - b.line), rowCount: body.length, validRows: rows, header, skipped };
  return { ok: true, rows };
}

/**
 * The lines an import skipped, to download and fix: the file's own columns, after the line number
 * and the problem(s) in the trainer's language (`say`).
 */
export function skippedLinesCsv(parsed: { header: string[]; skipped: SkippedLine[] }, say: (issue: ImportIssue) => string): string {
  return toCsv([["line", "problem", ...parsed.header], ...parsed.skipped.map((s) => [s.line, s.issues.map(say).join(" ") || "", ...s.fields])]);
}

/**
 * What the import will do with a row. "invite" is the same whether or not the address has an
 * account (a new account is created and joins; an existing one is invited and joins when its owner
 * accepts), so the preview is no oracle of who has an account. "member", "invited" and "declined"
 * only repeat what the trainer's participants page already shows.
 */
export type PreviewStatus = "invite" | "member" | "invited" | "declined";
export type PreviewRow = ImportRow & { line: number; status: PreviewStatus };

function rowStatuses(db: Db, cohortId: string, emails: string[]): Map<string, PreviewStatus> {
  const out = new Map<string, PreviewStatus>();
  for (let i = 0; i < emails.length; i += 500) {
    const chunk = emails.slice(i, i + 500);
    for (const r of db
      .select({ email: users.email })
      .from(cohortMembers)
      .innerJoin(users, eq(users.id, cohortMembers.userId))
      .where(and(eq(cohortMembers.cohortId, cohortId), inArray(users.email, chunk)))
      .all())
      out.set(r.email, "member");
    for (const r of db
      .select({ email: users.email, status: cohortInvitations.status })
      .from(cohortInvitations)
      .innerJoin(users, eq(users.id, cohortInvitations.userId))
      .where(and(eq(cohortInvitations.cohortId, cohortId), inArray(users.email, chunk)))
      .all())
      if (!out.has(r.email) && r.status !== "accepted") out.set(r.email, r.status === "pending" ? "invited" : "declined");
  }
  return out;
}

/** What an import would do, row by row (read-only). Every "invite" row needs a place. */
export function previewImport(
  db: Db,
  cohortId: string,
  rows: (ImportRow & { line?: number })[],
): { rows: PreviewRow[]; newMembers: number; placesLeft: number | null } {
  const statuses = rowStatuses(
    db,
    cohortId,
    rows.map((r) => r.email),
  );
  const out: PreviewRow[] = rows.map((r, i) => ({ ...r, line: r.line ?? i + 2, status: statuses.get(r.email) ?? "invite" }));
  const cohort = db.select().from(cohorts).where(eq(cohorts.id, cohortId)).get()!;
  const members = db.select({ id: cohortMembers.userId }).from(cohortMembers).where(eq(cohortMembers.cohortId, cohortId)).all().length;
  return {
    rows: out,
    newMembers: out.filter((r) => r.status === "invite").length,
    placesLeft: cohort.capacity === null ? null : Math.max(0, cohort.capacity - members),
  };
}

const PENDING_TTL = 24 * 60 * 60 * 1000;

/**
 * Keeps validated rows server-side between preview and confirm, so confirm imports exactly what
 * the trainer saw, without re-uploading the file (which a browser cannot re-send without JS).
 */
export function storePendingImport(db: Db, cohortId: string, userId: string, rows: PendingImportRow[], now = Date.now()): string {
  return inTransaction(db, (tx) => {
    tx.delete(pendingImports)
      .where(lt(pendingImports.createdAt, now - PENDING_TTL))
      .run();
    const id = randomUUID();
    tx.insert(pendingImports)
      .values({
        id,
        cohortId,
        createdBy: userId,
        rows: rows.map(({ name, email, organisation, constituentGroup, sex, country, line }) => ({
          name,
          email,
          organisation,
          constituentGroup,
          sex,
          country,
          line,
        })),
        createdAt: now,
      })
      .run();
    return id;
  });
}

/** The rows of a pending import of this trainer and cohort (not expired), or null. */
export function pendingImportRows(db: Db, cohortId: string, userId: string, pendingId: string, now = Date.now()): PendingImportRow[] | null {
  const pending = db
    .select()
    .from(pendingImports)
    .where(and(eq(pendingImports.id, pendingId), eq(pendingImports.cohortId, cohortId), eq(pendingImports.createdBy, userId)))
    .get();
  return pending && pending.createdAt >= now - PENDING_TTL ? pending.rows : null;
}

export type ImportOutcome =
  | { ok: true; created: number; invited: number; alreadyMembers: number; unchanged: number; links: SetPasswordLink[] }
  | { ok: false; reason: "not-found" | "full"; placesLeft?: number; needed?: number };

/**
 * Imports a previewed file in ONE transaction. An address without an account gets one, joins the
 * cohort and gets a one-time set-password link (printed for the trainer: it is that person's
 * invitation). An address WITH an account is only invited: its owner is told (notice on /me and an
 * e-mail) and joins when they accept; until then the trainer sees only the typed address and the
 * status. Every "invite" row must fit in the places left, whether or not it has an account (the
 * same rule as the preview, so capacity is no oracle either); accepting checks capacity again.
 */
export function confirmImport(db: Db, actor: { id: string }, cohortId: string, pendingId: string, origin: string, now = Date.now()): ImportOutcome {
  return inTransaction(db, (tx) => {
    const pending = tx
      .select()
      .from(pendingImports)
      .where(and(eq(pendingImports.id, pendingId), eq(pendingImports.cohortId, cohortId), eq(pendingImports.createdBy, actor.id)))
      .get();
    if (!pending || pending.createdAt < now - PENDING_TTL) return { ok: false, reason: "not-found" };
    const cohort = tx.select().from(cohorts).where(eq(cohorts.id, cohortId)).get();
    if (!cohort) return { ok: false, reason: "not-found" };

    const preview = previewImport(tx, cohortId, pending.rows);
    if (preview.placesLeft !== null && preview.newMembers > preview.placesLeft)
      return { ok: false, reason: "full", placesLeft: preview.placesLeft, needed: preview.newMembers };

    let created = 0;
    let invited = 0;
    let alreadyMembers = 0;
    let unchanged = 0;
    const links: SetPasswordLink[] = [];
    for (const { line: _line, ...row } of pending.rows) {
      const user = tx.select().from(users).where(eq(users.email, row.email)).get();
      if (!user) {
        const createdUser = tx
          .insert(users)
          .values({ id: randomUUID(), ...row, passwordHash: NO_PASSWORD_YET, role: "learner", locale: cohort.locale, createdByCohortId: cohortId })
          .returning()
          .get();
        created++;
        tx.insert(cohortMembers).values({ cohortId, userId: createdUser.id, joinedAt: now }).run();
        enrol(tx, createdUser.id, cohort.courseSlug);
        syncEvaluationRequests(tx, now, { userId: createdUser.id, cohortId });
        links.push(issueSetPasswordLink(tx, createdUser, "invitation", origin, now));
        continue;
      }
      const outcome = inviteExistingAccount(tx, actor, cohortId, user, row.email, now);
      if (outcome === "member") alreadyMembers++;
      else if (outcome === "invited") invited++;
      else unchanged++;
    }
    tx.delete(pendingImports).where(eq(pendingImports.id, pendingId)).run();
    tx.insert(auditLog)
      .values({ actorId: actor.id, action: "cohort.import", subject: `cohort:${cohortId}`, detail: { created, invited, alreadyMembers, unchanged } })
      .run();
    return { ok: true, created, invited, alreadyMembers, unchanged, links };
  });
}

/**
 * confirmImport, and (outside production) the new accounts' links on the console. The invited
 * people's e-mails were enqueued in the import's transaction (notify, in inviteExistingAccount).
 */
export function runImport(db: Db, actor: { id: string }, cohortId: string, pendingId: string, origin: string, now = Date.now()): ImportOutcome {
  const out = confirmImport(db, actor, cohortId, pendingId, origin, now);
  if (!out.ok) return out;
  if (process.env.NODE_ENV !== "production") for (const l of out.links) console.log(`set-password link for ${l.email}: ${l.url}`);
  return out;
}
