/** Workflows acting on real conversations: the template welcome, the RPC actions and delayed steps on the DO alarm. */
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { setAiResponder } from "./ai-responder";
import { conversationStub } from "../durable-objects/rpc";
import { doConversationActions } from "../workers/services/conversation-actions";
import {
  addChannel,
  clientId,
  inbound,
  openSocket,
  readMessages,
  waitFor,
  widgetSession,
} from "./engine-helpers";
import { addMember, call, signupTenant } from "./helpers";

afterEach(() => setAiResponder(null));

describe("workflows on the live engine", () => {
  it("should greet a Spanish widget shopper in Spanish with the welcome template workflow", async () => {
    const owner = await signupTenant();
    const created = await call("POST", "/api/workflows/from-template", {
      cookie: owner.cookie,
      body: { templateId: "welcome-by-language" },
    });
    expect(created.status).toBe(201);
    const { visitorToken } = await widgetSession(owner, { language: "es" });
    const sock = await openSocket(`/ws/widget?token=${visitorToken}`);
    // The conversation, and with it the workflow's trigger, starts with the shopper's first message.
    await sock.next((f) => f.type === "ready");
    sock.send({ type: "message", clientId: clientId(), text: "Hola" });
    const welcome = await sock.next(
      (f) =>
        f.type === "message" && f.message.author.type === "system" && f.message.kind === "text",
      "welcome message",
    );
    expect(welcome.type === "message" && welcome.message.text).toBe(
      "¡Hola! 👋 ¿En qué podemos ayudarte hoy?",
    );
    const ready = sock.frames.find((f) => f.type === "ready");
    const conversationId = ready?.type === "ready" ? ready.conversation.id : "";
    const runs = await waitFor(async () => {
      const res = (await (
        await call("GET", "/api/workflow-runs", { cookie: owner.cookie })
      ).json()) as { runs: { status: string; conversationId: string }[] };
      return res.runs.length ? res.runs : null;
    }, "run log");
    expect(runs[0]).toMatchObject({ status: "succeeded", conversationId });
    // Exactly one welcome, whatever the queue redelivers.
    const msgs = await readMessages(owner.cookie, conversationId);
    expect(msgs.filter((m) => m.author.type === "system" && m.kind === "text")).toHaveLength(1);
    sock.close();
  });

  it("should tag, assign, hand over, set attributes and resolve through the DO with the engine's events", async () => {
    setAiResponder(async () => ({ kind: "answer", text: "Sure.", language: "en" }));
    const owner = await signupTenant();
    const agent = await addMember(owner, "agent");
    const channel = await addChannel(owner.tenantId, "telegram");
    const id = await inbound(owner.tenantId, channel, "telegram", `u-${crypto.randomUUID()}`, [
      "hello",
    ]);
    const actions = doConversationActions(env.CONVERSATION);
    expect(await actions.addTags(id, ["vip", "order"])).toEqual({ ok: true });
    expect(await actions.removeTags(id, ["order"])).toEqual({ ok: true });
    expect(await actions.setAttribute(id, "orderId", "A-1")).toEqual({ ok: true });
    expect(await conversationStub(env, id).attributes()).toEqual({ orderId: "A-1" });
    expect(await actions.assign(id, { agentId: "usr_nobody" })).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
    });
    expect(await actions.assign(id, { agentId: agent.userId })).toEqual({ ok: true });
    expect(await actions.handover(id, "workflow")).toEqual({ ok: true });
    expect(await actions.resolve(id)).toEqual({ ok: true });
    expect(await actions.resolve(id)).toMatchObject({ ok: false, code: "INVALID_STATE" });
    expect(await actions.sendTemplate(id, { name: "x", language: "en", params: [] })).toMatchObject(
      { ok: false, code: "VALIDATION_FAILED" },
    );
    const row = await waitFor(
      () =>
        env.DB.prepare("SELECT status, assignee_id, tags FROM conversations WHERE id = ?")
          .bind(id)
          .first<{ status: string; assignee_id: string | null; tags: string }>()
          .then((r) => (r?.status === "resolved" ? r : null)),
      "index row resolved",
    );
    expect(JSON.parse(row.tags)).toEqual(["vip"]);
    const snap = await conversationStub(env, id).snapshot();
    expect(snap.ok && snap.value.transitions.map((t) => [t.to, t.reason, t.actorId])).toEqual([
      ["assigned", "workflow_assigned", "workflow"],
      ["resolved", "resolved", "workflow"],
    ]);
  });

  it("should run a delayed step from the conversation object's alarm", async () => {
    setAiResponder(async () => ({ kind: "answer", text: "Hi", language: "en" }));
    const owner = await signupTenant();
    const wf = await call("POST", "/api/workflows", {
      cookie: owner.cookie,
      body: {
        name: "Tag later",
        enabled: true,
        definition: {
          trigger: { type: "tag.added", tags: ["later"] },
          steps: [
            { type: "delay", minutes: 5 },
            { type: "add_tags", tags: ["done-later"] },
          ],
        },
      },
    });
    expect(wf.status).toBe(201);
    const channel = await addChannel(owner.tenantId, "telegram");
    const id = await inbound(owner.tenantId, channel, "telegram", `u-${crypto.randomUUID()}`, [
      "hello",
    ]);
    expect(
      (
        await call("POST", `/api/conversations/${id}/tags`, {
          cookie: owner.cookie,
          body: { add: ["later"] },
        })
      ).status,
    ).toBe(200);
    const stub = env.CONVERSATION.get(env.CONVERSATION.idFromName(id));
    // The run waits: its resume step is in D1 and the object's alarm is set for it (the waker).
    const step = await waitFor(
      () =>
        env.DB.prepare(
          "SELECT id, due_at FROM workflow_scheduled_steps WHERE conversation_id = ? AND kind = 'resume'",
        )
          .bind(id)
          .first<{ id: string; due_at: number }>(),
      "scheduled resume step",
    );
    // The step is written to D1 before the object is woken to arm its timer: wait for the timer too.
    const timer = await waitFor(
      () =>
        runInDurableObject(stub, async (_o, state) => {
          const row = state.storage.sql
            .exec<{ due_at: number }>("SELECT due_at FROM timers WHERE purpose = 'workflow'")
            .toArray()[0];
          return row ? { due: row.due_at, alarm: await state.storage.getAlarm() } : null;
        }),
      "the object's workflow timer",
    );
    expect(timer.due).toBe(step.due_at);
    expect(timer.alarm).toBeLessThanOrEqual(step.due_at);
    // Five minutes pass.
    await env.DB.prepare("UPDATE workflow_scheduled_steps SET due_at = ? WHERE id = ?")
      .bind(Date.now() - 1, step.id)
      .run();
    await runInDurableObject(
      stub,
      (_o, state) =>
        void state.storage.sql.exec(
          "UPDATE timers SET due_at = ? WHERE purpose = 'workflow'",
          Date.now() - 1,
        ),
    );
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const row = await env.DB.prepare("SELECT status FROM workflow_scheduled_steps WHERE id = ?")
      .bind(step.id)
      .first<{ status: string }>();
    expect(row?.status).toBe("done");
    const { conversation } = (await (
      await call("GET", `/api/conversations/${id}`, { cookie: owner.cookie })
    ).json()) as { conversation: { tags: string[] } };
    expect(conversation.tags).toEqual(["later", "done-later"]);
  });
});
