#!/usr/bin/env node
/**
 * Builds the three faces into web/dist (the Worker's ASSETS directory):
 *   /app/ dashboard, /console/ agent console, /demo-shop/ and / (Vite multi-page build)
 *   /widget/loader.js + /widget/chat.js (two classic IIFE scripts, loaded cross-origin by shops)
 *   /lexicons/<lang>.tsv (cross-lingual lexicons from data/lexicons, built by build-lexicons.mjs)
 *   /lang/*.json (the language detectors' profiles, see lang-profiles.mjs)
 * then prints `web: loader_gz=… widget_gz=… dashboard_gz=… console_gz=…` and fails over budget.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "vite";
import { writeProfiles } from "./lang-profiles.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const web = path.join(root, "web");
const dist = path.join(web, "dist");
const BUDGET = { loader: 5120, widget: 40960 };

const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const jsx = { runtime: "automatic", importSource: "preact" };

function typecheck() {
  execFileSync(
    process.execPath,
    [path.join(root, "node_modules/typescript/bin/tsc"), "-p", path.join(web, "tsconfig.json")],
    { stdio: "inherit" },
  );
}

/** One self-contained IIFE: shops load it with a plain <script>, so it must not import chunks. */
async function buildScript(entry, fileName, name, define = {}) {
  await build({
    configFile: false,
    logLevel: "warn",
    root: web,
    oxc: { jsx },
    define,
    build: {
      outDir: path.join(dist, "widget"),
      emptyOutDir: false,
      target: "es2020",
      minify: true,
      copyPublicDir: false,
      lib: { entry: path.join(web, entry), formats: ["iife"], name, fileName: () => fileName },
    },
  });
  const file = path.join(dist, "widget", fileName);
  writeFileSync(file, asciiOnly(readFileSync(file, "utf8")));
  return file;
}

/**
 * A shop's page may not be UTF-8, and a classic script without a charset in its Content-Type is
 * decoded with the page's encoding: escaping every non-ASCII character makes the file immune.
 * `\uXXXX` is valid in strings, template literals, regular expressions and identifiers alike.
 */
function asciiOnly(code) {
  return code.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the range is "everything outside ASCII", on purpose
    /[^\x00-\x7f]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** Gzipped bytes of an HTML entry's JavaScript: its chunk and every chunk it imports, eagerly or lazily. */
function entryBytes(manifest, key) {
  const seen = new Set();
  const walk = (k) => {
    if (seen.has(k) || !manifest[k]) return;
    seen.add(k);
    for (const i of [...(manifest[k].imports ?? []), ...(manifest[k].dynamicImports ?? [])])
      walk(i);
  };
  walk(key);
  let total = 0;
  for (const k of seen)
    if (manifest[k].file.endsWith(".js")) total += gz(path.join(dist, manifest[k].file));
  return total;
}

typecheck();
await build({ configFile: path.join(web, "vite.config.ts"), logLevel: "warn" });
const manifestFile = path.join(dist, ".vite", "manifest.json");
const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
// The manifest is a build artefact, not something to publish.
rmSync(path.join(dist, ".vite"), { recursive: true, force: true });
// Cross-lingual lexicons are served as static assets (read lazily through ASSETS), not bundled.
cpSync(path.join(root, "data", "lexicons"), path.join(dist, "lexicons"), {
  recursive: true,
  filter: (f) => !f.endsWith(".md"),
});
// So are the language detectors' profiles (workers/ai/lang/profiles.ts).
await writeProfiles(path.join(dist, "lang"));

const chat = await buildScript("widget/chat/index.tsx", "chat.js", "EdgedeskChat");
// The loader asks for chat.js?v=<content hash>, so a new release is never served from a stale cache.
const chatVersion = createHash("sha256").update(readFileSync(chat)).digest("hex").slice(0, 10);
const loader = await buildScript("widget/loader/index.ts", "loader.js", "EdgedeskLoader", {
  __CHAT_VERSION__: JSON.stringify(chatVersion),
});

const sizes = {
  loader: gz(loader),
  widget: gz(chat),
  dashboard: entryBytes(manifest, "app/index.html"),
  console: entryBytes(manifest, "console/index.html"),
};
console.log(
  `web: loader_gz=${sizes.loader} widget_gz=${sizes.widget} dashboard_gz=${sizes.dashboard} console_gz=${sizes.console}`,
);
const over = Object.entries(BUDGET).filter(([k, max]) => sizes[k] > max);
if (over.length) {
  console.error(
    `web: over budget: ${over.map(([k, max]) => `${k} ${sizes[k]} > ${max}`).join(", ")}`,
  );
  process.exit(1);
}
