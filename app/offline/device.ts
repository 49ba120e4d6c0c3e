/**
 * The device's offline store, shared by the page script (client.ts) and the service worker (sw.ts):
 * the queue's IndexedDB store and how to empty everything. Runs only in the browser.
 */
import { clear, type UseStore } from "idb-keyval";

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

/** The queue's store (one per bundle: the page script and the worker each open their own connection). */
export const store = queueStore();

/** Deletes every cache of this site: stored pages, their assets, the worker's precache. */
export async function deleteCaches(): Promise<void> {
  await Promise.all((await caches.keys()).map((k) => caches.delete(k)));
}

/** Empties the device: every cache, and the queue of answers (the owner's tag with it). */
export async function emptyDevice(): Promise<void> {
  await Promise.all([deleteCaches(), clear(store)]);
}
