import { env } from "cloudflare:workers";
import PostalMime from "postal-mime";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setAiResponder } from "./ai-responder";
import { fixtureBytes } from "../workers/channels/testing/fixtures";
import { buildReplyMime } from "../workers/channels/email";
import { getDb } from "../workers/db/client";
import worker from "../workers/index";
import { replyThreading } from "../workers/services/email-threads";
import {
  catchInbound,
  connectChannel,
  consumeInOrder,
  deadLetters,
} from "./channel-fixture-helpers";
import { clientId, readMessages, waitFor } from "./engine-helpers";
import { call, signupTenant, type Caller } from "./helpers";

beforeEach(() => setAiResponder(async () => ({ kind: "answer", text: "" })));
afterEach(() => {
  setAiResponder(null);
  vi.restoreAllMocks();
});

/** Each test's inbox: an address belongs to one channel, and the tests share one database. */
const newInbox = () => `help-${crypto.randomUUID().slice(0, 8)}@shop.test`;

/** What Email Routing hands the email() handler (ForwardableEmailMessage without forward/reply). */
function mail(from: string, to: string, raw: Uint8Array) {
  const rejected: string[] = [];
  const message = {
    from,
    to,
    rawSize: raw.byteLength,
    raw: new Response(new Uint8Array(raw)).body!,
    headers: new Headers(),
    setReject: (reason: string) => void rejected.push(reason),
    forward: async () => ({ messageId: "fwd" }),
    reply: async () => ({ messageId: "re" }),
  } satisfies ForwardableEmailMessage;
  return { message, rejected };
}

/** Delivers mail through the Worker's email() entry; returns what it queued. */
async function deliver(
  from: string,
  to: string,
  raw: Uint8Array | string,
): Promise<{ queued: unknown[]; rejected: string[] }> {
  const bytes = typeof raw === "string" ? new TextEncoder().encode(raw) : raw;
  const { message, rejected } = mail(from, to, bytes);
  const caught = catchInbound();
  try {
    await worker.email(message, env);
  } finally {
    caught.restore();
  }
  return { queued: caught.queued, rejected };
}

function plainMail(opts: {
  from: string;
  messageId: string;
  subject: string;
  text: string;
  inReplyTo?: string;
}): string {
  return [
    `From: Shopper <${opts.from}>`,
    "To: help@shop.test",
    `Subject: ${opts.subject}`,
    `Message-ID: ${opts.messageId}`,
    ...(opts.inReplyTo ? [`In-Reply-To: ${opts.inReplyTo}`, `References: ${opts.inReplyTo}`] : []),
    "Date: Tue, 10 Nov 2026 10:00:00 +0000",
    "Content-Type: text/plain; charset=utf-8",
    "",
    opts.text,
    "",
  ].join("\r\n");
}

async function conversationsOf(tenantId: string): Promise<{ id: string; status: string }[]> {
  return (
    await env.DB.prepare(
      "SELECT id, status FROM conversations WHERE tenant_id = ? ORDER BY created_at",
    )
      .bind(tenantId)
      .all<{ id: string; status: string }>()
  ).results;
}

async function connectEmail(owner: Caller): Promise<{ id: string; inbox: string }> {
  const inbox = newInbox();
  const ch = await connectChannel(owner, "email", {
    address: inbox.replace("help", "Help"),
    displayName: "Shop Support",
  });
  const row = await env.DB.prepare("SELECT config, credentials_enc FROM channels WHERE id = ?")
    .bind(ch.id)
    .first<{ config: string; credentials_enc: string }>();
  // Found by address without decrypting; the credentials stay sealed.
  expect(JSON.parse(row!.config)).toEqual({ address: inbox });
  expect(row!.credentials_enc).not.toContain(inbox);
  return { id: ch.id, inbox };
}

describe("email channel: inbound", () => {
  it("should turn the fixture messages into conversations and the bounce and abuse report into lifecycle events", async () => {
    const owner = await signupTenant();
    const { id, inbox } = await connectEmail(owner);
    const mixed = await deliver("ada@example.com", inbox, fixtureBytes("email/mixed.eml"));
    const calendar = await deliver(
      "andris@postalsys.com",
      inbox,
      fixtureBytes("email/calendar-event.eml"),
    );
    const bounce = await deliver(
      "mailer-daemon@messagingengine.com",
      inbox,
      fixtureBytes("email/bounce.eml"),
    );
    const arf = await deliver("abusedesk@example.com", inbox, fixtureBytes("email/arf.eml"));
    for (const d of [mixed, calendar, bounce, arf]) {
      expect(d.rejected).toEqual([]);
      expect(d.queued).toHaveLength(1);
    }
    expect(mixed.queued[0]).toMatchObject({
      kind: "webhook",
      channelId: id,
      channelType: "email",
      headers: { "x-envelope-from": "ada@example.com", "x-envelope-to": inbox },
    });
    await consumeInOrder([...mixed.queued, ...calendar.queued, ...bounce.queued, ...arf.queued]);
    expect(await deadLetters(owner.tenantId)).toEqual([]);
    const convs = await conversationsOf(owner.tenantId);
    // Two shoppers wrote; the delivery report and the abuse report start no conversation.
    expect(convs).toHaveLength(2);
    const [first, second] = await Promise.all(convs.map((c) => readMessages(owner.cookie, c.id)));
    const scanned = first.filter((m) => m.author.type === "shopper");
    expect(scanned).toHaveLength(1);
    expect(scanned[0].text).toMatch(
      /^This e-mail message has been scanned for Viruses and Content and cleared\s+Good Morning;/,
    );
    const invite = second.filter((m) => m.author.type === "shopper");
    expect(invite).toHaveLength(1);
    expect(invite[0].externalId).toBe("<calendar-7791cb16-a4f3-43ae-a9a0-ed4003535ae7@google.com>");
    // The invitation's attachments are stored in R2 under the conversation and linked for agents.
    const ics = invite[0].attachments.find((a) => a.name === "invite.ics");
    expect(ics?.key.startsWith(`media/${owner.tenantId}/${convs[1].id}/`)).toBe(true);
    const file = await call("GET", ics!.url!, { cookie: owner.cookie });
    expect(file.status).toBe(200);
    expect(await file.text()).toContain("BEGIN:VCALENDAR");
  });

  it("should reject mail for an address no active channel owns, queueing nothing, and keep an address to one channel", async () => {
    const owner = await signupTenant();
    const { id, inbox } = await connectEmail(owner);
    const raw = plainMail({
      from: "ada@example.com",
      messageId: "<x1@example.com>",
      subject: "Hi",
      text: "hello",
    });
    const res = await deliver("ada@example.com", "nobody@shop.test", raw);
    expect(res.queued).toHaveLength(0);
    expect(res.rejected).toHaveLength(1);
    expect(
      (
        await call("PATCH", `/api/channels/${id}`, {
          cookie: owner.cookie,
          body: { status: "disabled" },
        })
      ).status,
    ).toBe(200);
    expect((await deliver("ada@example.com", inbox, raw)).rejected).toHaveLength(1);
    const other = await signupTenant();
    const dup = await call("POST", "/api/channels", {
      cookie: other.cookie,
      body: { type: "email", name: "Mine now", credentials: { address: inbox } },
    });
    expect(dup.status).toBe(409);
  });

  it("should refuse raw mail posted to the webhook URL (the address is no secret)", async () => {
    const owner = await signupTenant();
    const { id, inbox } = await connectEmail(owner);
    const caught = catchInbound();
    const res = await call("POST", `/webhooks/email/${id}`, {
      rawBody: plainMail({
        from: "eve@example.com",
        messageId: "<e1@example.com>",
        subject: "x",
        text: "forged",
      }),
      headers: { "x-envelope-to": inbox, "x-envelope-from": "eve@example.com" },
    });
    caught.restore();
    expect(res.status).toBe(401);
    expect(caught.queued).toHaveLength(0);
  });

  it("should thread replies into their conversation and start a new one for a new thread after resolving", async () => {
    const owner = await signupTenant();
    const { inbox } = await connectEmail(owner);
    const shopper = `ada-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const send = async (raw: string) => consumeInOrder((await deliver(shopper, inbox, raw)).queued);
    await send(
      plainMail({
        from: shopper,
        messageId: "<t1@example.com>",
        subject: "Order 1234",
        text: "Where is my order?",
      }),
    );
    const [conv] = await conversationsOf(owner.tenantId);
    await send(
      plainMail({
        from: shopper,
        messageId: "<t2@example.com>",
        subject: "Re: Order 1234",
        text: "Any news?",
        inReplyTo: "<t1@example.com>",
      }),
    );
    expect(await conversationsOf(owner.tenantId)).toHaveLength(1);
    expect(
      (await call("POST", `/api/conversations/${conv.id}/resolve`, { cookie: owner.cookie }))
        .status,
    ).toBe(200);
    // A new thread from the same address: a new conversation, not the resolved one.
    await send(
      plainMail({
        from: shopper,
        messageId: "<n1@example.com>",
        subject: "Returns",
        text: "How do I return a jumper?",
      }),
    );
    const after = await conversationsOf(owner.tenantId);
    expect(after).toHaveLength(2);
    // A late reply on the first thread goes back to its own conversation.
    await send(
      plainMail({
        from: shopper,
        messageId: "<t3@example.com>",
        subject: "Re: Order 1234",
        text: "Got it, thanks",
        inReplyTo: "<t2@example.com>",
      }),
    );
    const texts = async (id: string) =>
      (await readMessages(owner.cookie, id))
        .filter((m) => m.author.type === "shopper")
        .map((m) => m.text);
    expect(await texts(conv.id)).toEqual(["Where is my order?", "Any news?", "Got it, thanks"]);
    expect(await texts(after[1].id)).toEqual(["How do I return a jumper?"]);
  });
});

describe("email channel: replies", () => {
  it("should send an agent reply through the send_email binding, threaded on the shopper's messages", async () => {
    const owner = await signupTenant();
    const { inbox } = await connectEmail(owner);
    const shopper = `bo-${crypto.randomUUID().slice(0, 8)}@example.com`;
    await consumeInOrder(
      (
        await deliver(
          shopper,
          inbox,
          plainMail({
            from: shopper,
            messageId: "<q1@example.com>",
            subject: "Broken zip",
            text: "The zip on my jacket broke.",
          }),
        )
      ).queued,
    );
    await consumeInOrder(
      (
        await deliver(
          shopper,
          inbox,
          plainMail({
            from: shopper,
            messageId: "<q2@example.com>",
            subject: "Re: Broken zip",
            text: "Photo attached soon.",
            inReplyTo: "<q1@example.com>",
          }),
        )
      ).queued,
    );
    const [conv] = await conversationsOf(owner.tenantId);
    // What the reply will thread on: the newest message, the whole chain, the thread's subject.
    const threading = await replyThreading(getDb(env.DB), owner.tenantId, conv.id);
    expect(threading).toEqual({
      inReplyTo: "<q2@example.com>",
      references: ["<q1@example.com>", "<q2@example.com>"],
      subject: "Broken zip",
    });
    // The binding boundary. Local EmailMessage objects do not expose their raw MIME, so the headers
    // are checked on the MIME the gateway builds from the same threading (buildReplyMime).
    const sent: EmailMessage[] = [];
    vi.spyOn(env.EMAIL, "send").mockImplementation((async (m: EmailMessage) => {
      sent.push(m);
      return { messageId: "ok" };
    }) as never);
    const res = await call("POST", `/api/conversations/${conv.id}/messages`, {
      cookie: owner.cookie,
      body: { clientId: clientId(), text: "Sorry about that! A replacement is on its way." },
    });
    expect(res.status).toBe(201);
    const { message } = (await res.json()) as { message: { id: string } };
    const delivered = await waitFor(
      async () =>
        (await readMessages(owner.cookie, conv.id)).find(
          (m) => m.id === message.id && m.delivery?.status === "sent",
        ),
      "sent",
    );
    expect(sent).toHaveLength(1);
    expect(sent[0].from.toLowerCase()).toBe(inbox);
    expect(sent[0].to).toBe(shopper);
    expect(delivered.externalId).toMatch(new RegExp(`^<[0-9a-f-]+@shop\\.test>$`));
    const out = { to: shopper, text: "x", email: { ...threading, subject: threading.subject! } };
    const headers = buildReplyMime(out, { address: inbox }).raw.split("\r\n\r\n")[0];
    expect(headers).toMatch(/^In-Reply-To: <q2@example.com>$/m);
    expect(headers).toMatch(/^References: <q1@example.com> <q2@example.com>$/m);
    expect((await PostalMime.parse(buildReplyMime(out, { address: inbox }).raw)).subject).toBe(
      "Re: Broken zip",
    );
    // Our Message-ID is now part of the thread.
    expect((await replyThreading(getDb(env.DB), owner.tenantId, conv.id)).inReplyTo).toBe(
      delivered.externalId,
    );
    // The shopper's answer to our reply threads back into the same conversation.
    await consumeInOrder(
      (
        await deliver(
          shopper,
          inbox,
          plainMail({
            from: shopper,
            messageId: "<q3@example.com>",
            subject: "Re: Broken zip",
            text: "Thank you!",
            inReplyTo: delivered.externalId!,
          }),
        )
      ).queued,
    );
    expect(await conversationsOf(owner.tenantId)).toHaveLength(1);
  });
});
