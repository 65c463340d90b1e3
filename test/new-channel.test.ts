/**
 * What adding a channel takes: an adapter and one registration. A made-up SMS gateway is registered
 * here, in the test, and its webhook goes through the real route, queue consumer, routing and
 * conversation object to a stored message; the agent's reply goes out through its `send`.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { setAiResponder } from "./ai-responder";
import type { ChannelAdapter, OutboundMessage } from "../workers/channels/adapter";
import { malformed } from "../workers/channels/adapter";
import { timingSafeEqual } from "../workers/lib/crypto";
import { registerChannel } from "../workers/channels/registry";
import { catchInbound, consumeInOrder, postRaw, shopperMessages } from "./channel-fixture-helpers";
import { clientId, waitFor, readMessages } from "./engine-helpers";
import { call, errorOf, signupTenant } from "./helpers";

const SmsCredentials = z.object({ apiKey: z.string().min(1) });
const SmsInbound = z.object({
  from: z.string().min(1),
  id: z.string().min(1),
  text: z.string(),
  at: z.number(),
});
const sent: OutboundMessage[] = [];

/** The whole channel: verify, parse, send, and the dashboard's form. */
const smsAdapter: ChannelAdapter<z.infer<typeof SmsCredentials>, "sms"> = {
  type: "sms",
  label: "SMS",
  credentialsSchema: SmsCredentials,
  form: {
    label: "SMS gateway",
    fields: [{ key: "apiKey", label: "API key", kind: "secret" }],
    testTo: "Phone number",
  },
  verify: async (req, creds) => timingSafeEqual(req.headers.get("x-sms-key") ?? "", creds.apiKey),
  async parse(raw) {
    const body = SmsInbound.safeParse(JSON.parse(new TextDecoder().decode(raw)));
    if (!body.success) return malformed("not an SMS");
    const m = body.data;
    return {
      ok: true,
      events: [
        {
          kind: "message",
          channel: "sms",
          externalUserId: m.from,
          externalMessageId: m.id,
          timestamp: m.at,
          contact: { phone: m.from },
          message: { type: "text", text: m.text },
        },
      ],
    };
  },
  send: async (out) => (
    sent.push(out), { ok: true, externalMessageId: `sms-${crypto.randomUUID()}` }
  ),
};

beforeEach(() => {
  sent.length = 0;
  setAiResponder(async () => ({ kind: "answer", text: "" }));
});
afterEach(() => setAiResponder(null));

describe("a channel added by registering its adapter", () => {
  it("should connect it, take its webhook to a stored message and send the agent's reply through it", async () => {
    registerChannel(smsAdapter);
    const owner = await signupTenant();
    const types = (await (
      await call("GET", "/api/channels/types", { cookie: owner.cookie })
    ).json()) as { types: { type: string; form: unknown }[] };
    expect(types.types.find((t) => t.type === "sms")).toMatchObject({
      type: "sms",
      form: { label: "SMS gateway" },
    });

    const created = await call("POST", "/api/channels", {
      cookie: owner.cookie,
      body: { type: "sms", name: "Texts", credentials: { apiKey: "k-123" } },
    });
    expect(created.status).toBe(201);
    const { channel } = (await created.json()) as { channel: { id: string; webhookUrl: string } };
    expect(channel.webhookUrl).toMatch(new RegExp(`/webhooks/sms/${channel.id}$`));

    const raw = new TextEncoder().encode(
      JSON.stringify({
        from: "+15550001",
        id: "sms-1",
        text: "Where is my parcel?",
        at: Date.now(),
      }),
    );
    const caught = catchInbound();
    try {
      expect((await postRaw("sms", channel.id, raw, { "x-sms-key": "wrong" })).status).toBe(401);
      expect((await postRaw("sms", channel.id, raw, { "x-sms-key": "k-123" })).status).toBe(200);
    } finally {
      caught.restore();
    }
    expect(caught.queued).toHaveLength(1);
    await consumeInOrder(caught.queued);
    const [msg] = await shopperMessages(owner, channel.id, "+15550001");
    expect(msg).toMatchObject({ text: "Where is my parcel?", externalId: "sms-1" });

    const reply = await call("POST", `/api/conversations/${msg.conversationId}/messages`, {
      cookie: owner.cookie,
      body: { clientId: clientId(), text: "It ships today." },
    });
    expect(reply.status).toBe(201);
    await waitFor(
      async () =>
        (await readMessages(owner.cookie, msg.conversationId)).find(
          (m) => m.text === "It ships today." && m.delivery?.status === "sent",
        ),
      "reply sent",
    );
    expect(sent).toMatchObject([{ to: "+15550001", text: "It ships today." }]);
  });

  it("should answer a channel type nobody registered with a 404 in the one error shape, and store nothing", async () => {
    const owner = await signupTenant();
    const hook = await call("POST", "/webhooks/fax/chn_anything", {
      rawBody: "{}",
      headers: { "content-type": "application/json" },
    });
    expect(hook.status).toBe(404);
    expect((await errorOf(hook)).code).toBe("CHANNEL_NOT_FOUND");
    const handshake = await call("GET", "/webhooks/fax/chn_anything?hub.mode=subscribe");
    expect(handshake.status).toBe(404);
    const create = await call("POST", "/api/channels", {
      cookie: owner.cookie,
      body: { type: "fax", name: "Fax", credentials: {} },
    });
    expect(create.status).toBe(404);
    expect((await errorOf(create)).code).toBe("CHANNEL_NOT_FOUND");
    const list = (await (await call("GET", "/api/channels", { cookie: owner.cookie })).json()) as {
      channels: { type: string }[];
    };
    expect(list.channels.map((c) => c.type)).not.toContain("fax");
  });
});
