/**
 * Server-sent-events reader for streamed completions (Workers AI and
 * OpenAI-compatible APIs both send `data: {...}` lines ending with `data: [DONE]`).
 */
export async function* sseData(
  body: ReadableStream<Uint8Array>,
  signal?: AbortSignal,
): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buf = "";
  try {
    while (true) {
      if (signal?.aborted) throw signal.reason ?? new Error("aborted");
      const { done, value } = await reader.read();
      if (done) break;
      buf += decoder.decode(value, { stream: true });
      let nl: number;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, nl).replace(/\r$/, "");
        buf = buf.slice(nl + 1);
        if (!line.startsWith("data:")) continue;
        const data = line.slice(5).trim();
        if (data === "[DONE]") return;
        if (data) yield data;
      }
    }
    const rest = buf.trim();
    if (rest.startsWith("data:") && rest.slice(5).trim() !== "[DONE]") yield rest.slice(5).trim();
  } finally {
    reader.releaseLock();
  }
}

/** Abort when either the caller's signal fires or `ms` elapses. */
export function withTimeout(ms: number, signal?: AbortSignal): AbortSignal {
  const t = AbortSignal.timeout(ms);
  return signal ? AbortSignal.any([signal, t]) : t;
}
