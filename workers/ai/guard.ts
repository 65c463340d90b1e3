/**
 * Output checks on generated replies: no canary or system-prompt text, no
 * tool-call syntax, no links or e-mail addresses that were not in the context,
 * citations restricted to the entries that were actually provided.
 */
import { NO_ANSWER } from "./prompt";

export type GuardVerdict =
  | { ok: true; text: string; citations: string[] }
  | { ok: false; reason: "no_answer" | "leak" | "tool_call" | "unknown_link" | "empty" };

/** Eight-word windows of the system prompt; any of them in the output is a leak. */
function shingles(text: string, n = 8): Set<string> {
  const w = text.toLowerCase().split(/\s+/).filter(Boolean);
  const out = new Set<string>();
  for (let i = 0; i + n <= w.length; i++) out.add(w.slice(i, i + n).join(" "));
  return out;
}

export function checkOutput(args: {
  output: string;
  system: string;
  canary: string;
  context: string;
  allowedIds: string[];
}): GuardVerdict {
  const text = args.output.trim();
  if (!text) return { ok: false, reason: "empty" };
  if (text === NO_ANSWER || text.startsWith(NO_ANSWER)) return { ok: false, reason: "no_answer" };
  if (text.includes(args.canary)) return { ok: false, reason: "leak" };
  const sys = shingles(args.system);
  for (const s of shingles(text)) if (sys.has(s)) return { ok: false, reason: "leak" };
  if (/"(tool_calls?|function_call)"\s*:|<\/?(tool_call|function)[\s>]/i.test(text))
    return { ok: false, reason: "tool_call" };
  const ctx = args.context.toLowerCase();
  const links = text.match(/https?:\/\/[^\s)\]>"']+|[\w.+-]+@[\w-]+(\.[\w-]+)+/gi) ?? [];
  if (links.some((l) => !ctx.includes(l.toLowerCase().replace(/[.,;:!?]+$/, ""))))
    return { ok: false, reason: "unknown_link" };
  const cited = [...text.matchAll(/\[#([^\]\s]+)\]/g)].map((m) => m[1]);
  const citations = [...new Set(cited.filter((id) => args.allowedIds.includes(id)))];
  // Citations to ids we never provided are removed rather than shown.
  const cleaned = text
    .replace(/\s?\[#([^\]\s]+)\]/g, (m, id: string) => (args.allowedIds.includes(id) ? m : ""))
    .trim();
  return { ok: true, text: cleaned, citations };
}

/**
 * Streams tokens to the client while holding back anything that could still turn
 * into the no-answer sentinel, the canary or a half-written placeholder.
 */
export class StreamGuard {
  private buf = "";
  private sent = 0;
  private stopped = false;
  constructor(
    private readonly canary: string,
    private readonly emit: (t: string) => void,
    private readonly restore: (t: string) => string,
  ) {}

  push(token: string): void {
    if (this.stopped) return;
    this.buf += token;
    const trimmed = this.buf.trimStart();
    if (
      NO_ANSWER.startsWith(trimmed.slice(0, NO_ANSWER.length)) &&
      trimmed.length <= NO_ANSWER.length
    )
      return;
    if (trimmed.startsWith(NO_ANSWER) || this.buf.includes(this.canary)) {
      this.stopped = true;
      return;
    }
    // Hold back a possible partial canary or placeholder at the end.
    const open = this.buf.lastIndexOf("[");
    let safe = this.buf.length - (this.canary.length - 1);
    if (open >= 0 && !this.buf.slice(open).includes("]")) safe = Math.min(safe, open);
    if (safe > this.sent) {
      this.emit(this.restore(this.buf.slice(this.sent, safe)));
      this.sent = safe;
    }
  }
}
