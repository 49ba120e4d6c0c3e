/**
 * The service worker (docs/decisions/0018), bundled by scripts/build-offline.mjs into
 * build/client/sw.js. It exists only on devices whose learner chose to keep a course offline.
 *
 * - Pages: network first; a page is served from the cache only if the learner stored it, and a
 *   stored page is refreshed whenever it is visited online. Nothing else is ever cached (personal
 *   pages stay `no-store`). Offline, a page not stored gets the stored "not stored" page.
 * - React Router's data requests (`.data`) offline turn into a document load of the same page, which
 *   the rule above serves.
 * - Answers to knowledge checks and module quizzes, and lesson completions, get a client id; offline
 *   they are kept in IndexedDB and the learner gets the "waiting to send" page. The page script
 *   (app/offline/client.ts) sends them when the connection returns. The final assessment is never queued.
 */
import { CacheFirst, NetworkFirst, NetworkOnly, Serwist, StaleWhileRevalidate, type RouteHandlerCallbackOptions, type SerwistPlugin } from "serwist";
import { get, set } from "idb-keyval";
import { emptyDevice, store } from "./device";
import { ASSETS_CACHE, OWNER_HEADER, OWNER_KEY, PAGES_CACHE, QUEUE_PREFIX, REPLAY_HEADER, type QueuedPost } from "./shared";

const NOT_STORED = "/me/offline?notice=not-stored";
const QUEUED = "/me/offline?notice=queued";

type WorkerScope = {
  location: Location;
  addEventListener(type: "message", listener: (event: { data: unknown; ports: readonly MessagePort[]; waitUntil(p: Promise<unknown>): void }) => void): void;
};
const worker = self as unknown as WorkerScope;
const sameOrigin = (url: URL) => url.origin === worker.location.origin;

const storedPagesOnly: SerwistPlugin = {
  cacheWillUpdate: async ({ request, response }) => {
    if (response.status !== 200) return null;
    const cache = await caches.open(PAGES_CACHE);
    return (await cache.match(request.url, { ignoreVary: true, ignoreSearch: false })) ? response : null;
  },
  // Sent to the stored "not stored" page by address, so that the page hydrates as itself.
  handlerDidError: async ({ request }) => {
    const fallback = await caches.match(NOT_STORED, { ignoreVary: true });
    if (!fallback) return Response.error();
    const url = new URL(request.url);
    return url.pathname + url.search === NOT_STORED ? fallback : Response.redirect(new URL(NOT_STORED, worker.location.origin).href, 302);
  },
};

/**
 * The store belongs to the learner who filled it (the tag the page script recorded). A page or data
 * response for someone else, or for nobody (a session that ended without logout), empties it before
 * that response reaches the page: nothing of one person's is shown, or sent, as another's.
 */
const sameOwnerOnly: SerwistPlugin = {
  fetchDidSucceed: async ({ response }) => {
    const tag = response.headers.get(OWNER_HEADER);
    if (tag) {
      const owner = await get<string>(OWNER_KEY, store);
      if (owner && owner !== tag) await emptyDevice();
    }
    return response;
  },
};

/** A React Router data request that cannot reach the server: load the page as a document instead. */
function reloadAsDocument(url: URL): Response {
  const path = url.pathname === "/_root.data" ? "/" : url.pathname.replace(/\.data$/, "");
  const search = new URLSearchParams(url.search);
  search.delete("_routes");
  const query = search.toString();
  return new Response(null, {
    status: 204,
    headers: { "X-Remix-Redirect": query ? `${path}?${query}` : path, "X-Remix-Status": "302", "X-Remix-Reload-Document": "true" },
  });
}

/** Knowledge checks, module quizzes and lesson completion: /courses/<course>/<module>/<lesson or quiz>. */
function isPracticePost(url: URL, request: Request): boolean {
  if (request.method !== "POST" || !sameOrigin(url)) return false;
  const parts = url.pathname.replace(/\.data$/, "").split("/");
  return parts.length === 5 && parts[1] === "courses" && parts[3] !== "assessment";
}

async function practice({ request, url }: RouteHandlerCallbackOptions): Promise<Response> {
  const type = request.headers.get("Content-Type") ?? "";
  if (request.headers.has(REPLAY_HEADER) || !type.startsWith("application/x-www-form-urlencoded")) return fetch(request);
  const params = new URLSearchParams(await request.clone().text());
  if (!params.get("clientAttemptId")) params.set("clientAttemptId", crypto.randomUUID());
  try {
    return await fetch(new Request(request, { body: params }));
  } catch {
    const page = url.pathname.replace(/\.data$/, "");
    const item: QueuedPost = {
      id: params.get("clientAttemptId")!,
      url: page,
      body: params.toString(),
      kind: params.get("intent") === "complete" ? "complete" : "answers",
      queuedAt: Date.now(),
      status: "waiting",
      owner: await get<string>(OWNER_KEY, store),
    };
    await set(`${QUEUE_PREFIX}${item.id}`, item, store);
    if (request.mode === "navigate") return Response.redirect(new URL(QUEUED, worker.location.origin).href, 303);
    return reloadAsDocument(new URL(`${QUEUED.replace("?", ".data?")}`, worker.location.origin));
  }
}

const serwist = new Serwist({
  skipWaiting: true,
  clientsClaim: true,
  disableDevLogs: true,
  runtimeCaching: [
    { matcher: ({ url, request }) => isPracticePost(url, request), method: "POST", handler: practice },
    // Route discovery offline: "nothing new"; the navigation then asks for `.data`, which turns into a document load.
    {
      matcher: ({ url }) => sameOrigin(url) && url.pathname === "/__manifest",
      handler: new NetworkOnly({ plugins: [{ handlerDidError: async () => Response.json({}) }] }),
    },
    {
      matcher: ({ url, request }) => sameOrigin(url) && request.method === "GET" && url.pathname.endsWith(".data"),
      handler: new NetworkOnly({ plugins: [sameOwnerOnly, { handlerDidError: async ({ request }) => reloadAsDocument(new URL(request.url)) }] }),
    },
    {
      matcher: ({ url, request }) => sameOrigin(url) && request.mode === "navigate",
      handler: new NetworkFirst({ cacheName: PAGES_CACHE, matchOptions: { ignoreVary: true }, plugins: [sameOwnerOnly, storedPagesOnly] }),
    },
    {
      matcher: ({ url }) => sameOrigin(url) && url.pathname.startsWith("/assets/"),
      handler: new CacheFirst({ cacheName: ASSETS_CACHE, matchOptions: { ignoreVary: true } }),
    },
    {
      matcher: ({ url }) => sameOrigin(url) && (url.pathname === "/offline-client.js" || url.pathname === "/favicon.svg"),
      handler: new StaleWhileRevalidate({ cacheName: ASSETS_CACHE, matchOptions: { ignoreVary: true } }),
    },
  ],
});
serwist.addEventListeners();

// Logging out also sends Clear-Site-Data; this covers browsers that ignore it.
worker.addEventListener("message", (event) => {
  if ((event.data as { type?: string } | null)?.type !== "clear") return;
  const cleared = emptyDevice().then(() => {
    // The page waits for this answer before it sends the logout.
    event.ports[0]?.postMessage({ type: "cleared" });
  });
  event.waitUntil(cleared);
});
