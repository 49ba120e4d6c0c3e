import type { UseStore } from "idb-keyval";

/** Names the service worker and the page script share (docs/decisions/0018). No server code. */
export const PAGES_CACHE = "shp-offline-pages";
export const ASSETS_CACHE = "shp-offline-assets";
/** IndexedDB (idb-keyval) keys of posts waiting to be sent. */
export const QUEUE_PREFIX = "queue:";
/** Sent by the page script when it replays a queued post: the service worker lets it through as is. */
export const REPLAY_HEADER = "X-SHP-Replay";

/**
 * Response header naming the signed-in learner by an opaque tag (app/offline/owner.server.ts), or
 * SIGNED_OUT. The device keeps the tag of the learner whose pages it stored under OWNER_KEY.
 */
export const OWNER_HEADER = "X-SHP-Owner";
export const SIGNED_OUT = "-";
export const OWNER_KEY = "owner";

export type QueuedPost = {
  /** The client attempt id, also the queue key. */
  id: string;
  /** The page the form was posted to. */
  url: string;
  /** The form, urlencoded, with its clientAttemptId. */
  body: string;
  kind: "answers" | "complete";
  queuedAt: number;
  /** "refused": the server answered with an error (e.g. the attempt limit was reached meanwhile). */
  status: "waiting" | "sent" | "refused";
  /** The tag of the learner whose device queued it (OWNER_KEY); the server refuses it for anyone else. */
  owner?: string;
  /** Where the server's answer led (the graded result). */
  resultUrl?: string;
};

/** The IndexedDB database (idb-keyval's default names, so queues stored before this change still count). */
export const QUEUE_DB = "keyval-store";
const QUEUE_STORE = "keyval";

/**
 * idb-keyval's store, except that a connection closes itself when someone deletes the database
 * (logout): idb-keyval's own store keeps its connection open for good, which blocks the deletion
 * for as long as the page or the service worker lives.
 */
export function queueStore(): UseStore {
  let db: Promise<IDBDatabase> | null = null;
  const open = () =>
    (db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(QUEUE_DB);
      request.onupgradeneeded = () => request.result.createObjectStore(QUEUE_STORE);
      request.onsuccess = () => {
        const conn = request.result;
        conn.onversionchange = () => {
          conn.close();
          db = null;
        };
        resolve(conn);
      };
      request.onerror = () => {
        db = null;
        reject(request.error);
      };
    }));
  return (mode, callback) => open().then((conn) => callback(conn.transaction(QUEUE_STORE, mode).objectStore(QUEUE_STORE)));
}

/** Deletes the queue's database; resolves when it is gone (or after `ms`, if something still holds it). */
export function deleteQueueDb(ms = 3000): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(QUEUE_DB);
    request.onsuccess = request.onerror = () => resolve();
    setTimeout(resolve, ms);
  });
}
