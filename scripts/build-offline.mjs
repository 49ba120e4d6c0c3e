// After `react-router build`: bundle the service worker (app/offline/sw.ts, with Serwist) and the
// device script (app/offline/client.ts) into build/client/sw.js and build/client/offline-client.js
// (docs/decisions/0018). Served from the site root: a service worker controls only its own path and below.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { build } from "esbuild";

const out = path.resolve("build/client");
const common = { bundle: true, minify: true, format: /** @type {const} */ ("esm"), target: "es2020", legalComments: "none", logLevel: "warning" };
await build({ ...common, entryPoints: ["app/offline/sw.ts"], outfile: path.join(out, "sw.js"), define: { "process.env.NODE_ENV": '"production"' } });
await build({ ...common, entryPoints: ["app/offline/client.ts"], outfile: path.join(out, "offline-client.js") });
for (const name of ["sw.js", "offline-client.js"]) {
  const data = fs.readFileSync(path.join(out, name));
  console.log(`offline: ${name} ${(data.length / 1024).toFixed(1)} KB, ${(zlib.gzipSync(data, { level: 9 }).length / 1024).toFixed(1)} KB gzip`);
}
