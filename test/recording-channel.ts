/**
 * Stands in for a channel's platform in integration tests: the real adapter (verification, parsing,
 * media) with a `send` that records what it is asked to deliver instead of calling the platform, and
 * that takes any stored credentials (tests connect channels with none). Restore with `restore()`.
 */
import { z } from "zod";
import type { OutboundMessage, SendResult } from "../workers/channels/adapter";
import { getAdapter, registerChannel, type ChannelType } from "../workers/channels/registry";

export function recordSends(
  type: ChannelType,
  answer: (out: OutboundMessage) => SendResult = () => ({
    ok: true,
    externalMessageId: `${type}-${crypto.randomUUID()}`,
  }),
) {
  const real = getAdapter(type);
  const sent: OutboundMessage[] = [];
  registerChannel({
    ...real,
    credentialsSchema: z.record(z.string(), z.unknown()),
    send: async (out) => (sent.push(out), answer(out)),
  });
  return { sent, restore: () => registerChannel(real) };
}
