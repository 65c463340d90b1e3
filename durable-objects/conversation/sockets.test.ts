import { describe, expect, it } from "vitest";
import type { Message } from "../../workers/wire/socket";
import { newAttachment, parseFrame, takeToken, visibleTo } from "./sockets";

const msg = (over: Partial<Message>): Message => ({
  id: "m1",
  seq: 1,
  conversationId: "c",
  author: { type: "agent", id: "u", name: "Sam" },
  kind: "text",
  text: "hi",
  language: null,
  translation: null,
  attachments: [],
  citations: [],
  clientId: null,
  externalId: null,
  replyToId: null,
  createdAt: 1,
  editedAt: null,
  deletedAt: null,
  history: [],
  delivery: null,
  meta: {},
  ...over,
});

describe("socket frames", () => {
  it("should parse valid frames and classify bad ones", () => {
    expect(parseFrame(JSON.stringify({ type: "ping" }))).toEqual({
      ok: true,
      frame: { type: "ping" },
    });
    expect(parseFrame("{nope")).toMatchObject({
      ok: false,
      strike: true,
      error: { code: "INVALID_JSON" },
    });
    expect(
      parseFrame(JSON.stringify({ type: "message", clientId: "12345678", text: "x".repeat(4001) })),
    ).toMatchObject({ ok: false, strike: false, error: { code: "PAYLOAD_TOO_LARGE" } });
    expect(parseFrame("x".repeat(17_000))).toMatchObject({ ok: false, close: { code: 1009 } });
    expect(parseFrame(new ArrayBuffer(4))).toMatchObject({ ok: false, close: { code: 1008 } });
    expect(parseFrame(JSON.stringify({ type: "rating", score: 9 }))).toMatchObject({
      ok: false,
      strike: true,
      error: { code: "VALIDATION_FAILED" },
    });
  });

  it("should allow a burst of 30 frames and refill at 10 per second", () => {
    const att = newAttachment({ role: "shopper", userId: null, name: null, contactId: "c" }, 0);
    let allowed = 0;
    for (let i = 0; i < 50; i++) if (takeToken(att, 0)) allowed++;
    expect(allowed).toBe(30);
    expect(takeToken(att, 50)).toBe(false);
    expect(takeToken(att, 200)).toBe(true);
  });

  it("should hide notes, internal lines and edit history from shoppers", () => {
    expect(visibleTo("shopper", msg({ kind: "note" }))).toBeNull();
    expect(visibleTo("shopper", msg({ kind: "event", meta: { internal: true } }))).toBeNull();
    expect(
      visibleTo("shopper", msg({ deletedAt: 5, history: [{ text: "old", at: 1 }] })),
    ).toMatchObject({ text: "", history: [] });
    expect(visibleTo("agent", msg({ kind: "note" }))?.kind).toBe("note");
  });

  it("should give shoppers only what a status line needs to be said in their language", () => {
    const status = msg({
      kind: "event",
      meta: {
        event: "status",
        from: "waiting",
        to: "assigned",
        reason: "agent_replied",
        actor: { type: "agent", id: "usr_1", name: "Bo" },
        assignee: "Bo",
      },
    });
    expect(visibleTo("shopper", status)?.meta).toEqual({
      event: "status",
      to: "assigned",
      assignee: "Bo",
    });
    expect(visibleTo("shopper", msg({ meta: { aiKind: "answer", rule: "x" } }))?.meta).toEqual({});
  });
});
