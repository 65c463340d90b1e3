/**
 * Sample conversations for the demo tenant, made the way real ones are: identified shoppers on the
 * widget's WebSocket, the built-in AI answering from the demo knowledge, the demo owner acting through
 * the API. Each sample is its own identified shopper, so running the seed again finds its conversation
 * and adds nothing.
 */
import { createHmac, randomUUID } from "node:crypto";
import WebSocketClient from "ws";

/** One handed over and waiting, one resolved and rated, one in Spanish. */
export const SAMPLES = [
  {
    userId: "demo-sample-waiting",
    name: "Emma Clarke",
    email: "emma.clarke@example.com",
    language: "en-GB",
    text: "My rain jacket arrived with a torn sleeve. Can I talk to someone about a replacement?",
    outcome: "handover",
  },
  {
    userId: "demo-sample-rated",
    name: "Noah Williams",
    email: "noah.williams@example.com",
    language: "en-US",
    text: "How long does shipping take?",
    outcome: "resolve-and-rate",
    rating: { score: 5, comment: "Quick and clear answer, thank you!" },
  },
  {
    userId: "demo-sample-spanish",
    name: "Lucía Fernández",
    email: "lucia.fernandez@example.com",
    language: "es-ES",
    text: "Hola, ¿cuál es la política de devoluciones?",
    outcome: null,
  },
];

const WAIT_MS = 20_000;

/** A shopper's widget socket with the frames it received, and a way to wait for one. */
async function connect(url) {
  const ws = new (globalThis.WebSocket ?? WebSocketClient)(url);
  const frames = [];
  const waiters = new Set();
  ws.addEventListener("message", (e) => {
    frames.push(JSON.parse(String(e.data)));
    for (const w of waiters) w();
  });
  await new Promise((resolve, reject) => {
    ws.addEventListener("open", resolve, { once: true });
    ws.addEventListener(
      "error",
      () => reject(new Error(`demo shopper could not connect to ${url.split("?")[0]}`)),
      { once: true },
    );
  });
  /** Resolves with the first frame (already received or still to come) that `pred` accepts. */
  const until = (what, pred) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const hit = frames.find(pred);
        if (!hit) return false;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(hit);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        const refused = frames
          .filter((f) => f.type === "error")
          .map((f) => `${f.code}: ${f.message}`);
        reject(
          new Error(
            `demo conversation: no ${what} within ${WAIT_MS} ms${refused.length ? ` (${refused.join("; ")})` : ""}`,
          ),
        );
      }, WAIT_MS);
      if (!check()) waiters.add(check);
    });
  return {
    send: (frame) => ws.send(JSON.stringify(frame)),
    until,
    close: () => ws.close(1000, "demo seeded"),
  };
}

const stateIs = (pred) => (f) => f.type === "state" && pred(f.conversation);

/**
 * Makes the samples the demo tenant lacks. `cookie` is the demo owner's session.
 * @returns {Promise<{ created: string[], kept: string[] }>} conversation ids
 */
export async function seedDemoConversations(base, cookie, publicKey) {
  const widget = await (await fetch(`${base}/api/settings/widget`, { headers: { cookie } })).json();
  const secret = widget.settings?.identitySecret;
  if (!secret) throw new Error("demo conversations: the widget's identity secret is not readable");
  const created = [];
  const kept = [];
  for (const sample of SAMPLES) {
    const identity = {
      userId: sample.userId,
      hash: createHmac("sha256", secret).update(sample.userId).digest("hex"),
      name: sample.name,
      email: sample.email,
    };
    const res = await fetch(`${base}/api/widget/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ publicKey, identity, language: sample.language }),
    });
    if (!res.ok)
      throw new Error(`demo conversations: session failed: ${res.status} ${await res.text()}`);
    const session = await res.json();
    if (session.conversationId) {
      kept.push(session.conversationId);
      continue;
    }
    const shopper = await connect(
      `${base.replace(/^http/, "ws")}/ws/widget?token=${encodeURIComponent(session.visitorToken)}`,
    );
    try {
      await shopper.until("ready", (f) => f.type === "ready");
      const clientId = `demo-${randomUUID()}`;
      shopper.send({ type: "message", clientId, text: sample.text });
      const echo = await shopper.until(
        "echo of the shopper's message",
        (f) => f.type === "message" && f.message.clientId === clientId,
      );
      const conversationId = echo.message.conversationId;
      // The AI's turn (an answer, or a handover of its own) ends before the next step.
      await shopper.until(
        "AI answer",
        (f) =>
          f.type === "ai_done" ||
          f.type === "ai_cancelled" ||
          (f.type === "state" && f.conversation.status !== "bot"),
      );
      if (sample.outcome === "handover") {
        shopper.send({ type: "handover_request" });
        await shopper.until(
          "handover",
          stateIs((c) => c.status === "waiting" || c.status === "assigned"),
        );
      } else if (sample.outcome === "resolve-and-rate") {
        const done = await fetch(`${base}/api/conversations/${conversationId}/resolve`, {
          method: "POST",
          headers: { cookie },
        });
        if (!done.ok)
          throw new Error(
            `demo conversations: resolve failed: ${done.status} ${await done.text()}`,
          );
        await shopper.until(
          "resolution",
          stateIs((c) => c.status === "resolved"),
        );
        shopper.send({ type: "rating", ...sample.rating });
        await shopper.until(
          "rating",
          stateIs((c) => c.rating?.score === sample.rating.score),
        );
      }
      created.push(conversationId);
    } finally {
      shopper.close();
    }
  }
  return { created, kept };
}
