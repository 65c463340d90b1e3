/** Ops against the live engine: events from real conversations reach analytics through the jobs queue. */
import { afterEach, describe, expect, it } from "vitest";
import { setAiResponder } from "./ai-responder";
import { clientId, openSocket, waitFor, widgetSession } from "./engine-helpers";
import { call, signupTenant, type Caller } from "./helpers";

afterEach(() => setAiResponder(null));

interface Metrics {
  conversations: number;
  resolved: number;
  csat: { responses: number; positive: number; score: number | null };
}

async function metrics(owner: Caller): Promise<Metrics> {
  const res = await call("GET", "/api/analytics/summary", { cookie: owner.cookie });
  expect(res.status).toBe(200);
  return ((await res.json()) as { metrics: Metrics }).metrics;
}

describe("ops analytics from live conversations", () => {
  it("should count a widget conversation, then its resolution and 5-star rating as CSAT", async () => {
    setAiResponder(async () => ({
      kind: "answer",
      text: "Your order ships tomorrow.",
      language: "en",
    }));
    const owner = await signupTenant();
    const { visitorToken } = await widgetSession(owner);
    const sock = await openSocket(`/ws/widget?token=${visitorToken}`);
    const ready = await sock.next((f) => f.type === "ready");
    const conversationId = ready.type === "ready" ? ready.conversation.id : "";
    sock.send({ type: "message", clientId: clientId(), text: "When does my order ship?" });
    await sock.next((f) => f.type === "message" && f.message.author.type === "ai", "ai answer");

    const counted = await waitFor(async () => {
      const m = await metrics(owner);
      return m.conversations === 1 ? m : null;
    }, "conversation counted in analytics");
    expect(counted.csat.responses).toBe(0);

    expect(
      (await call("POST", `/api/conversations/${conversationId}/resolve`, { cookie: owner.cookie }))
        .status,
    ).toBe(200);
    await sock.next(
      (f) => f.type === "state" && f.conversation.status === "resolved",
      "resolved state",
    );
    sock.send({ type: "rating", score: 5, comment: "Quick!" });
    await sock.next((f) => f.type === "state" && f.reason === "rated", "rated state");

    const rated = await waitFor(async () => {
      const m = await metrics(owner);
      return m.csat.responses === 1 ? m : null;
    }, "CSAT counted in analytics");
    expect(rated).toMatchObject({
      conversations: 1,
      resolved: 1,
      csat: { responses: 1, positive: 1 },
    });
    sock.close();
  });
});
