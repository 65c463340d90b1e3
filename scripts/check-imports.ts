/**
 * `npm test`'s import-direction check (rules in ./import-rules.ts): walks workers/ and durable-objects/,
 * resolves every relative import and fails on one against the direction. Tests are not checked: they
 * reach across layers to set up what they test.
 *
 *   npx tsx scripts/check-imports.ts                      check, exit 1 on a violation
 *   npx tsx scripts/check-imports.ts --count <file>...    how many files each one pulls in, by folder
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { importSpecifiers, resolveSpecifier, violations, type Edge } from "./import-rules";

const root = path.resolve(import.meta.dirname, "..");
const exists = (p: string) =>
  existsSync(path.join(root, p)) && statSync(path.join(root, p)).isFile();

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(root, dir))) {
    const rel = `${dir}/${name}`;
    if (statSync(path.join(root, rel)).isDirectory()) out.push(...sources(rel));
    else if (/\.tsx?$/.test(name) && !name.endsWith(".d.ts")) out.push(rel);
  }
  return out;
}

function importsOf(file: string, runtimeOnly = false): string[] {
  return importSpecifiers(readFileSync(path.join(root, file), "utf8"))
    .filter((r) => !(runtimeOnly && r.typeOnly))
    .map((r) => resolveSpecifier(file, r.specifier, exists))
    .filter((p): p is string => p !== null);
}

/** Files `entry` reaches through its imports (itself excluded). */
function reachable(entry: string, runtimeOnly: boolean): string[] {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length)
    for (const to of importsOf(stack.pop()!, runtimeOnly))
      if (!seen.has(to)) seen.add(to), stack.push(to);
  seen.delete(entry);
  return [...seen].sort();
}

const args = process.argv.slice(2);
if (args[0] === "--count") {
  for (const entry of args.slice(1)) {
    const all = reachable(entry, false);
    const byFolder: Record<string, number> = {};
    for (const f of all) {
      const folder = f
        .split("/")
        .slice(0, f.startsWith("workers/") ? 2 : 1)
        .join("/");
      byFolder[folder] = (byFolder[folder] ?? 0) + 1;
    }
    console.log(
      `${entry}: ${all.length} files (${reachable(entry, true).length} at runtime)`,
      byFolder,
    );
  }
} else {
  const files = ["workers", "durable-objects"]
    .flatMap(sources)
    .filter((f) => !/\.test\.tsx?$/.test(f));
  const edges: Edge[] = files.flatMap((from) => importsOf(from).map((to) => ({ from, to })));
  const bad = violations(edges);
  for (const v of bad) console.error(`${v.from} → ${v.to}\n  breaks "${v.rule}": ${v.why}`);
  console.log(
    `${files.length} files, ${edges.length} imports checked: ${bad.length ? `${bad.length} against the direction` : "all in the allowed direction"}`,
  );
  process.exit(bad.length ? 1 : 0);
}
