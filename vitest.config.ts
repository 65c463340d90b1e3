import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// Integration and unit tests run inside workerd with the real bindings from wrangler.toml,
// kept fully local (no remote bindings, no network).
export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  return {
    plugins: [
      cloudflareTest({
        // The real entry with a test-controlled AI turn (test/worker.ts).
        main: "./test/worker.ts",
        remoteBindings: false,
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            ENCRYPTION_KEY: "dGVzdC1lbmNyeXB0aW9uLWtleS0zMi1ieXRlcy0wMTI=",
            SIGNING_KEY: "test-signing-key",
            SEED_DEMO: "false",
          },
        },
      }),
    ],
    test: {
      include: ["workers/**/*.test.ts", "durable-objects/**/*.test.ts", "test/**/*.test.ts"],
      setupFiles: ["./test/setup.ts"],
      silent: "passed-only",
      // Integration tests drive queues and Durable Objects on a 2-core machine: allow for a busy CPU.
      testTimeout: 30_000,
    },
  };
});
