import cluster from "node:cluster";
import { randomBytes } from "node:crypto";
import { createReadableStreamFromReadable } from "@react-router/node";
import { isbot } from "isbot";
import { renderToPipeableStream, type RenderToPipeableStreamOptions } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { RouterContextProvider, ServerRouter, type EntryContext } from "react-router";
import { CoalescingStream } from "./coalescing-stream.server";
import { LessonHtmlLookup } from "./components/lesson-body";
import { getCatalog } from "./content/content.server";
import { renderedHtml, warmLessonCache } from "./content/mdx.server";
import { getDb } from "./db.server";
import { env } from "./env.server";
import { clientAddressContext } from "./middleware/context";
import { getInstance } from "./middleware/i18next.server";
import { startLearningRecordUpkeep } from "./reports/records.server";
import { startHousekeeping } from "./auth/housekeeping.server";
import { startJobRunner } from "./jobs/runner.server";
// Registers the notification e-mail handler and the session-reminder producer with the job runner.
import "./notifications/reminders.server";
import "./notifications/evaluation-messages.server";
// Retention: the daily sweep and the erase jobs of inactive accounts (app/privacy/retention.server.ts).
import "./privacy/retention.server";
import { applySecurityHeaders } from "./security-headers.server";
import "./integrations/cohort-certificates.server";

export const streamTimeout = 5_000;

/**
 * What server.mjs needs from the validated configuration (it is plain JavaScript outside the
 * build; this module is its one door into the app): Express's "trust proxy" value.
 */
export const serverSettings = { trustProxy: env.TRUST_PROXY };

/** The load context of one request: the client's address as Express derived it (`req.ip`). */
export function createLoadContext(clientAddress: string | undefined): RouterContextProvider {
  const context = new RouterContextProvider();
  context.set(clientAddressContext, clientAddress || "unknown");
  return context;
}

// In production, compile every lesson in the background at start (a no-op when the disk cache is
// warm), so the first readers of each lesson do not wait for a compile. Every cluster worker does
// this for its own in-memory cache; the disk cache is shared.
if (process.env.NODE_ENV === "production") {
  setTimeout(() => {
    const files = getCatalog().courses.flatMap((c) => c.lessons.flatMap((l) => Object.values(l.versions).map((v) => v!.file)));
    const started = Date.now();
    void warmLessonCache(files, env.CACHE_DIR).then((n) => {
      // A cluster worker tells the primary, which reports once every worker is ready.
      if (cluster.isWorker) process.send?.({ type: "lessons-ready", lessons: n });
      else console.log(`content: ${n} lessons ready in ${Date.now() - started} ms`);
    });
    startLearningRecordUpkeep(getDb());
    // Expired sessions, spent set-password tokens, finished rate-limit windows: at start and hourly.
    startHousekeeping(getDb());
    // Every worker process starts the job runner; only the holder of the "job-runner" lease runs jobs.
    startJobRunner(getDb());
  }, 0);
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  entryContext: EntryContext,
  routerContext: RouterContextProvider,
) {
  // Bots and no-JS clients get the whole document at once; browsers get it streamed.
  const waitForAll = isbot(request.headers.get("user-agent") ?? "") || entryContext.isSpaMode;
  // A fresh nonce per response: the only inline scripts allowed are React Router's own.
  const nonce = randomBytes(16).toString("base64");
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const readyOption: keyof RenderToPipeableStreamOptions = waitForAll ? "onAllReady" : "onShellReady";
    const { pipe, abort } = renderToPipeableStream(
      <I18nextProvider i18n={getInstance(routerContext)}>
        <LessonHtmlLookup.Provider value={renderedHtml}>
          <ServerRouter context={entryContext} url={request.url} nonce={nonce} />
        </LessonHtmlLookup.Provider>
      </I18nextProvider>,
      {
        nonce,
        [readyOption]() {
          shellRendered = true;
          const body = new CoalescingStream();
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          applySecurityHeaders(responseHeaders, request, nonce);
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, streamTimeout + 1000);
  });
}
