/** `--name value` / `--flag` parsing for the eval CLI. */
export function parseArgs(argv: string[]): { positional: string[]; opts: Map<string, string> } {
  const positional: string[] = [];
  const opts = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith("--")) {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith("--")) {
        opts.set(a.slice(2), next);
        i++;
      } else opts.set(a.slice(2), "true");
    } else positional.push(a);
  }
  return { positional, opts };
}

export function required(opts: Map<string, string>, name: string): string {
  const v = opts.get(name);
  if (!v) throw new Error(`missing --${name}`);
  return v;
}

export const fmt = (x: number): string => x.toFixed(4);
