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
