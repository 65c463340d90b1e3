/**
 * Edgedesk-format events: a webhook body that is already one normalised event or an array of them,
 * signed with the connection's events secret (never its verify token, which the platform's handshake
 * sends in the clear). It cannot send: replies go through the platform's own adapter.
 */
import { z } from "zod";
import { NormalizedEvent } from "../wire/queue";
import type { GatewayAdapter as ChannelAdapter } from "./gateway";
import { SIGNATURE_HEADER, verifyBodySignature } from "./signature";

const Body = z.union([NormalizedEvent, z.array(NormalizedEvent).min(1).max(100)]);

export const passThroughAdapter: ChannelAdapter = {
  type: "*",
  verify: (req, channel) => verifyBodySignature(channel.eventSecret, req.rawBody, req.headers[SIGNATURE_HEADER]),
  parse(raw) {
    const body = Body.parse(JSON.parse(new TextDecoder().decode(raw)));
    return Array.isArray(body) ? body : [body];
  },
  async send() {
    return { ok: false, error: "No adapter can deliver on this channel yet.", retryable: false };
  },
};
