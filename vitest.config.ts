import { defineConfig } from "vitest/config";

// `#app/*`, `#db/*` and `#tests/*` resolve through package.json "imports" (Vite reads them); no aliases here.
export default defineConfig({
  test: {
    include: ["app/**/*.test.ts", "db/**/*.test.ts", "scripts/**/*.test.ts", "tests/integration/**/*.test.ts"],
    globalSetup: ["./tests/setup/global-db.ts"],
    setupFiles: ["./tests/setup/vitest-db.ts"],
    pool: "forks",
    testTimeout: 30_000,
  },
});
