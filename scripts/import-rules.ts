/**
 * The one allowed direction of imports, as data, and the pure parts of the check (no file system, so
 * the workerd suite tests them): finding a file's import specifiers, resolving one to a repository
 * path, and judging an edge against the rules. `scripts/check-imports.ts` walks the tree with them.
 *
 *   routes → services → durable-objects/rpc.ts (typed stubs) and workers/wire/ (shared types)
 *   durable-objects → workers/wire, workers/lib, workers/db only; everything else arrives as dependencies
 *   workers/wiring.ts and workers/index.ts are the edge where the objects meet the rest
 */

export interface ImportRef {
  specifier: string;
  /** `import type …` / `export type … from`: erased from the bundle, still a dependency of the layer. */
  typeOnly: boolean;
}

export interface Edge {
  from: string;
  to: string;
}

export interface Rule {
  name: string;
  /** Files the rule applies to (repository paths, forward slashes). */
  from: RegExp;
  /** Targets those files may not import. */
  forbid: RegExp;
  why: string;
}

/** Everything above the shared layers: capabilities, services, routes, the app's edge and the objects. */
const ABOVE_SHARED =
  /^(workers\/(routes|services|middleware|queues|channels|ai|stores|automation|broadcasts|analytics|privacy|outgoing-webhooks)\/|workers\/(app|index|wiring)\.ts$|durable-objects\/)/;

export const RULES: Rule[] = [
  {
    name: "objects are leaves",
    from: /^durable-objects\//,
    forbid: /^workers\/(?!wire\/|lib\/|db\/)/,
    why: "a Durable Object imports wire types, lib and db only; services, routes, channels, AI and the other capabilities reach it through its dependencies (workers/wiring.ts)",
  },
  {
    name: "no reaching into the objects",
    from: /^workers\/(?!wiring\.ts$|index\.ts$)/,
    forbid: /^durable-objects\/(?!rpc\.ts$)/,
    why: "the Worker calls an object through its typed stub (durable-objects/rpc.ts) and shares types through workers/wire/",
  },
  {
    name: "wire types are shared, so they import nothing above them",
    from: /^workers\/wire\//,
    forbid: ABOVE_SHARED,
    why: "workers/wire/ is imported by the Worker, the objects and the web apps alike",
  },
  {
    name: "lib holds shared rules, so it imports nothing above them",
    from: /^workers\/lib\//,
    forbid: ABOVE_SHARED,
    why: "workers/lib/ is imported by every capability and by the objects",
  },
  {
    name: "services never import routes",
    from: /^workers\/(services|lib|db)\//,
    forbid: /^workers\/routes\//,
    why: "routes call services, never the other way round",
  },
];

/** Block comments and whole-line `//` comments, blanked so a comment that mentions an import is not one. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, " ").replace(/^\s*\/\/.*$/gm, "");
}

/** Every module a file's text imports: static imports (multi-line too), `export … from`, `import "x"` and `import("x")`. */
export function importSpecifiers(text: string): ImportRef[] {
  const src = withoutComments(text);
  const refs = new Map<string, boolean>();
  const add = (specifier: string, typeOnly: boolean) =>
    refs.set(specifier, (refs.get(specifier) ?? true) && typeOnly);
  for (const m of src.matchAll(
    /(?:^|[;\n])\s*(import|export)\s+(type\s+)?[^;'"]*?\bfrom\s*["']([^"']+)["']/g,
  ))
    add(m[3], Boolean(m[2]));
  for (const m of src.matchAll(/(?:^|[;\n])\s*import\s*["']([^"']+)["']/g)) add(m[1], false);
  for (const m of src.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) add(m[1], false);
  return [...refs].map(([specifier, typeOnly]) => ({ specifier, typeOnly }));
}

const CANDIDATES = ["", ".ts", ".tsx", "/index.ts", "/index.tsx"];

/**
 * The repository path a relative specifier of `from` names, or null for packages (`hono`, `cloudflare:workers`)
 * and for files that do not exist. `exists` answers for repository paths.
 */
export function resolveSpecifier(
  from: string,
  specifier: string,
  exists: (path: string) => boolean,
): string | null {
  if (!specifier.startsWith(".")) return null;
  const parts = from.split("/").slice(0, -1);
  for (const seg of specifier.split("/")) {
    if (seg === "..") parts.pop();
    else if (seg !== "." && seg !== "") parts.push(seg);
  }
  const base = parts.join("/");
  const stems = [base, base.replace(/\.(m?js|jsx)$/, "")];
  for (const stem of stems)
    for (const ext of CANDIDATES)
      if (/\.(tsx?|mjs|json)$/.test(stem + ext) && exists(stem + ext)) return stem + ext;
  return null;
}

export interface Violation extends Edge {
  rule: string;
  why: string;
}

/** The edges that go against the direction, each with the rule it breaks. */
export function violations(edges: Edge[], rules: Rule[] = RULES): Violation[] {
  const out: Violation[] = [];
  for (const e of edges)
    for (const r of rules)
      if (r.from.test(e.from) && r.forbid.test(e.to)) out.push({ ...e, rule: r.name, why: r.why });
  return out;
}
