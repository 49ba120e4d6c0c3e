// `npm start`: build if the build is missing or older than the sources, open and migrate the
// database (seeding demo data unless SEED_DEMO=off), then serve on $PORT (3000).
import { execSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = process.cwd();
process.env.NODE_ENV ??= "production";

function newestMtime(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

const marker = path.join(root, "build", "server", "index.js");
const sources = ["app", "public", "db", "package.json", "vite.config.ts", "react-router.config.ts"]
  .map((p) => path.join(root, p))
  .filter((p) => fs.existsSync(p))
  .map((p) => (fs.statSync(p).isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs));
if (!fs.existsSync(marker) || fs.statSync(marker).mtimeMs < Math.max(...sources)) {
  console.log("Building SHP Campus (first start or sources changed)…");
  execSync("npm run build", { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
}

const { createServer } = await import(path.join(root, "server.mjs"));
const app = await createServer();
const port = Number(process.env.PORT ?? 3000);
const server = app.listen(port, () => {
  console.log(`SHP Campus is running at http://localhost:${port}`);
  // Open, migrate and seed the database now rather than on the first request.
  fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
});

for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
