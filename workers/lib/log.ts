/** Structured JSON logs. Keys that may hold secrets are masked before anything is written. */
const SECRET_KEY =
  /pass(word)?|secret|token|authorization|cookie|api[_-]?key|(?:private|encryption|signing)[_-]?key|credentials|signature/i;
/** Deeper than this nothing is walked, so nothing is written: an unwalked object could hold a secret. */
const MAX_DEPTH = 6;

export type LogLevel = "debug" | "info" | "warn" | "error";

export function scrub(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== "object") return value;
  if (depth > MAX_DEPTH) return "[truncated]";
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k] = SECRET_KEY.test(k) ? "[redacted]" : scrub(v, depth + 1);
  return out;
}

export function log(level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({
    level,
    msg,
    time: new Date().toISOString(),
    ...(scrub(fields) as object),
  });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}
