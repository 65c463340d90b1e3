import { afterEach, describe, expect, it } from "vitest";
import { handoverResponder, setAiResponder } from "./ai-responder";
import type { ServerFrame } from "../workers/wire/socket";
import {
  clientId,
  messagesOf,
  openSocket,
  readMessages,
  waitFor,
  widgetChannel,
  widgetSession,
} from "./engine-helpers";
import { call, errorOf, signupTenant } from "./helpers";
import { hmacSha256, toHex } from "../workers/lib/crypto";

afterEach(() => setAiResponder(null));

describe("widget", () => {
  it("should store a shopper message, hand over with a handover responder, and show both live", async () => {
    setAiResponder(handoverResponder);
    const owner = await signupTenant();
    const { visitorToken, conversationId } = await widgetSession(owner);
    expect(conversationId).toBeNull();
    const sock = await openSocket(`/ws/widget?token=${visitorToken}`);
    const ready = await sock.next((f) => f.type === "ready");
    expect(ready).toMatchObject({
      type: "ready",
      role: "shopper",
      conversation: { status: "bot" },
      lastSeq: 0,
    });
    sock.send({ type: "message", clientId: clientId(), text: "Where is my order?" });
    const ai = await sock.next(
      (f) => f.type === "message" && f.message.author.type === "ai",
      "ai reply",
    );
    expect(ai.type === "message" && ai.message.text).toBe("I'll get a person to help you.");
    const state = await sock.next(
      (f) => f.type === "state" && f.conversation.status === "waiting",
      "waiting state",
    );
    expect(state).toMatchObject({ conversation: { status: "waiting" } });
    const again = await widgetSession(owner, { visitorToken });
    expect(again.conversationId).toBeTruthy();
    const msgs = await readMessages(owner.cookie, again.conversationId!);
    expect(msgs.map((m) => [m.seq, m.author.type, m.kind])).toEqual([
      [1, "shopper", "text"],
      [2, "ai", "text"],
      [3, "system", "event"],
    ]);
    sock.close();
  });
});
