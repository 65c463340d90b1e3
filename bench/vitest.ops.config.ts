import { defineConfig } from "vitest/config";
import base from "../vitest.config";

// Opt-in ops benchmarks (slow, not part of `npm test`): npx vitest run --config bench/vitest.ops.config.ts
export default defineConfig(async (env) => {
  const resolved = await (typeof base === "function" ? base(env) : base);
  return {
    ...resolved,
    test: { ...resolved.test, include: ["bench/**/*.bench-test.ts"], silent: false },
  };
});
