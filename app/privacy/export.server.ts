/**
 * "Export my data": one zip with everything the platform keeps about a person — data.json (every
 * section), a CSV file per table-like section (UTF-8 with BOM, opens in Excel with Lao intact), and
 * the signed credential file of every valid certificate. Built from the map in personal-data.server.ts,
 * so each domain contributes its own part and none can be left out silently.
 */
import { strToU8, zipSync } from "fflate";
import type { Db } from "#db/client";
import { certificateStatus, certificatesOfUser } from "#app/certificates/certificates.server";
import { signedCredentialFor } from "#app/certificates/present.server";
import { toCsv } from "#app/csv.server";
import { NOT_YET_RECORDED, PERSONAL_DATA, type Row } from "./personal-data.server";

export type PersonalExport = {
  data: {
    format: "shp-campus-personal-data/1";
    exported_at: string;
    sections: Record<string, Row[]>;
    not_exported: Record<string, string>;
    not_yet_recorded: readonly string[];
  };
  /** Certificate code → signed Open Badges credential. */
  credentials: Record<string, unknown>;
};

/**
 * Collects the person's data (read in one snapshot: a single read transaction), then signs the
 * credential of each valid certificate read in it (signing is asynchronous: ADR 0021).
 */
export async function collectPersonalData(db: Db, userId: string, origin: string, now = Date.now()): Promise<PersonalExport> {
  const { exported, valid } = db.$client.transaction(() => {
    const sections: Record<string, Row[]> = {};
    const notExported: Record<string, string> = {};
    for (const [table, entry] of Object.entries(PERSONAL_DATA)) {
      if (typeof entry.export === "function") sections[entry.section] = entry.export({ db, userId, origin });
      else notExported[table] = entry.export.none;
    }
    const valid = certificatesOfUser(db, userId).filter((cert) => certificateStatus(cert) === "valid" && cert.holderName !== "");
    const exported = {
      data: {
        format: "shp-campus-personal-data/1" as const,
        exported_at: new Date(now).toISOString(),
        sections,
        not_exported: notExported,
        not_yet_recorded: NOT_YET_RECORDED,
      },
    };
    return { exported, valid };
  })();
  const credentials: Record<string, unknown> = {};
  for (const cert of valid) credentials[cert.code] = await signedCredentialFor(db, cert, origin);
  return { ...exported, credentials };
}

function cell(v: unknown): string | number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "yes" : "no";
  return JSON.stringify(v);
}

/** A section's rows as CSV: one column per key (in first-seen order). */
export function sectionCsv(rows: Row[]): string {
  const columns: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
  return toCsv([columns, ...rows.map((r) => columns.map((c) => cell(r[c])))]);
}

/** The zip: README.txt, data.json, csv/<section>.csv for every non-empty section, certificates/*.json. */
export function personalDataZip(exported: PersonalExport): Uint8Array {
  const files: Record<string, Uint8Array> = {
    "README.txt": strToU8(
      [
        "SHP Campus: your personal data",
        "",
        "data.json       everything the platform keeps about you, section by section",
        "csv/*.csv       the same sections as spreadsheets (UTF-8)",
        "certificates/   the signed credential (Open Badges 3.0) of each valid certificate",
        "",
        `Exported ${exported.data.exported_at}.`,
        "",
      ].join("\r\n"),
    ),
    "data.json": strToU8(JSON.stringify(exported.data, null, 2)),
  };
  for (const [section, rows] of Object.entries(exported.data.sections)) {
    if (rows.length > 0) files[`csv/${section}.csv`] = strToU8(sectionCsv(rows));
  }
  for (const [code, credential] of Object.entries(exported.credentials)) {
    files[`certificates/certificate-${code}.json`] = strToU8(JSON.stringify(credential, null, 2));
  }
  return zipSync(files, { level: 6, mtime: new Date(exported.data.exported_at) });
}

/** Response headers for the zip download. */
export function zipHeaders(fileName: string, length: number): Record<string, string> {
  return {
    "Content-Type": "application/zip",
    "Content-Disposition": `attachment; filename="${fileName}"`,
    "Content-Length": String(length),
    "Cache-Control": "private, no-store",
  };
}

/**
 * The download, audited: `user.export` on the person, by them or by the administrator who acted on
 * their request. Returns the zip's bytes and a file name.
 */
export async function exportPersonalData(db: Db, args: { userId: string; actorId: string; origin: string; now?: number }) {
  const now = args.now ?? Date.now();
  const zip = personalDataZip(await collectPersonalData(db, args.userId, args.origin, now));
  db.$client
    .prepare("insert into audit_log (actor_id, action, subject, detail, at) values (?, 'user.export', ?, ?, ?)")
    .run(args.actorId, `user:${args.userId}`, JSON.stringify({ bytes: zip.length, by: args.actorId === args.userId ? "self" : "admin" }), now);
  const day = new Date(now).toISOString().slice(0, 10);
  return { zip, fileName: `shp-campus-my-data-${day}.zip` };
}
