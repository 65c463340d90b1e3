/** WhatsApp's 24-hour reply window: the detail shows it, agents are warned before it closes, and outside it only templates go out. */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setAiResponder } from "./ai-responder";
import type { ConversationStore } from "../durable-objects/conversation/store";
import type { OutboundMessage } from "../workers/channels/adapter";
import { doConversationActions } from "../workers/services/conversation-actions";
import type { ServerFrame } from "../workers/wire/socket";
import { addChannel, clientId, inbound, openSocket, shardRows, waitFor } from "./engine-helpers";
import { call, errorOf, signupTenant, type Caller } from "./helpers";
import { recordSends } from "./recording-channel";

const H = 3600_000;
let sent: OutboundMessage[] = [];
let restore = () => {};

beforeEach(() => {
  setAiResponder(async () => ({ kind: "answer", text: "" }));
  ({ sent, restore } = recordSends("whatsapp", () => ({
    ok: true,
    externalMessageId: `wamid.${crypto.randomUUID()}`,
  })));
});
afterEach(() => {
  restore();
  setAiResponder(null);
});

/** Moves the contact's last message `ago` ms into the past, in the object and in the D1 index. */
async function lastInboundAgo(tenantId: string, id: string, ago: number): Promise<number> {
  const at = Date.now() - ago;
  const stub = env.CONVERSATION.get(env.CONVERSATION.idFromName(id));
  await runInDurableObject(stub, (instance, state) => {
    // Through the object's own store: it keeps a write-through copy of its state in memory.
    const store = (instance as unknown as { commands: { store: ConversationStore } }).commands
      .store;
    const s = store.state()!;
    s.lastInboundAt = at;
    store.saveState(s);
    state.storage.sql.exec("UPDATE timers SET due_at = ? WHERE purpose = 'window'", Date.now() - 1);
  });
  await env.DB.prepare("UPDATE conversations SET last_inbound_at = ? WHERE id = ?")
    .bind(at, id)
    .run();
  // The conversation detail reads the tenant's index (its shard): once the object's flush of the
  // inbound message has put the row there, set the same time on it.
  await waitFor(
    async () =>
      (await shardRows(tenantId, "SELECT id FROM conv_index WHERE id = ?", id)).length > 0,
    "the conversation's row in the tenant's index",
  );
  await shardRows(
    tenantId,
    "UPDATE conv_index SET last_inbound_at = ? WHERE id = ?",
    String(at),
    id,
  );
  return at;
}

async function detailWindow(owner: Caller, id: string) {
  const res = await call("GET", `/api/conversations/${id}`, { cookie: owner.cookie });
  expect(res.status).toBe(200);
  return (
    (await res.json()) as {
      conversation: { window: { open: boolean; closesAt: number | null } | null };
    }
  ).conversation.window;
}

async function whatsappConversation() {
  const owner = await signupTenant();
  const wa = await addChannel(owner.tenantId, "whatsapp");
  const id = await inbound(
    owner.tenantId,
    wa,
    "whatsapp",
    `+49151${Math.floor(Math.random() * 1e7)}`,
    ["hola"],
  );
  return { owner, id, stub: env.CONVERSATION.get(env.CONVERSATION.idFromName(id)) };
}

describe("whatsapp reply window", () => {
  it("should show the open window and arm the warning an hour before it closes", async () => {
    const { owner, id, stub } = await whatsappConversation();
    const window = await waitFor(
      async () => ((await detailWindow(owner, id))?.closesAt ? detailWindow(owner, id) : null),
      "window in detail",
    );
    expect(window!.open).toBe(true);
    expect(window!.closesAt! - Date.now()).toBeGreaterThan(23.9 * H);
    const armed = await runInDurableObject(stub, async (_o, state) => ({
      due: state.storage.sql
        .exec<{ due_at: number }>("SELECT due_at FROM timers WHERE purpose = 'window'")
        .one().due_at,
      alarm: await state.storage.getAlarm(),
    }));
    expect(armed.due).toBe(window!.closesAt! - H);
    expect(armed.alarm).not.toBeNull();
    expect(armed.alarm!).toBeLessThanOrEqual(armed.due);
  });

  it("should warn agents once, with an event line and a state frame, when the window closes within the hour", async () => {
    const { owner, id, stub } = await whatsappConversation();
    const agentSock = await openSocket<ServerFrame>(`/ws/conversations/${id}`, owner.cookie);
    await agentSock.next((f) => f.type === "ready");
    await lastInboundAgo(owner.tenantId, id, 23 * H + 10 * 60_000);
    await runInDurableObject(stub, (_o, state) => state.storage.setAlarm(Date.now() + 60_000));
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const line = await agentSock.next(
      (f) => f.type === "message" && f.message.meta.event === "window_closing",
      "warning line",
    );
    expect(line.type === "message" && line.message.text).toMatch(/closes in 50 minutes/);
    await agentSock.next((f) => f.type === "state" && f.reason === "window_closing", "state frame");
    // A second alarm does not warn again for the same window.
    await runInDurableObject(stub, (_o, state) => {
      state.storage.sql.exec(
        "INSERT OR REPLACE INTO timers (purpose, due_at) VALUES ('window', ?)",
        Date.now() - 1,
      );
      return state.storage.setAlarm(Date.now() + 60_000);
    });
    await runDurableObjectAlarm(stub);
    const res = await call("GET", `/api/conversations/${id}/messages?limit=200&after=0`, {
      cookie: owner.cookie,
    });
    const { messages } = (await res.json()) as { messages: { meta: Record<string, unknown> }[] };
    expect(messages.filter((m) => m.meta.event === "window_closing")).toHaveLength(1);
    agentSock.close();
  });

  it("should refuse free-form text once the window closed (422 WINDOW_CLOSED) and still send a template", async () => {
    const { owner, id } = await whatsappConversation();
    await lastInboundAgo(owner.tenantId, id, 25 * H);
    expect(await detailWindow(owner, id)).toMatchObject({ open: false });
    const res = await call("POST", `/api/conversations/${id}/messages`, {
      cookie: owner.cookie,
      body: { clientId: clientId(), text: "late reply" },
    });
    expect(res.status).toBe(422);
    expect((await errorOf(res)).code).toBe("WINDOW_CLOSED");
    const actions = doConversationActions(env.CONVERSATION);
    expect(await actions.sendMessage(id, "A workflow reply")).toMatchObject({
      ok: false,
      code: "WINDOW_CLOSED",
    });
    expect(
      await actions.sendTemplate(id, { name: "order_update", language: "es", params: ["A-1"] }),
    ).toEqual({ ok: true });
    const out = await waitFor(
      () => sent.find((s) => s.template),
      "template sent through the adapter",
    );
    expect(out.template).toEqual({ name: "order_update", language: "es", variables: ["A-1"] });
  });
});
