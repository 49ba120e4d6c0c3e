import { createHash } from "node:crypto";
import { createCredential, createList } from "@digitalbazaar/vc-bitstring-status-list";
import type { Db } from "#db/client";
import { issuerDid, signCredential, statusListUrl } from "./credential.server";
import { STATUS_LIST_SIZE } from "./status-entry.server";

/**
 * The signed BitstringStatusListCredential for one list, built from the certificates table: a
 * position is set when its certificate is revoked or replaced (a replaced certificate's credential
 * names what was corrected or superseded; its successor has its own entry). Derived, so a revocation
 * shows in the next fetch with nothing else to update. ADR 0021.
 *
 * Each signed list is valid for STATUS_LIST_WINDOW_MS from its signing and is signed again when the
 * set of revoked positions changes or when it is older than half its window, so a verifier always
 * gets a list that is valid for at least half a window more.
 */
export const STATUS_LIST_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

type Signed = { revokedKey: string; signedAt: number; credential: Record<string, unknown> };
const signedLists = new WeakMap<Db, Map<string, Signed>>();

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** The positions set in a list, in order. */
export function revokedPositions(db: Db, list: number): number[] {
  return db.$client
    .prepare(
      "select status_index from certificates where status_list = ? and status_index is not null and (revoked_at is not null or replaced_at is not null) order by status_index",
    )
    .pluck()
    .all(list) as number[];
}

/** Whether a list exists (list 1 always does, so the URL answers before the first certificate). */
export function statusListExists(db: Db, list: number): boolean {
  if (!Number.isInteger(list) || list < 1) return false;
  const max = (db.$client.prepare("select coalesce(max(status_list), 1) from certificates").pluck().get() as number) ?? 1;
  return list <= max;
}

/** The signed status list credential, or null for a list that does not exist. */
export async function statusListCredential(db: Db, origin: string, list: number, now = Date.now()) {
  if (!statusListExists(db, list)) return null;
  const positions = revokedPositions(db, list);
  const revokedKey = createHash("sha256").update(positions.join(",")).digest("base64url");
  let perDb = signedLists.get(db);
  if (!perDb) signedLists.set(db, (perDb = new Map()));
  const cacheKey = `${origin}|${list}`;
  const cached = perDb.get(cacheKey);
  if (cached && cached.revokedKey === revokedKey && now - cached.signedAt < STATUS_LIST_WINDOW_MS / 2 && now >= cached.signedAt) {
    return { credential: cached.credential, etag: `"${revokedKey}.${cached.signedAt}"` };
  }
  const bits = await createList({ length: STATUS_LIST_SIZE });
  for (const p of positions) bits.setStatus(p, true);
  const unsigned = await createCredential({ id: statusListUrl(origin, list), list: bits, statusPurpose: "revocation" });
  const credential = await signCredential(
    db,
    { ...unsigned, issuer: issuerDid(origin), validFrom: iso(now), validUntil: iso(now + STATUS_LIST_WINDOW_MS) },
    origin,
    now,
  );
  perDb.set(cacheKey, { revokedKey, signedAt: now, credential });
  return { credential, etag: `"${revokedKey}.${now}"` };
}
