/**
 * Voice notes and images become text for the turn: Whisper transcription or a
 * vision-model description. Builtin providers cannot, and say so as a value.
 */
import type { Providers, Result } from "./providers/types";

export type Media =
  | { kind: "audio"; bytes: Uint8Array }
  | { kind: "image"; bytes: Uint8Array; prompt?: string };

/** Text for a media attachment, or `{ ok: false, reason: "needs an AI provider" }`. */
export async function mediaToText(
  media: Media,
  providers: Providers,
  signal?: AbortSignal,
): Promise<Result<{ text: string }>> {
  if (media.kind === "audio") return providers.speech.transcribe(media.bytes, signal);
  return providers.vision.describe(
    media.bytes,
    media.prompt ?? "Describe this image for a customer-support agent in one or two sentences.",
    signal,
  );
}
