/**
 * SEAM (replaced by the channels branch): for any channel without a real adapter yet, a webhook body
 * must already be one normalised event or an array of them, signed with the connection's verify token.
 * It cannot send: replies on such channels fail with a clear, non-retryable error.
 */
import { z } from "zod";
import { NormalizedEvent } from "../wire/queue";
import type { GatewayAdapter as ChannelAdapter } from "./gateway";
import { SIGNATURE_HEADER, verifyBodySignature } from "./signature";

const Body = z.union([NormalizedEvent, z.array(NormalizedEvent).min(1).max(100)]);

export const passThroughAdapter: ChannelAdapter = {
  type: "*",
  verify: (req, channel) => verifyBodySignature(channel.verifyToken, req.rawBody, req.headers[SIGNATURE_HEADER]),
  parse(raw) {
    const body = Body.parse(JSON.parse(new TextDecoder().decode(raw)));
    return Array.isArray(body) ? body : [body];
  },
  async send() {
    return { ok: false, error: "No adapter can deliver on this channel yet.", retryable: false };
  },
};
