/**
 * Edgedesk-format events: a webhook body that is already one normalised event or an array of them,
 * accepted on any connection whose adapter allows it when signed with the connection's events secret
 * (never its verify token, which the platform's handshake sends in the clear). Replies to them go
 * through the platform's own adapter.
 */
import { z } from "zod";
import { NormalizedEvent } from "../wire/queue";

const Body = z.union([NormalizedEvent, z.array(NormalizedEvent).min(1).max(100)]);

/** Throws on a body that is not one (the consumer dead-letters it). */
export function parseEdgedeskEvents(raw: Uint8Array): NormalizedEvent[] {
  const body = Body.parse(JSON.parse(new TextDecoder().decode(raw)));
  return Array.isArray(body) ? body : [body];
}
