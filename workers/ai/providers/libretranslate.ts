/**
 * Translation through a LibreTranslate server (`POST {baseUrl}/translate`), which merchants
 * often self-host: works without a chat model, so the free tier gets real translation both ways.
 * The base URL is checked by the same guard as webhooks (https, no private or local host) on
 * every call, since settings written before the guard existed are not re-validated.
 */
import { unsafeUrlReason } from "../../lib/http-safety";
import type { Translator } from "./types";

export interface LibreTranslateConfig {
  baseUrl: string;
  apiKey?: string;
  timeoutMs: number;
  fetch?: typeof fetch;
}

/** LibreTranslate's language codes are ISO 639-1, with `zh-Hans`/`zh-Hant` for Chinese on recent servers; `zh` is accepted by all. */
const code = (lang: string) => lang.toLowerCase().split(/[-_]/)[0];

export function libreTranslator(cfg: LibreTranslateConfig): Translator {
  const doFetch = cfg.fetch ?? fetch;
  return {
    available: true,
    async translate(text, from, to, signal) {
      if (code(from) === code(to)) return { ok: true, text };
      const url = `${cfg.baseUrl.replace(/\/+$/, "")}/translate`;
      const unsafe = unsafeUrlReason(url);
      if (unsafe) return { ok: false, reason: `LibreTranslate URL refused: ${unsafe}` };
      const timeout = AbortSignal.timeout(cfg.timeoutMs);
      try {
        const res = await doFetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json" },
          body: JSON.stringify({
            q: text,
            source: code(from),
            target: code(to),
            format: "text",
            ...(cfg.apiKey ? { api_key: cfg.apiKey } : {}),
          }),
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
          redirect: "error",
        });
        const body = (await res.json().catch(() => null)) as {
          translatedText?: unknown;
          error?: unknown;
        } | null;
        if (!res.ok)
          return {
            ok: false,
            reason: `LibreTranslate ${res.status}: ${typeof body?.error === "string" ? body.error.slice(0, 200) : "error"}`,
          };
        if (typeof body?.translatedText !== "string")
          return { ok: false, reason: "LibreTranslate returned no translatedText" };
        return { ok: true, text: body.translatedText };
      } catch (e) {
        return { ok: false, reason: e instanceof Error ? e.message : String(e) };
      }
    },
  };
}
