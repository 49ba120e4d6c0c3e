// Production server: Express with compression, immutable caching of hashed assets, and the
// React Router request handler. `npm start` runs scripts/start.mjs, which builds and then imports this.
import path from "node:path";
import { createRequestHandler } from "@react-router/express";
import compression from "compression";
import express from "express";

const BUILD_DIR = path.resolve("build");

export async function createServer() {
  const build = await import(path.join(BUILD_DIR, "server", "index.js"));
  const app = express();
  app.disable("x-powered-by");
  if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY);
  app.use(compression());
  // The client's own address for rate limits; a client cannot set this header itself.
  app.use((req, _res, next) => {
    req.headers["x-client-ip"] = req.ip ?? req.socket.remoteAddress ?? "unknown";
    next();
  });
  app.use(
    "/assets",
    express.static(path.join(BUILD_DIR, "client", "assets"), { immutable: true, maxAge: "1y", index: false }),
  );
  app.use(express.static(path.join(BUILD_DIR, "client"), { maxAge: "1h", index: false }));
  app.all("/{*splat}", createRequestHandler({ build }));
  return app;
}
