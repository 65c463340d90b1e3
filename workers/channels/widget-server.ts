/**
 * The web widget channel. Shoppers chat over the widget's socket (services/widget.ts); its webhook
 * takes messages a merchant's backend posts on behalf of an identified visitor (`userId`, the same id
 * the widget's identity hash covers), signed with the widget identity secret. They land in the same
 * contact and conversation as that visitor's chat. Replies travel over the widget socket, so there is
 * no `send`; a shopper not on the page cannot be reached, so no broadcasts either.
 */
import { z } from "zod";
import { MAX_TEXT } from "../wire/socket";
import type { ChannelAdapter } from "./adapter";
import { malformed } from "./adapter";
import { describeZodError, parseJsonBody } from "./body";
import { WidgetCredentialsSchema, type WidgetCredentials } from "./credentials";
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

export const widgetAdapter: ChannelAdapter<WidgetCredentials, "widget"> = {
  type: "widget",
  label: "The widget",
  credentialsSchema: WidgetCredentialsSchema,
  generatedSecrets: { identitySecret: 32 },
  // Its server events are signed with the identity secret, so the Edgedesk format has no use here.
  edgedeskEvents: false,
  verify: (req, creds) =>
    verifyBodySignature(
      creds.identitySecret,
      req.rawBody,
      req.headers.get(SIGNATURE_HEADER) ?? undefined,
    ),
  async parse(raw) {
    const json = parseJsonBody(raw);
    if (!json.ok) return malformed(json.message);
    const body = Body.safeParse(json.value);
    if (!body.success) return malformed(describeZodError(body.error));
    const receivedAt = Date.now();
    return {
      ok: true,
      events: body.data.events.map((e) => ({
        kind: "message" as const,
        channel: "widget",
        externalUserId: widgetUserKey(e.userId),
        externalMessageId: e.messageId,
        timestamp: e.timestamp ?? receivedAt,
        contact: { name: e.name, email: e.email },
        message: { type: "text" as const, text: e.text },
      })),
    };
  },
};
