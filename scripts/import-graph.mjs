// The project's import graph, read with the TypeScript compiler's own pre-processor (no type check):
// every relative `import`, `export … from` and `import()` of each .ts/.tsx file, resolved to a file.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

const EXTENSIONS = [".ts", ".tsx", "/index.ts", "/index.tsx"];

/** Resolves a relative specifier from `from` to a repository file, or null (packages, `cloudflare:*`, assets). */
export function resolveImport(from, specifier) {
  if (!specifier.startsWith(".")) return null;
  const base = path.resolve(path.dirname(from), specifier);
  if (/\.(ts|tsx)$/.test(base) && existsSync(base)) return base;
  for (const ext of EXTENSIONS) if (existsSync(base + ext)) return base + ext;
  // `./x.js` written for `./x.ts`.
  const stripped = base.replace(/\.(m?js|jsx)$/, "");
  if (stripped !== base) for (const ext of EXTENSIONS) if (existsSync(stripped + ext)) return stripped + ext;
  return null;
}

/**
 * The imports of one file's text. `typeOnly` marks `import type …` / `export type … from` statements,
 * which the bundle drops (an inline `import { type X }` counts as a runtime import, as it does for esbuild
 * when the statement keeps another name).
 */
export function importsOf(text) {
  const found = ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
  const typeOnly = new Set();
  for (const m of text.matchAll(/^\s*(?:import|export)\s+type\s[^;]*?\sfrom\s+["']([^"']+)["']/gms)) typeOnly.add(m[1]);
  const runtime = new Set();
  for (const m of text.matchAll(/^\s*(?:import|export)\s+(?!type\s)[^;]*?\sfrom\s+["']([^"']+)["']|^\s*import\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gms)) runtime.add(m[1] ?? m[2] ?? m[3]);
  return [...new Set(found)].map((specifier) => ({ specifier, typeOnly: typeOnly.has(specifier) && !runtime.has(specifier) }));
}

/** Every .ts/.tsx file under `dirs` (tests included), relative paths with forward slashes. */
export function sourceFiles(root, dirs) {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      if (name === "node_modules" || name.startsWith(".")) continue;
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.tsx?$/.test(name) && !name.endsWith(".d.ts")) out.push(p);
    }
  };
  for (const d of dirs) if (existsSync(path.join(root, d))) walk(path.join(root, d));
  return out;
}

/** Edges of the graph: `{ from, to, specifier, typeOnly }` with repository-relative paths. */
export function importEdges(root, files) {
  const rel = (p) => path.relative(root, p).split(path.sep).join("/");
  const edges = [];
  for (const file of files) {
    for (const { specifier, typeOnly } of importsOf(readFileSync(file, "utf8"))) {
      const target = resolveImport(file, specifier);
      if (target) edges.push({ from: rel(file), to: rel(target), specifier, typeOnly });
    }
  }
  return edges;
}

/** Files reachable from `entry` (itself excluded); `runtimeOnly` skips type-only imports. */
export function reachable(root, entry, { runtimeOnly = false } = {}) {
  const seen = new Set();
  const stack = [path.resolve(root, entry)];
  while (stack.length) {
    const file = stack.pop();
    for (const { specifier, typeOnly } of importsOf(readFileSync(file, "utf8"))) {
      if (runtimeOnly && typeOnly) continue;
      const target = resolveImport(file, specifier);
      if (target && !seen.has(target)) {
        seen.add(target);
        stack.push(target);
      }
    }
  }
  seen.delete(path.resolve(root, entry));
  return [...seen].map((p) => path.relative(root, p).split(path.sep).join("/")).sort();
}

// `node scripts/import-graph.mjs durable-objects/conversation-do.ts`: what a file pulls in, by folder.
if (import.meta.url === `file://${process.argv[1]}`) {
  const root = path.resolve(import.meta.dirname, "..");
  for (const entry of process.argv.slice(2)) {
    const all = reachable(root, entry);
    const runtime = reachable(root, entry, { runtimeOnly: true });
    const byFolder = {};
    for (const f of all) {
      const folder = f.split("/").slice(0, f.startsWith("workers/") ? 2 : 1).join("/");
      byFolder[folder] = (byFolder[folder] ?? 0) + 1;
    }
    console.log(`${entry}: ${all.length} files (${runtime.length} at runtime)`, byFolder);
  }
}
