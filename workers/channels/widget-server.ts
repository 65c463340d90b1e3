/**
 * The web widget's webhook: a merchant's backend posts messages on behalf of an identified visitor
 * (`userId`, the same id the widget's identity hash covers), signed with the widget identity secret.
 * They land in the same contact and conversation as that visitor's chat. Replies travel over the
 * widget socket, so there is no `send`.
 */
import { z } from "zod";
import { MAX_TEXT } from "../wire/socket";
import type { NormalizedEvent } from "../wire/queue";
import type { GatewayAdapter as ChannelAdapter } from "./gateway";
import { SIGNATURE_HEADER, verifyBodySignature } from "./signature";

/** Identified widget visitors are contacts keyed `u:<userId>`; anonymous ones `v:<visitorId>`. */
export const widgetUserKey = (userId: string) => `u:${userId}`;
export const widgetVisitorKey = (visitorId: string) => `v:${visitorId}`;

const WidgetServerEvent = z.object({
  type: z.literal("message"),
  userId: z.string().min(1).max(200),
  messageId: z.string().min(1).max(200),
  text: z.string().min(1).max(MAX_TEXT),
  timestamp: z.number().int().positive().optional(),
  name: z.string().max(200).optional(),
  email: z.string().max(254).optional(),
});
const Body = z.object({ events: z.array(WidgetServerEvent).min(1).max(100) });

export const widgetServerAdapter: ChannelAdapter = {
  type: "widget",
  verify: (req, channel) => {
    const secret = channel.credentials.identitySecret;
    return verifyBodySignature(typeof secret === "string" ? secret : undefined, req.rawBody, req.headers[SIGNATURE_HEADER]);
  },
  parse(raw): NormalizedEvent[] {
    const body = Body.parse(JSON.parse(new TextDecoder().decode(raw)));
    const receivedAt = Date.now();
    return body.events.map((e) => ({
      kind: "message",
      channel: "widget",
      externalUserId: widgetUserKey(e.userId),
      externalMessageId: e.messageId,
      timestamp: e.timestamp ?? receivedAt,
      contact: { name: e.name, email: e.email },
      message: { type: "text", text: e.text },
    }));
  },
};
