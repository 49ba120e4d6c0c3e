/**
 * The device script (docs/decisions/0018), bundled by scripts/build-offline.mjs into
 * build/client/offline-client.js and loaded only for learners who chose to keep a course offline
 * (so Lite mode stays script-free otherwise). It registers the service worker, stores the pages
 * /me/offline asks for, forgets removed ones, and sends answers kept on the device when the
 * connection returns: on every page load and on the `online` event (not Background Sync, which
 * Safari and Firefox lack).
 */
import { del, entries, set } from "idb-keyval";
import { deleteCaches, deleteQueueDb, emptyDevice, store } from "./device";
import { ASSETS_CACHE, OWNER_HEADER, OWNER_KEY, PAGES_CACHE, QUEUE_PREFIX, REPLAY_HEADER, SIGNED_OUT, type QueuedPost } from "./shared";

/** From /me/offline: the pages to store, or (after a removal) the pages still needed. */
type Plan = { download: string[] | null; keep: string[] | null };
type Labels = Record<"downloading" | "ready" | "failed" | "waiting" | "sent" | "refused" | "seeResult", string>;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function storeCourse(pages: string[], status: HTMLElement, labels: Labels) {
  status.textContent = labels.downloading;
  const pageCache = await caches.open(PAGES_CACHE);
  const assetCache = await caches.open(ASSETS_CACHE);
  const assets = new Set(["/offline-client.js", "/favicon.svg"]);
  let stored = 0;
  for (const page of pages) {
    const res = await fetch(page, { headers: { "X-SHP-Offline": "download", Accept: "text/html" }, credentials: "same-origin" });
    // A module not yet open in the learner's workshop answers with an error page: not stored.
    if (!res.ok || res.redirected) continue;
    // Whose pages these are: the service worker empties the store when someone else's answer comes.
    const owner = res.headers.get(OWNER_HEADER);
    if (owner && owner !== SIGNED_OUT) await set(OWNER_KEY, owner, store);
    const html = await res.clone().text();
    await pageCache.put(page, res);
    stored++;
    for (const m of html.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)) assets.add(m[1]!);
  }
  for (const css of [...assets].filter((a) => a.endsWith(".css"))) {
    const text = await (await fetch(css)).text();
    for (const m of text.matchAll(/url\(\s*["']?([^)"']+\.woff2)/g)) assets.add(new URL(m[1]!, new URL(css, location.href)).pathname);
  }
  for (const asset of assets) {
    if (await assetCache.match(asset, { ignoreVary: true })) continue;
    const res = await fetch(asset);
    if (res.ok) await assetCache.put(asset, res);
  }
  status.innerHTML = `<span data-offline-ready="true">${escapeHtml(labels.ready.replace("{{count}}", String(stored)))}</span>`;
}

/** After a removal: forgets every stored page that nothing still stored needs (modules share the outline). */
async function forgetUnneeded(keep: string[]) {
  const needed = new Set(keep);
  const cache = await caches.open(PAGES_CACHE);
  for (const request of await cache.keys()) {
    const url = new URL(request.url);
    if (!needed.has(url.pathname + url.search)) await cache.delete(request);
  }
}

async function queued(): Promise<[string, QueuedPost][]> {
  return (await entries<string, QueuedPost>(store)).filter(([k]) => String(k).startsWith(QUEUE_PREFIX));
}

/**
 * After a module quiz answered offline is sent, its stored page is fetched again: the next offline
 * attempt then answers a fresh draw (the server would otherwise grade it on the questions shown).
 */
async function refreshStored(page: string) {
  const cache = await caches.open(PAGES_CACHE);
  if (!page.endsWith("/quiz") || !(await cache.match(page, { ignoreVary: true }))) return;
  const res = await fetch(page, { headers: { "X-SHP-Offline": "download", Accept: "text/html" }, credentials: "same-origin" });
  if (res.ok && !res.redirected) await cache.put(page, res);
}

let sending: Promise<boolean> | null = null;
/**
 * Sends every waiting post once; the server is idempotent on the client id, so a repeat is harmless.
 * Resolves false when the network failed (to try again later).
 */
function sendWaiting(): Promise<boolean> {
  sending ??= (async () => {
    for (const [key, item] of await queued()) {
      if (item.status !== "waiting" || !navigator.onLine) continue;
      try {
        // A completion needs the lesson visit the learner made offline: open the page first.
        if (item.kind === "complete") await fetch(item.url, { credentials: "same-origin", headers: { Accept: "text/html" } });
        const res = await fetch(item.url, {
          method: "POST",
          body: new URLSearchParams(item.body),
          credentials: "same-origin",
          // The server answers 409 when the person signed in now is not the one who answered.
          headers: { [REPLAY_HEADER]: "1", ...(item.owner ? { [OWNER_HEADER]: item.owner } : {}) },
        });
        if (res.status === 409) {
          await emptyDevice();
          return true;
        }
        const to = new URL(res.url);
        const status = res.ok ? "sent" : "refused";
        await set(key, { ...item, status, resultUrl: to.pathname + to.search } satisfies QueuedPost, store);
        await refreshStored(item.url);
      } catch {
        return false; // still offline: try again later, on the next load or on the `online` event
      }
    }
    return true;
  })().finally(() => {
    sending = null;
  });
  return sending;
}

async function showQueue(labels: Labels) {
  const section = document.getElementById("offline-queue");
  const list = section?.querySelector("ul");
  if (!section || !list) return;
  const items = (await queued()).map(([, i]) => i).sort((a, b) => b.queuedAt - a.queuedAt);
  section.hidden = items.length === 0;
  list.innerHTML = items
    .map((i) => {
      const state = labels[i.status];
      const link = i.status !== "waiting" && i.resultUrl ? ` · <a href="${escapeHtml(i.resultUrl)}">${escapeHtml(labels.seeResult)}</a>` : "";
      return `<li data-queue-status="${i.status}"><span>${escapeHtml(state)}</span> · ${escapeHtml(decodeURIComponent(i.url))}${link}</li>`;
    })
    .join("");
}

async function main() {
  if (!("serviceWorker" in navigator) || !("caches" in window)) return;
  emptyOnLogout();
  await navigator.serviceWorker.register("/sw.js", { scope: "/" });
  void navigator.storage?.persist?.();
  const status = document.getElementById("offline-status");
  const plan: Plan = status ? JSON.parse(status.dataset.offlinePlan ?? "{}") : { download: null, keep: null };
  const labels: Labels | null = status ? JSON.parse(status.dataset.offlineLabels ?? "null") : null;
  if (plan.keep) await forgetUnneeded(plan.keep);
  if (plan.download && status && labels) {
    await navigator.serviceWorker.ready;
    try {
      await storeCourse(plan.download, status, labels);
    } catch {
      status.textContent = labels.failed;
    }
  }
  // Sent on every page load and on the `online` event. A connection that has just returned often
  // fails its first requests (and a page opened from the store may already think it is online):
  // after a failure, tried again after 1, 2, 4 … 64 seconds.
  let retry: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  const refresh = async () => {
    clearTimeout(retry);
    const done = await sendWaiting();
    if (labels) await showQueue(labels);
    if (done) failures = 0;
    else if (failures < 7) retry = setTimeout(() => void refresh(), 1000 * 2 ** failures++);
  };
  window.addEventListener("online", () => {
    failures = 0;
    void refresh();
  });
  await refresh();
}

/**
 * Logging out empties the device before the request leaves: the service worker deletes its caches
 * and the queue and replies, the registration goes, and only then is the form sent as a document
 * navigation. The response's Clear-Site-Data header does the same on browsers that honour it; this
 * covers the others, and the moment between the two in which a still-controlling worker could cache
 * the next page's assets again.
 */
function emptyOnLogout() {
  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || new URL(form.action, location.href).pathname !== "/logout") return;
      event.preventDefault();
      event.stopPropagation();
      void (async () => {
        try {
          const registration = await navigator.serviceWorker.getRegistration("/");
          const worker = navigator.serviceWorker.controller ?? registration?.active;
          if (worker) {
            const channel = new MessageChannel();
            const done = new Promise((resolve) => {
              channel.port1.onmessage = resolve;
              setTimeout(resolve, 3000);
            });
            worker.postMessage({ type: "clear" }, [channel.port2]);
            await done;
          }
          await registration?.unregister();
          await deleteCaches();
          await deleteQueueDb();
        } finally {
          form.submit();
        }
      })();
    },
    true,
  );
}

// Sent posts are kept for the list on /me/offline; a day later they are forgotten.
async function tidy() {
  for (const [key, item] of await queued()) if (item.status !== "waiting" && Date.now() - item.queuedAt > 86_400_000) await del(key, store);
}

void main().then(tidy, (error: unknown) => console.error(error));
