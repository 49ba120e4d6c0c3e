import { reactRouter } from "@react-router/dev/vite";
import { defineConfig } from "vite";

// `#app/*` and `#db/*` resolve through package.json "imports" (Vite reads them); no aliases here.
export default defineConfig({
  plugins: [reactRouter()],
  ssr: {
    // Native and Node-only packages stay external to the server bundle.
    external: ["better-sqlite3", "mdx-bundler", "esbuild"],
  },
  build: {
    assetsInlineLimit: 0,
  },
});
