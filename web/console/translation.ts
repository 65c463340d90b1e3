/**
 * The console's translation toggle. The built-in AI provider cannot translate, so the console
 * says so instead of showing untranslated text as if it were translated.
 */
import { useEffect, useState } from "preact/hooks";
import { assist, settings } from "../shared/api";
import type { Message } from "../shared/api-types";
import { ApiFailure } from "../shared/http";

export type ProviderState = "unknown" | "ok" | "missing";
const STORE_KEY = "edgedesk:console:translate";
export const NEEDS_PROVIDER =
  "Translation needs an AI provider. An admin can choose one under AI settings in the dashboard.";

function readToggle(): boolean {
  try {
    return localStorage.getItem(STORE_KEY) === "1";
  } catch {
    return false;
  }
}

/** Errors that mean "no provider can do this", as opposed to a passing network problem. */
export function meansNoProvider(e: unknown): boolean {
  return (
    e instanceof ApiFailure &&
    (e.status === 501 ||
      e.status === 503 ||
      e.status === 422 ||
      /provider/i.test(e.code) ||
      /provider/i.test(e.message))
  );
}

export function useTranslation(
  conversationId: string | null,
  messages: Message[],
  agentLanguage: string,
) {
  const [on, setOn] = useState(readToggle);
  const [provider, setProvider] = useState<ProviderState>("unknown");
  const [extra, setExtra] = useState<Record<string, string>>({});

  /** Why the toggle is off although the agent ticked it; shown beside it. */
  const [reason, setReason] = useState<string | null>(null);

  const store = (next: boolean) => {
    setOn(next);
    try {
      localStorage.setItem(STORE_KEY, next ? "1" : "0");
    } catch {
      /* the toggle still works for this page */
    }
  };

  const toggle = () => {
    // Ticking it again once no provider is known to translate only repeats the reason.
    if (!on && provider === "missing") return setReason(NEEDS_PROVIDER);
    setReason(null);
    store(!on);
  };

  // No provider can translate: the toggle unticks itself and says why, rather than pretend.
  useEffect(() => {
    if (provider !== "missing" || !on) return;
    store(false);
    setReason(NEEDS_PROVIDER);
  }, [provider, on]);

  useEffect(() => {
    if (!on || provider !== "unknown") return;
    // Admins can read the setting; for others the first translation attempt tells.
    settings.ai().then(
      (r) => setProvider(r.settings.provider === "builtin" ? "missing" : "ok"),
      () => undefined,
    );
  }, [on]);

  useEffect(() => setExtra({}), [conversationId]);

  // Messages from the shopper in another language without a server translation: translate the latest few.
  const todo =
    on && provider !== "missing"
      ? messages
          .filter(
            (m) =>
              m.author.type === "shopper" &&
              !m.translation &&
              m.text &&
              m.language &&
              m.language !== agentLanguage &&
              !(m.id in extra),
          )
          .slice(-20)
      : [];
  useEffect(() => {
    let cancelled = false;
    (async () => {
      for (const m of todo) {
        try {
          const r = await assist.translate(m.text, agentLanguage);
          if (cancelled) return;
          setProvider("ok");
          setExtra((x) => ({ ...x, [m.id]: r.text }));
        } catch (e) {
          if (meansNoProvider(e)) setProvider("missing");
          return;
        }
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [todo.map((m) => m.id).join()]);

  /** The text to send for what the agent typed: translated into the shopper's language when on. */
  const outgoing = async (
    typed: string,
    shopperLanguage: string | null,
  ): Promise<{ text: string; original?: string }> => {
    if (!on || provider === "missing" || !shopperLanguage || shopperLanguage === agentLanguage)
      return { text: typed };
    try {
      const r = await assist.translate(typed, shopperLanguage);
      setProvider("ok");
      return { text: r.text, original: typed };
    } catch (e) {
      if (meansNoProvider(e)) setProvider("missing");
      throw e;
    }
  };

  return { on, toggle, provider, reason, extra, outgoing };
}
