import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/** Unit tests of the web apps' pure code, in Node (the main config runs inside workerd). */
export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: { include: ["web/**/*.test.ts"], environment: "node", silent: "passed-only" },
});
