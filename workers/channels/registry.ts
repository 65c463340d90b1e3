/**
 * The channel registry: every channel Edgedesk speaks, keyed by its type. The keys *are* the channel
 * types — `ChannelType` and `CHANNEL_TYPES` derive from them — so adding a channel is its adapter
 * file (or folder) plus one line here; what differs between channels are the adapter's optional
 * fields (see adapter.ts), never an `if` elsewhere.
 */
import type { z } from "zod";
import type { ChannelAdapter } from "./adapter";
import { emailAdapter } from "./email";
import { lineAdapter } from "./line";
import { instagramAdapter, messengerAdapter } from "./messenger";
import { telegramAdapter } from "./telegram";
import { whatsappAdapter } from "./whatsapp";
import { widgetAdapter } from "./widget-server";

const builtIn = {
  whatsapp: whatsappAdapter,
  messenger: messengerAdapter,
  instagram: instagramAdapter,
  telegram: telegramAdapter,
  line: lineAdapter,
  email: emailAdapter,
  widget: widgetAdapter,
};

export type ChannelType = keyof typeof builtIn;
export const CHANNEL_TYPES = Object.keys(builtIn) as [ChannelType, ...ChannelType[]];
/** The credentials each built-in channel takes, as its adapter's schema reads them. */
export type ChannelCredentials = {
  [K in ChannelType]: z.infer<(typeof builtIn)[K]["credentialsSchema"]>;
};

const adapters = new Map<string, ChannelAdapter>(Object.entries(builtIn));

/**
 * Adds a channel (or replaces the one of the same type) at run time; the built-in ones are above.
 * Its type must be a lowercase name, as webhook URLs and queue messages carry it.
 */
export function registerChannel(adapter: ChannelAdapter): void {
  if (!/^[a-z][a-z0-9_]{0,31}$/.test(adapter.type))
    throw new Error(`invalid channel type name: ${adapter.type}`);
  adapters.set(adapter.type, adapter);
}

/** The adapter of a channel type; undefined for a type nobody registered (a 404 at the edges). */
export function adapterFor(type: string): ChannelAdapter | undefined {
  return adapters.get(type);
}

/** Whether the registry knows the type: what every request naming a channel type is checked with. */
export function isChannelType(type: string): type is ChannelType {
  return adapters.has(type);
}

/** The adapter of a type known to be registered (a stored channel's, a parsed queue message's). */
export function getAdapter(type: string): ChannelAdapter {
  const adapter = adapters.get(type);
  if (!adapter) throw new Error(`no adapter registered for channel type ${type}`);
  return adapter;
}

/** Every registered channel, built-in ones first. */
export function registeredChannels(): ChannelAdapter[] {
  return [...adapters.values()];
}

/** Validates decrypted credentials against the channel's own schema. */
export function parseCredentials(
  type: string,
  value: unknown,
): { ok: true; credentials: unknown } | { ok: false; error: z.ZodError | null } {
  const adapter = adapters.get(type);
  if (!adapter) return { ok: false, error: null };
  const result = adapter.credentialsSchema.safeParse(value);
  return result.success
    ? { ok: true, credentials: result.data }
    : { ok: false, error: result.error };
}
