import { randomInt } from "node:crypto";
import { eq } from "drizzle-orm";
import { inTransaction, type Db } from "#db/client";
import { certificates, type Certificate } from "#db/schema";

/**
 * Where a certificate's credential sits in the platform's revocation lists (W3C Bitstring Status
 * List, ADR 0021): a list number and a random position, unique per list. Random, so that a
 * position says nothing about when the certificate was issued or who else was issued one then.
 */

/** Positions per list: the specification's minimum for herd privacy (16 KB uncompressed). */
export const STATUS_LIST_SIZE = 131_072;
/** A list takes new entries until three quarters full; random picks stay quick up to there. */
const FILL_LIMIT = Math.floor(STATUS_LIST_SIZE * 0.75);

export type StatusEntry = { list: number; index: number };

/** Picks a free random position in the newest list that is not yet full. Call inside a transaction. */
export function allocateStatusEntry(tx: Db): StatusEntry {
  const c = tx.$client;
  let list = (c.prepare("select coalesce(max(status_list), 1) from certificates").pluck().get() as number) ?? 1;
  const used = c.prepare("select count(*) from certificates where status_list = ?").pluck().get(list) as number;
  if (used >= FILL_LIMIT) list += 1;
  const taken = c.prepare("select 1 from certificates where status_list = ? and status_index = ?").pluck();
  for (let i = 0; i < 100; i++) {
    const index = randomInt(STATUS_LIST_SIZE);
    if (!taken.get(list, index)) return { list, index };
  }
  throw new Error("could not allocate a status list position");
}

/**
 * The certificate's status entry; a certificate issued before status lists existed gets one now
 * (once: the position is stored with the certificate and never changes).
 */
export function ensureStatusEntry(db: Db, cert: Pick<Certificate, "id" | "statusList" | "statusIndex">): StatusEntry {
  if (cert.statusList !== null && cert.statusIndex !== null) return { list: cert.statusList, index: cert.statusIndex };
  return inTransaction(db, (tx) => {
    const row = tx.select({ list: certificates.statusList, index: certificates.statusIndex }).from(certificates).where(eq(certificates.id, cert.id)).get();
    if (row && row.list !== null && row.index !== null) return { list: row.list, index: row.index };
    const entry = allocateStatusEntry(tx);
    tx.update(certificates).set({ statusList: entry.list, statusIndex: entry.index }).where(eq(certificates.id, cert.id)).run();
    return entry;
  });
}
