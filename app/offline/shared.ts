/** Names the service worker and the page script share (docs/decisions/0018). No server code. */
export const PAGES_CACHE = "shp-offline-pages";
export const ASSETS_CACHE = "shp-offline-assets";
/** IndexedDB (idb-keyval) keys of posts waiting to be sent. */
export const QUEUE_PREFIX = "queue:";
/** Sent by the page script when it replays a queued post: the service worker lets it through as is. */
export const REPLAY_HEADER = "X-SHP-Replay";

export type QueuedPost = {
  /** The client attempt id, also the queue key. */
  id: string;
  /** The page the form was posted to. */
  url: string;
  /** The form, urlencoded, with its clientAttemptId. */
  body: string;
  kind: "answers" | "complete";
  queuedAt: number;
  status: "waiting" | "sent";
  /** Where the server's answer led (the graded result). */
  resultUrl?: string;
};
