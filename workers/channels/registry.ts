import type { z } from "zod";
import type { ChannelAdapter } from "./adapter";
import type { ChannelCredentials } from "./credentials";
import { emailAdapter } from "./email";
import { lineAdapter } from "./line";
import { instagramAdapter, messengerAdapter } from "./messenger";
import { telegramAdapter } from "./telegram";
import type { ChannelType } from "./types";
import { whatsappAdapter } from "./whatsapp";
import { widgetAdapter } from "./widget";

/** Every channel adapter, keyed by type. Adding a channel = one adapter file + one line here. */
export const channelAdapters: { readonly [K in ChannelType]: ChannelAdapter<ChannelCredentials[K]> } = {
  whatsapp: whatsappAdapter,
  messenger: messengerAdapter,
  instagram: instagramAdapter,
  telegram: telegramAdapter,
  line: lineAdapter,
  email: emailAdapter,
  widget: widgetAdapter,
};

export function getAdapter<K extends ChannelType>(type: K): ChannelAdapter<ChannelCredentials[K]> {
  return channelAdapters[type];
}

/**
 * Validates decrypted credentials for a channel type; the typed result is what the adapter's
 * verify/send take.
 */
export function parseCredentials<K extends ChannelType>(type: K, value: unknown): { ok: true; credentials: ChannelCredentials[K] } | { ok: false; error: z.ZodError } {
  const result = channelAdapters[type].credentialsSchema.safeParse(value);
  return result.success ? { ok: true, credentials: result.data } : { ok: false, error: result.error };
}
