/**
 * Whose pages a device keeps (docs/decisions/0018). Every response names the signed-in learner by an
 * opaque tag: an HMAC of the user id (never the id), keyed by a key derived from the platform's
 * stored signing key, so it survives restarts and tells nothing to anyone else. The device records
 * the tag when it stores pages; the service worker empties the store and the queue when a response
 * comes back signed out or with another tag (a session that ended without logout, another person).
 */
import { createHash, createHmac } from "node:crypto";
import type { Db } from "#db/client";
import { getSigningKey } from "#app/certificates/credential.server";
import { OWNER_HEADER, SIGNED_OUT } from "./shared";

export { OWNER_HEADER, SIGNED_OUT };

const keys = new WeakMap<Db, Buffer>();

export function ownerTag(db: Db, userId: string): string {
  let key = keys.get(db);
  if (!key) {
    key = createHash("sha256").update("shp-offline-owner\0").update(getSigningKey(db).privateKeyDer).digest();
    keys.set(db, key);
  }
  return createHmac("sha256", key).update(userId).digest("base64url").slice(0, 22);
}
