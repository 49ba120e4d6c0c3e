// Production server: Express with compression, immutable caching of hashed assets, and the
// React Router request handler. `npm start` runs scripts/start.mjs, which builds and then imports this.
import fs from "node:fs";
import path from "node:path";
import { createRequestHandler } from "@react-router/express";
import compression from "compression";
import express from "express";

const BUILD_DIR = path.resolve("build");
const MAX_BODY_BYTES = 8 * 1024 * 1024;

export async function createServer() {
  const build = await import(path.join(BUILD_DIR, "server", "index.js"));
  const app = express();
  app.disable("x-powered-by");
  if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY);
  app.use(compression());
  // No form here needs more than a few megabytes (CSV imports included): refuse larger bodies early.
  app.use((req, res, next) => {
    if (Number(req.headers["content-length"] ?? 0) > MAX_BODY_BYTES) return res.status(413).type("text/plain").send("Request too large");
    next();
  });
  // The client's own address for rate limits; a client cannot set this header itself.
  app.use((req, _res, next) => {
    req.headers["x-client-ip"] = req.ip ?? req.socket.remoteAddress ?? "unknown";
    next();
  });
  // Hashed assets are precompressed at build time (scripts/precompress.mjs): send .br or .gz as is.
  const assetsDir = path.join(BUILD_DIR, "client", "assets");
  app.use("/assets", (req, res, next) => {
    const accept = String(req.headers["accept-encoding"] ?? "");
    const file = path.join(assetsDir, path.basename(req.path));
    for (const [encoding, ext] of [["br", ".br"], ["gzip", ".gz"]]) {
      if (!new RegExp(`\\b${encoding}\\b`).test(accept) || !fs.existsSync(file + ext)) continue;
      res.setHeader("Content-Encoding", encoding);
      res.setHeader("Vary", "Accept-Encoding");
      res.setHeader("Cache-Control", "public, max-age=31536000, immutable");
      res.type(path.extname(file));
      return res.sendFile(file + ext);
    }
    next();
  });
  app.use(
    "/assets",
    express.static(path.join(BUILD_DIR, "client", "assets"), { immutable: true, maxAge: "1y", index: false }),
  );
  // Other public files (favicon…) are few and fixed at build time: look them up in a set rather than
  // letting express.static stat the disk for every page request (a miss for every page).
  const clientDir = path.join(BUILD_DIR, "client");
  const publicFiles = new Set(listFiles(clientDir).filter((f) => !f.startsWith("/assets/")));
  const servePublic = express.static(clientDir, { maxAge: "1h", index: false });
  app.use((req, res, next) => (publicFiles.has(req.path) ? servePublic(req, res, next) : next()));
  app.all("/{*splat}", createRequestHandler({ build }));
  return app;
}

/** Every file under dir, as URL paths ("/favicon.svg"). */
function listFiles(dir, prefix = "") {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}/${e.name}`) : [`${prefix}/${e.name}`],
  );
}
