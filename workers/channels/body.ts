import type { z } from "zod";
import { sha256Hex } from "../lib/crypto";

// `ignoreBOM: false` (the default, spelled out) makes the decoder drop a leading UTF-8 BOM. That copy is
// only for JSON.parse: signatures are always computed over the untouched request bytes.
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

export type JsonBody = { ok: true; value: unknown } | { ok: false; message: string };

/** Decodes UTF-8 (BOM stripped for parsing only) and parses JSON; never throws. */
export function parseJsonBody(raw: Uint8Array): JsonBody {
  let text: string;
  try {
    text = decoder.decode(raw);
  } catch {
    return { ok: false, message: "body is not valid UTF-8" };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return {
      ok: false,
      message: `body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
}

/**
 * Idempotency key for events the platform gives no id for: a hash of the event exactly as received,
 * so a redelivery of the same event maps to the same key.
 */
export async function derivedId(prefix: string, rawEvent: unknown): Promise<string> {
  return `${prefix}:h:${(await sha256Hex(JSON.stringify(rawEvent) ?? "null")).slice(0, 32)}`;
}

/** First zod issue as one readable line, for MALFORMED_PAYLOAD messages. */
export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid payload";
  return `${issue.path.length ? issue.path.join(".") : "(root)"}: ${issue.message}`;
}

/** Platform clocks in seconds (string or number) → ms; undefined when absent or not a number. */
export function secondsToMs(value: string | number | undefined | null): number | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const n = typeof value === "number" ? value : Number(value);
  return Number.isFinite(n) ? n * 1000 : undefined;
}
