import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: { "#app": new URL("./app", import.meta.url).pathname, "#db": new URL("./db", import.meta.url).pathname, "#tests": new URL("./tests", import.meta.url).pathname },
  },
  test: {
    include: ["app/**/*.test.ts", "db/**/*.test.ts", "scripts/**/*.test.ts", "tests/integration/**/*.test.ts"],
    setupFiles: ["./tests/setup/vitest-db.ts"],
    pool: "forks",
    testTimeout: 30_000,
  },
});
