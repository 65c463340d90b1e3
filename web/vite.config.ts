import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * The dashboard (/app/), the console (/console/), the landing page and the demo shop page.
 * The widget is built separately as two classic scripts (see scripts/build-web.mjs) because a
 * merchant's page loads it cross-origin with one <script> tag, which a module graph would not survive.
 */
export default defineConfig({
  root: here("."),
  base: "/",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: here("./dist"),
    emptyOutDir: true,
    manifest: true,
    target: "es2022",
    rolldownOptions: {
      input: {
        index: here("./index.html"),
        app: here("./app/index.html"),
        console: here("./console/index.html"),
        demo: here("./demo-shop/index.html"),
      },
    },
  },
});
