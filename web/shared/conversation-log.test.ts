import { describe, expect, it } from "vitest";
import type { Message, ServerFrame } from "../../workers/wire/socket";
import {
  emptyLog,
  insertMessage,
  logReducer,
  newClientId,
  type LogState,
} from "./conversation-log";

function msg(seq: number, over: Partial<Message> = {}): Message {
  return {
    id: `msg_${seq}`,
    seq,
    conversationId: "cnv_1",
    author: { type: "shopper", id: null, name: null },
    kind: "text",
    text: `m${seq}`,
    language: null,
    translation: null,
    attachments: [],
    citations: [],
    clientId: null,
    externalId: null,
    replyToId: null,
    createdAt: seq,
    editedAt: null,
    deletedAt: null,
    history: [],
    delivery: null,
    meta: {},
    ...over,
  };
}
const frame = (s: LogState, f: ServerFrame) => logReducer(s, { type: "frame", frame: f });

describe("logReducer", () => {
  it("should keep one copy of a message replayed after a resume", () => {
    let s = frame(emptyLog(), { type: "message", message: msg(1) });
    s = frame(s, { type: "message", message: msg(2) });
    s = frame(s, { type: "message", message: msg(2) });
    s = frame(s, { type: "message", message: msg(1) });
    expect(s.messages.map((m) => m.seq)).toEqual([1, 2]);
    expect(s.lastSeq).toBe(2);
  });

  it("should replace a pending message when its echo (same clientId) arrives", () => {
    let s = logReducer(emptyLog(), {
      type: "queued",
      item: { clientId: "c-abc-123", text: "hi", attachments: [], createdAt: 1 },
    });
    s = logReducer(s, {
      type: "queued",
      item: { clientId: "c-abc-123", text: "hi", attachments: [], createdAt: 1 },
    });
    expect(s.pending).toHaveLength(1);
    s = frame(s, { type: "message", message: msg(5, { clientId: "c-abc-123", text: "hi" }) });
    expect(s.pending).toHaveLength(0);
    expect(s.messages).toHaveLength(1);
    // A late re-queue of an already stored clientId is ignored.
    s = logReducer(s, {
      type: "queued",
      item: { clientId: "c-abc-123", text: "hi", attachments: [], createdAt: 1 },
    });
    expect(s.pending).toHaveLength(0);
  });

  it("should order out-of-order frames by seq", () => {
    let s = frame(emptyLog(), { type: "message", message: msg(3) });
    s = frame(s, { type: "message", message: msg(1) });
    s = logReducer(s, { type: "history", messages: [msg(2)] });
    expect(s.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it("should stream AI tokens into a draft that gives way to the stored message", () => {
    let s = frame(emptyLog(), { type: "ai_token", turnId: "t1", token: "El envío " });
    s = frame(s, { type: "ai_token", turnId: "t1", token: "tarda 3 días" });
    expect(s.drafts).toEqual([
      { turnId: "t1", text: "El envío tarda 3 días", messageId: null, done: false },
    ]);
    s = frame(s, { type: "ai_done", turnId: "t1", messageId: "msg_9" });
    expect(s.drafts).toHaveLength(1);
    s = frame(s, {
      type: "message",
      message: msg(9, { author: { type: "ai", id: null, name: null } }),
    });
    expect(s.drafts).toHaveLength(0);
  });

  it("should replace the draft in one step when the stored answer names its turn", () => {
    let s = frame(emptyLog(), { type: "ai_token", turnId: "t1", token: "El envío tarda" });
    s = frame(s, {
      type: "message",
      message: msg(5, { author: { type: "ai", id: null, name: null } }),
      turnId: "t1",
    });
    expect(s.drafts).toHaveLength(0);
    expect(s.messages.map((m) => m.seq)).toEqual([5]);
    // Another turn's draft is left alone.
    s = frame(s, { type: "ai_token", turnId: "t2", token: "y" });
    s = frame(s, {
      type: "message",
      message: msg(6, { author: { type: "ai", id: null, name: null } }),
      turnId: "t1",
    });
    expect(s.drafts.map((d) => d.turnId)).toEqual(["t2"]);
  });

  it("should drop the draft at once when the stored message came first, or on cancel", () => {
    let s = frame(emptyLog(), { type: "ai_token", turnId: "t1", token: "x" });
    s = frame(s, { type: "message", message: msg(4) });
    s = frame(s, { type: "ai_done", turnId: "t1", messageId: "msg_4" });
    expect(s.drafts).toHaveLength(0);
    s = frame(s, { type: "ai_token", turnId: "t2", token: "y" });
    s = frame(s, { type: "ai_cancelled", turnId: "t2" });
    expect(s.drafts).toHaveLength(0);
  });

  it("should track typing, read receipts and conversation state", () => {
    const state = {
      id: "cnv_1",
      status: "waiting" as const,
      assignee: null,
      queuePosition: 2,
      language: "es",
      channelType: "widget",
      rating: null,
    };
    let s = frame(emptyLog(), { type: "typing", from: "agent", name: "Bo", on: true });
    expect(s.typing).toEqual({ from: "agent", name: "Bo" });
    s = frame(s, {
      type: "message",
      message: msg(1, { author: { type: "agent", id: "u", name: "Bo" } }),
    });
    expect(s.typing).toBeNull();
    s = frame(s, { type: "read", by: "agent", seq: 7 });
    s = frame(s, { type: "read", by: "agent", seq: 3 });
    expect(s.readBy.agent).toBe(7);
    s = frame(s, { type: "state", conversation: state, reason: null });
    expect(s.conversation?.queuePosition).toBe(2);
  });
});

describe("insertMessage", () => {
  it("should update an edited message in place", () => {
    const list = insertMessage([msg(1), msg(2)], msg(2, { text: "edited", editedAt: 5 }));
    expect(list.map((m) => m.text)).toEqual(["m1", "edited"]);
  });
});

describe("newClientId", () => {
  it("should be unique and within the protocol's 8–64 characters", () => {
    const ids = new Set(Array.from({ length: 200 }, newClientId));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id.length >= 8 && id.length <= 64).toBe(true);
  });
});
