import { reactRouter } from "@react-router/dev/vite";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [reactRouter()],
  resolve: {
    alias: { "#app": new URL("./app", import.meta.url).pathname, "#db": new URL("./db", import.meta.url).pathname },
  },
  ssr: {
    // Native and Node-only packages stay external to the server bundle.
    external: ["better-sqlite3", "mdx-bundler", "esbuild"],
  },
  build: {
    assetsInlineLimit: 0,
  },
});
