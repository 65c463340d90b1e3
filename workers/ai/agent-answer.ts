/**
 * The answering step of a turn: generated (Workers AI / OpenAI-compatible, streamed,
 * grounded, checked) or builtin (the matched answer itself). A provider error,
 * timeout or rejected output falls back to the builtin answer.
 */
import { checkOutput, StreamGuard } from "./guard";
import { localized } from "./localize";
import { restorePii, type PiiFinding } from "./pii";
import type { HistoryItem } from "./policy";
import { buildMessages, newCanary } from "./prompt";
import type { Providers } from "./providers/types";
import type { RetrievedHit } from "./retrieve";
import type { AiSettings } from "./ai-settings";
import { decideAnswer } from "./engine";
import { detectLanguage } from "./language";

export type ComposedAnswer =
  | {
      kind: "answer";
      text: string;
      language: string;
      citations: string[];
      translation?: { ok: false; reason: string };
      fallback?: string;
      /** Language of the cited entry, when it differs from the shopper's. */
      entryLanguage?: string;
    }
  | { kind: "none"; reason: string; providerFailed: boolean };

export interface ComposeInput {
  settings: AiSettings;
  providers: Providers;
  language: string;
  hits: RetrievedHit[];
  history: HistoryItem[];
  message: string;
  found: PiiFinding[];
  toolResult?: string;
  orderNotFound: string | null;
  /** An order the shopper must first prove is theirs (nothing about it is said). */
  orderVerify?: string | null;
  signal?: AbortSignal;
  onToken?: (t: string) => void;
}

const NAMES = new Intl.DisplayNames(["en"], { type: "language" });
const languageName = (code: string): string => {
  try {
    return NAMES.of(code) ?? code;
  } catch {
    return code;
  }
};

/** A language's name as the shopper would write it ("inglés", "英语"). */
function languageNameIn(code: string, shopper: string): string {
  try {
    return new Intl.DisplayNames([shopper], { type: "language" }).of(code) ?? languageName(code);
  } catch {
    return languageName(code);
  }
}

export async function composeAnswer(c: ComposeInput): Promise<ComposedAnswer> {
  const fixed = c.orderNotFound
    ? ({ key: "order_not_found", order: c.orderNotFound } as const)
    : c.orderVerify
      ? ({ key: "order_verify", order: c.orderVerify } as const)
      : null;
  if (fixed) {
    const m = await localized(
      fixed.key,
      c.language,
      c.providers.translator,
      { order: fixed.order },
      c.settings.persona.tone,
      c.signal,
    );
    c.onToken?.(m.text);
    return {
      kind: "answer",
      text: m.text,
      language: m.language,
      citations: [],
      ...(m.translation ? { translation: m.translation } : {}),
    };
  }
  let fallback: string | undefined;
  if (c.providers.generator.canGenerate) {
    const canary = newCanary();
    const context = confident(c);
    const messages = buildMessages({
      settings: c.settings,
      languageName: languageName(c.language),
      hits: context,
      history: c.history,
      message: c.message,
      toolResult: c.toolResult,
      canary,
    });
    const guard = new StreamGuard(
      canary,
      (t) => c.onToken?.(t),
      (t) => restorePii(t, c.found),
    );
    try {
      const out = await c.providers.generator.generate({
        messages,
        signal: c.signal,
        onToken: (t) => guard.push(t),
      });
      const verdict = checkOutput({
        output: out,
        system: messages[0].content,
        canary,
        context: messages.map((m) => m.content).join("\n"),
        allowedIds: context.map((h) => h.entry.id),
      });
      if (verdict.ok) {
        const citations = verdict.citations.length
          ? verdict.citations
          : context.slice(0, 1).map((h) => h.entry.id);
        return {
          kind: "answer",
          text: restorePii(verdict.text, c.found),
          language: c.language,
          citations,
        };
      }
      if (verdict.reason === "no_answer" || verdict.reason === "empty")
        return {
          kind: "none",
          reason: "the knowledge base does not answer this",
          providerFailed: false,
        };
      fallback = `output rejected: ${verdict.reason}`;
    } catch (e) {
      fallback = `provider failed: ${e instanceof Error ? (e.name === "TimeoutError" ? "timeout" : e.message) : String(e)}`;
    }
  }
  return builtinAnswer(c, fallback);
}

/** The entry's declared language, else a confident guess from its answer, else the shopper's. */
function entryLanguage(hit: RetrievedHit, fallback: string): string {
  if (hit.entry.language) return hit.entry.language;
  const d = detectLanguage(hit.entry.answer);
  return d.language !== "und" && d.confidence >= 0.5 ? d.language : fallback;
}

/** Hits confident enough to be shown to the model (at least the best one). */
function confident(c: ComposeInput): RetrievedHit[] {
  const ok = c.hits.filter((h) => decideAnswer(h.confidence, c.settings.threshold / 2));
  return (ok.length ? ok : c.hits.slice(0, 1)).slice(0, 4);
}

async function builtinAnswer(
  c: ComposeInput,
  fallback: string | undefined,
): Promise<ComposedAnswer> {
  if (c.toolResult) {
    const status = c.toolResult.replace(/^order [^:]+:\s*/, "");
    const order = c.toolResult.match(/^order ([^:]+):/)?.[1] ?? "";
    const m = await localized(
      "order_status",
      c.language,
      c.providers.translator,
      { order, status },
      c.settings.persona.tone,
      c.signal,
    );
    c.onToken?.(m.text);
    return {
      kind: "answer",
      text: restorePii(m.text, c.found),
      language: m.language,
      citations: [],
      ...(m.translation ? { translation: m.translation } : {}),
      ...(fallback ? { fallback } : {}),
    };
  }
  const top = c.hits[0];
  if (!top || !decideAnswer(top.confidence, c.settings.threshold)) {
    return {
      kind: "none",
      reason: fallback ?? "no confident answer",
      providerFailed: fallback !== undefined,
    };
  }
  let text = top.entry.answer;
  const written = entryLanguage(top, c.language);
  let language = written;
  let translation: { ok: false; reason: string } | undefined;
  if (language !== c.language) {
    const t = await c.providers.translator.translate(text, language, c.language, c.signal);
    if (t.ok) {
      text = t.text;
      language = c.language;
    } else if (c.settings.crossLingualReply === "handover") {
      return {
        kind: "none",
        reason: `the matching entry is in ${languageName(written)}, not the shopper's ${languageName(c.language)}`,
        providerFailed: false,
      };
    } else {
      translation = { ok: false, reason: t.reason };
      // The entry as written, under one line in the shopper's language saying so.
      const notice = await localized(
        "entry_language_notice",
        c.language,
        c.providers.translator,
        { language: languageNameIn(written, c.language) },
        c.settings.persona.tone,
        c.signal,
      );
      text = `${notice.text}\n\n${text}`;
    }
  }
  text = restorePii(text, c.found);
  c.onToken?.(text);
  return {
    kind: "answer",
    text,
    language,
    citations: [top.entry.id],
    ...(written !== c.language ? { entryLanguage: written } : {}),
    ...(translation ? { translation } : {}),
    ...(fallback ? { fallback } : {}),
  };
}
