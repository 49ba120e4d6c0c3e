// @ts-check
// Production server: Express with compression, immutable caching of hashed assets, and the
// React Router request handler. `npm start` runs scripts/start.mjs, which builds, sets up the
// database and then imports this. Plain JavaScript checked by tsc (// @ts-check and JSDoc).
import fs from "node:fs";
import path from "node:path";
import { createRequestHandler } from "@react-router/express";
import compression from "compression";
import express from "express";

const BUILD_DIR = path.resolve("build");
const MAX_BODY_BYTES = 8 * 1024 * 1024;
/** How long the rest of a refused body is read and discarded before the connection is closed. */
const LINGER_MS = 5_000;
const TOO_LARGE_PAGE = `<!doctype html><meta charset="utf-8"><title>413</title>
<p lang="en">Too much sent at once: the request is larger than the server accepts.</p>
<p lang="lo">ສົ່ງຂໍ້ມູນຫຼາຍເກີນໄປ: ຄຳຮ້ອງຂໍໃຫຍ່ກວ່າທີ່ເຊີບເວີຮັບໄດ້.</p>
<p lang="vi">Gửi quá nhiều dữ liệu: yêu cầu lớn hơn mức máy chủ chấp nhận.</p>`;

export async function createServer() {
  /** @type {import("react-router").ServerBuild & { entry: { module: typeof import("./app/entry.server") } }} */
  const build = await import(path.join(BUILD_DIR, "server", "index.js"));
  // The validated configuration and the load context come from the app's own entry module.
  const { serverSettings, createLoadContext } = build.entry.module;
  const app = express();
  app.disable("x-powered-by");
  // Off unless TRUST_PROXY says which proxies to believe: only then do req.ip, req.protocol and
  // req.hostname follow X-Forwarded-For, -Proto and -Host.
  app.set("trust proxy", serverSettings.trustProxy);
  app.use(compression());
  app.use(discardUnreadBody);
  // A declared length over the largest form (the CSV import) is refused before anything is read.
  // Bodies without one (chunked) are limited while they are read, by the app's form reader.
  app.use((req, res, next) => {
    if (Number(req.headers["content-length"] ?? 0) <= MAX_BODY_BYTES) return next();
    res.status(413).set("Connection", "close").type("html").send(TOO_LARGE_PAGE);
  });
  // Hashed assets are precompressed at build time (scripts/precompress.mjs): send .br or .gz as is.
  const assetsDir = path.join(BUILD_DIR, "client", "assets");
  app.use("/assets", (req, res, next) => {
    const accept = String(req.headers["accept-encoding"] ?? "");
    const file = path.join(assetsDir, path.basename(req.path));
    for (const [encoding, ext] of /** @type {const} */ ([
      ["br", ".br"],
      ["gzip", ".gz"],
    ])) {
      if (!new RegExp(`\\b${encoding}\\b`).test(accept) || !fs.existsSync(file + ext)) continue;
      res.setHeader("Content-Encoding", encoding);
      res.setHeader("Vary", "Accept-Encoding");
      res.setHeader("Cache-Control", "public, max-age=31536000, immutable");
      res.type(path.extname(file));
      return res.sendFile(file + ext);
    }
    next();
  });
  app.use("/assets", express.static(path.join(BUILD_DIR, "client", "assets"), { immutable: true, maxAge: "1y", index: false }));
  // Other public files (favicon…) are few and fixed at build time: look them up in a set rather than
  // letting express.static stat the disk for every page request (a miss for every page).
  const clientDir = path.join(BUILD_DIR, "client");
  const publicFiles = new Set(listFiles(clientDir).filter((f) => !f.startsWith("/assets/")));
  const servePublic = express.static(clientDir, { maxAge: "1h", index: false });
  app.use((req, res, next) => (publicFiles.has(req.path) ? servePublic(req, res, next) : next()));
  app.all("/{*splat}", createRequestHandler({ build, getLoadContext: (req) => createLoadContext(req.ip ?? req.socket.remoteAddress) }));
  return app;
}

/**
 * An answer can be sent before the whole body was read (a 413 from the form reader, an action
 * that refuses without reading). Cutting the connection then would reset it before the client
 * reads the answer; reading on would buffer. So after the answer, whatever the client still sends
 * is read and thrown away (nothing is kept) for at most LINGER_MS, then the connection is closed.
 * @param {import("express").Request} req
 * @param {import("express").Response} res
 * @param {import("express").NextFunction} next
 */
function discardUnreadBody(req, res, next) {
  res.on("finish", () => {
    if (req.complete || req.destroyed) return;
    // The app's body stream listens for "data"; without listeners, resumed data is dropped.
    req.removeAllListeners("data");
    req.removeAllListeners("readable");
    req.resume();
    const timer = setTimeout(() => req.socket.destroy(), LINGER_MS);
    timer.unref();
    req.once("end", () => clearTimeout(timer));
  });
  next();
}

/**
 * Every file under dir, as URL paths ("/favicon.svg").
 * @param {string} dir
 * @param {string} [prefix]
 * @returns {string[]}
 */
function listFiles(dir, prefix = "") {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}/${e.name}`) : [`${prefix}/${e.name}`]));
}
