import { config as epicWeb } from "@epic-web/config/eslint";

/**
 * ESLint on @epic-web/config (flat config), with the rules that only restate this code base's own
 * style turned off, so that what remains is worth fixing:
 * - import/order and import/consistent-type-specifier-style: the code orders imports node,
 *   packages, #app/#db, relative, and writes `type` inline; Prettier will not reorder them either;
 * - playwright/no-raw-locators: the e2e tests use CSS locators on purpose for structure (tables,
 *   SVG charts, print layout) besides role locators.
 * vitest and Playwright both accept a message as expect's second argument.
 */
/** @type {import("eslint").Linter.Config[]} */
export default [
  ...epicWeb,
  { ignores: [".e2e-*/**", "data/**", "test-results/**", "playwright-report/**", ".cache/**", "outbox/**"] },
  {
    rules: {
      "import/order": "off",
      "import/consistent-type-specifier-style": "off",
    },
  },
  { files: ["**/*.test.ts"], rules: { "vitest/valid-expect": ["error", { maxArgs: 2 }] } },
  { files: ["tests/e2e/**"], rules: { "playwright/no-raw-locators": "off" } },
];
