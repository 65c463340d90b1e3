import PostalMime from "postal-mime";
import { describe, expect, it } from "vitest";
import type { Mailer } from "./adapter";
import { buildReplyMime, createCloudflareMailer, emailAdapter, replySubject } from "./email";
import { fixtureBytes } from "./testing/fixtures";
import { mockFetch } from "./testing/mock-fetch";
import { NormalizedEvent as NormalizedEventSchema } from "../wire/queue";

const enc = (s: string) => new TextEncoder().encode(s);
const envelope = (from = "env@example.org", to = "help@shop.test") =>
  new Headers({ "x-envelope-from": from, "x-envelope-to": to });
const creds = { address: "help@shop.test", displayName: "Shop Support" };

async function parseOne(raw: Uint8Array, headers = envelope()) {
  const res = await emailAdapter.parse(raw, headers);
  if (!res.ok) throw new Error(res.message);
  expect(res.events).toHaveLength(1);
  expect(NormalizedEventSchema.safeParse(res.events[0]).success).toBe(true);
  return { event: res.events[0], media: res.media };
}

describe("emailAdapter.parse (fixtures)", () => {
  it("should turn the DSN into a bounce lifecycle event for the failed recipient", async () => {
    const { event } = await parseOne(fixtureBytes("email/bounce.eml"));
    expect(event).toEqual({
      kind: "lifecycle",
      channel: "email",
      timestamp: Date.parse("Mon, 10 Oct 2022 01:37:22 -0400"),
      externalUserId: "htfgvhyufthdgcvhgjyfthgc@ethereal.email",
      event: "bounce",
      data: {
        eventId: "<20221010053722.37BD05C00A2@mailout.nyi.internal>",
        data: {
          reportingMta: "mailout.nyi.internal",
          recipients: [
            {
              recipient: "htfgvhyufthdgcvhgjyfthgc@ethereal.email",
              action: "failed",
              status: "5.0.0",
              diagnostic: "smtp; 550 No such user here",
            },
          ],
          originalMessageId: "<e85f1c9b-9b51-4028-8ec0-0a657155028e@app.fastmail.com>",
          permanent: true,
        },
      },
    });
  });

  it("should turn the ARF report into an abuse_report event for the complaining recipient", async () => {
    const { event } = await parseOne(fixtureBytes("email/arf.eml"));
    expect(event).toMatchObject({
      kind: "lifecycle",
      event: "abuse_report",
      externalUserId: "user@example.com",
      data: {
        eventId: expect.stringMatching(/^<[0-9a-f]{32}@edgedesk\.invalid>$/),
        data: {
          feedbackType: "abuse",
          userAgent: "SomeGenerator/1.0",
          originalMailFrom: "somespammer@example.net",
          originalRcptTo: "user@example.com",
          sourceIp: "192.0.2.1",
          reportedDomain: "example.net",
        },
      },
    });
  });

  it("should parse the calendar invitation with its text, thread keys and attachments", async () => {
    const { event, media } = await parseOne(fixtureBytes("email/calendar-event.eml"));
    const id = "<calendar-7791cb16-a4f3-43ae-a9a0-ed4003535ae7@google.com>";
    expect(event).toMatchObject({
      kind: "message",
      externalUserId: "andris@postalsys.com",
      externalMessageId: id,
      timestamp: Date.parse("2024-04-11T06:19:44Z"),
      contact: { email: "andris@postalsys.com", name: "Andris Reinman" },
      message: {
        type: "text",
        text: expect.stringMatching(/^Test event ⏰\nThursday Apr 11, 2024/),
        media: [
          { id: `${id}#0`, mimeType: "text/calendar", size: 1989 },
          { id: `${id}#1`, mimeType: "application/ics", name: "invite.ics", size: 1989 },
        ],
        extra: {
          threadKeys: {
            messageId: id,
            references: [],
            subject:
              "Invitation: Test event ⏰ @ Thu Apr 11, 2024 11am - 12pm (GMT+3) (andris@ethereal.email)",
          },
        },
      },
    });
    const ics = media?.[`${id}#1`];
    expect(ics?.filename).toBe("invite.ics");
    expect(new TextDecoder().decode(ics?.bytes)).toMatch(/^BEGIN:VCALENDAR/);
    expect(ics?.size).toBe(1989);
  });

  it("should fall back to the envelope sender and a derived Message-ID for mixed.eml", async () => {
    const first = await parseOne(fixtureBytes("email/mixed.eml"));
    const again = await parseOne(fixtureBytes("email/mixed.eml"));
    expect(first.event).toMatchObject({
      kind: "message",
      externalUserId: "env@example.org",
      message: {
        extra: { accountId: "help@shop.test" },
        type: "text",
        text: "This e-mail message has been scanned for Viruses and Content and cleared\n\n\nGood Morning;",
      },
    });
    expect(first.event.kind === "message" && first.event.externalMessageId).toBe(
      again.event.kind === "message" && again.event.externalMessageId,
    );
  });
});

const reply = [
  "From: Ada Shopper <Ada@Example.com>",
  "To: help@shop.test",
  "Subject: Re: Order 1234",
  "Date: Tue, 05 Mar 2024 10:02:00 +0000",
  "Message-ID: <reply-1@example.com>",
  "In-Reply-To: <out-1@shop.test>",
  "References: <orig-0@example.com>\r\n <out-1@shop.test>",
  "MIME-Version: 1.0",
  'Content-Type: multipart/mixed; boundary="b1"',
  "",
  "--b1",
  "Content-Type: text/plain; charset=utf-8",
  "",
  "Thanks, but the parcel has not arrived yet.",
  "",
  "On Mon, 4 Mar 2024 at 09:00, Shop Support <help@shop.test> wrote:",
  "> Your order has shipped.",
  "--b1",
  'Content-Type: image/png; name="photo.png"',
  'Content-Disposition: attachment; filename="photo.png"',
  "Content-Transfer-Encoding: base64",
  "",
  "iVBORw0KGgo=",
  "--b1--",
  "",
].join("\r\n");

describe("emailAdapter.parse (replies)", () => {
  it("should expose threading keys, strip the quote and return attachment bytes", async () => {
    const { event, media } = await parseOne(enc(reply));
    expect(event).toMatchObject({
      kind: "message",
      externalUserId: "ada@example.com",
      externalMessageId: "<reply-1@example.com>",
      contact: { name: "Ada Shopper", email: "ada@example.com" },
      message: {
        type: "text",
        text: "Thanks, but the parcel has not arrived yet.",
        media: [{ mimeType: "image/png", name: "photo.png", size: 8 }],
        extra: {
          quotedText: expect.stringContaining("> Your order has shipped."),
          threadKeys: {
            messageId: "<reply-1@example.com>",
            inReplyTo: "<out-1@shop.test>",
            references: ["<orig-0@example.com>", "<out-1@shop.test>"],
            subject: "Re: Order 1234",
          },
        },
      },
    });
    expect(Array.from(media!["<reply-1@example.com>#0"].bytes)).toEqual([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a,
    ]);
  });

  it("should derive text from HTML-only mail", async () => {
    const { event } = await parseOne(
      enc(
        "From: a@b.test\r\nSubject: hi\r\nContent-Type: text/html\r\n\r\n<p>Where is <b>my order</b> &amp; invoice?</p><script>x()</script><p>Ada</p>",
      ),
    );
    expect(event).toMatchObject({
      kind: "message",
      message: { type: "text", text: "Where is my order & invoice?\nAda" },
    });
  });

  it("should flag out-of-office replies instead of treating them as messages", async () => {
    const { event } = await parseOne(
      enc(
        "From: a@b.test\r\nAuto-Submitted: auto-replied\r\nSubject: Out of office\r\nMessage-ID: <ooo@b.test>\r\n\r\nI am away until Monday.",
      ),
    );
    expect(event).toMatchObject({
      kind: "lifecycle",
      event: "auto_reply",
      externalUserId: "a@b.test",
      data: { eventId: "<ooo@b.test>", data: { text: "I am away until Monday." } },
    });
  });

  it("should report unparseable input and mail without any sender", async () => {
    expect(await emailAdapter.parse(new Uint8Array(), envelope())).toMatchObject({
      ok: false,
      code: "MALFORMED_PAYLOAD",
    });
    const junk = await emailAdapter.parse(new Uint8Array([0, 1, 2, 255, 10, 10, 66]), envelope());
    expect(junk.ok ? junk.events[0].kind : junk.code).toMatch(/^(message|MALFORMED_PAYLOAD)$/);
    const res = await emailAdapter.parse(enc("Subject: nobody\r\n\r\nhello"), new Headers());
    expect(res.ok && res.events[0]).toMatchObject({
      kind: "unknown",
      description: "email:no_sender",
    });
  });
});

describe("emailAdapter.verify", () => {
  it("should accept only mail addressed to the channel's inbox", async () => {
    const v = (to: string) =>
      emailAdapter.verify({ headers: envelope("x@y.z", to), rawBody: new Uint8Array() }, creds, {
        webhookSecret: "",
      });
    expect(await v("Help@Shop.test")).toBe(true);
    expect(await v("other@shop.test")).toBe(false);
  });
});

describe("email replies", () => {
  const out = {
    to: "ada@example.com",
    text: "Hej Ada — your parcel is on its way. 📦",
    email: {
      subject: "Order 1234",
      inReplyTo: "<reply-1@example.com>",
      references: ["<orig-0@example.com>", "<out-1@shop.test>"],
    },
  };

  it("should build a MIME reply that threads and round-trips through a parser", async () => {
    const { raw, messageId } = buildReplyMime(out, creds, { messageId: "<fixed@shop.test>" });
    expect(raw).toContain("\r\n");
    expect(raw.replace(/\r\n/g, "")).not.toContain("\n");
    const parsed = await PostalMime.parse(raw);
    expect(messageId).toBe("<fixed@shop.test>");
    expect(parsed.messageId).toBe("<fixed@shop.test>");
    expect(parsed.subject).toBe("Re: Order 1234");
    expect(parsed.inReplyTo).toBe("<reply-1@example.com>");
    expect(parsed.references).toBe("<orig-0@example.com> <out-1@shop.test> <reply-1@example.com>");
    expect(parsed.from).toEqual({ name: "Shop Support", address: "help@shop.test" });
    expect(parsed.to).toEqual([{ name: "", address: "ada@example.com" }]);
    expect(parsed.text?.trim()).toBe("Hej Ada — your parcel is on its way. 📦");
  });

  it("should not stack Re: prefixes", () => {
    expect(replySubject("Re: Order 1234")).toBe("Re: Order 1234");
    expect(replySubject("AW: Bestellung")).toBe("AW: Bestellung");
    expect(replySubject("")).toBe("Re: (no subject)");
  });

  it("should send through the mailer with the channel address as envelope sender", async () => {
    const sent: { from: string; to: string; raw: string }[] = [];
    const mailer: Mailer = { send: async (m) => void sent.push(m) };
    const result = await emailAdapter.send(out, creds, { fetch: mockFetch(), mailer });
    expect(result.ok).toBe(true);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ from: "help@shop.test", to: "ada@example.com" });
    const parsed = await PostalMime.parse(sent[0].raw);
    expect(result.ok && result.externalMessageId).toBe(parsed.messageId);
  });

  it("should attach fetched media and refuse without a mailer", async () => {
    const sent: string[] = [];
    const fetch = mockFetch(
      new Response(new Uint8Array([1, 2, 3, 250]), {
        headers: { "content-type": "application/pdf" },
      }),
    );
    await emailAdapter.send(
      {
        ...out,
        media: {
          url: "https://media.test/inv.pdf",
          mimeType: "application/pdf",
          filename: "invoice.pdf",
        },
      },
      creds,
      { fetch, mailer: { send: async (m) => void sent.push(m.raw) } },
    );
    const parsed = await PostalMime.parse(sent[0]);
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0]).toMatchObject({
      filename: "invoice.pdf",
      mimeType: "application/pdf",
    });
    expect(Array.from(new Uint8Array(parsed.attachments[0].content as ArrayBuffer))).toEqual([
      1, 2, 3, 250,
    ]);
    expect(await emailAdapter.send(out, creds, { fetch: mockFetch() })).toMatchObject({
      ok: false,
      retryable: false,
      code: "NO_MAILER",
    });
  });

  it("should classify mailer errors", async () => {
    const failing = (message: string): Mailer => ({
      send: async () => {
        throw new Error(message);
      },
    });
    expect(
      await emailAdapter.send(out, creds, {
        fetch: mockFetch(),
        mailer: failing("destination address not verified"),
      }),
    ).toMatchObject({ ok: false, retryable: false, code: "EMAIL_REJECTED" });
    expect(
      await emailAdapter.send(out, creds, {
        fetch: mockFetch(),
        mailer: failing("internal error, try again"),
      }),
    ).toMatchObject({ ok: false, retryable: true, code: "EMAIL_SEND_FAILED" });
  });

  it("should hand an EmailMessage to the send_email binding", async () => {
    const got: EmailMessage[] = [];
    const binding = {
      send: async (m: EmailMessage) => {
        got.push(m);
        return { messageId: "x" };
      },
    } as unknown as SendEmail;
    await createCloudflareMailer(binding).send({
      from: "help@shop.test",
      to: "ada@example.com",
      raw: "Subject: x\r\n\r\nhi",
    });
    expect(got).toHaveLength(1);
    expect(got[0].from).toBe("help@shop.test");
    expect(got[0].to).toBe("ada@example.com");
  });
});
