/**
 * Fixed replies in the shopper's language: our own table when we have it, else the
 * translator, else English. Returns whether translation was unavailable so the
 * turn can report it as a value.
 */
import { hasMessages, message, type MessageKey, type Tone } from "./messages";
import type { Translator } from "./providers/types";

export async function localized(
  key: MessageKey,
  lang: string,
  translator: Translator,
  vars: Record<string, string> = {},
  tone: Tone = "professional",
  signal?: AbortSignal,
): Promise<{ text: string; language: string; translation?: { ok: false; reason: string } }> {
  if (hasMessages(lang) || lang === "und")
    return { text: message(key, lang, vars, tone), language: hasMessages(lang) ? lang : "en" };
  const english = message(key, "en", vars, tone);
  const t = await translator.translate(english, "en", lang, signal);
  return t.ok
    ? { text: t.text, language: lang }
    : { text: english, language: "en", translation: { ok: false, reason: t.reason } };
}
