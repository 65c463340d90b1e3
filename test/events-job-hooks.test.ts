/**
 * The events job reads the tenant's workflows and webhook endpoints from their copy in the tenant's
 * shard: one shard call and no D1 statement per job once the copies are warm, and an edit through the
 * API is used by the very next event.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { handleConversationEvents } from "../workers/queues/conversation-events";
import { call, signupTenant } from "./helpers";
import { event, fakeActions, seedContact, seedConversation } from "./ops-fixtures";

/** The env with D1 statements and tenant-shard calls counted at the bindings. */
function counted() {
  const n = { d1: 0, shard: [] as string[] };
  const db = new Proxy(env.DB, {
    get(target, prop) {
      const v = Reflect.get(target, prop) as unknown;
      if (typeof v !== "function") return v;
      return (...args: unknown[]) => {
        if (prop === "prepare" || prop === "exec") n.d1++;
        return (v as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  const ns = env.TENANT_SHARD;
  const shard = {
    idFromName: (name: string) => ns.idFromName(name),
    get: (id: DurableObjectId) => {
      const stub = ns.get(id);
      return new Proxy(stub, {
        get(target, prop) {
          const v = Reflect.get(target, prop) as unknown;
          if (typeof prop !== "string" || typeof v !== "function") return v;
          return (...args: unknown[]) => {
            n.shard.push(prop);
            return (target as unknown as Record<string, (...a: unknown[]) => unknown>)[prop](
              ...args,
            );
          };
        },
      });
    },
  };
  return { n, env: { ...env, DB: db, TENANT_SHARD: shard as unknown as typeof ns } };
}

let seq = 0;
/** A job with one shopper message of this text. */
function job(tenantId: string, conv: string, text: string) {
  seq++;
  const at = Date.now();
  return {
    kind: "conversation_events",
    tenantId,
    conversationId: conv,
    events: [
      {
        ...event(tenantId, conv, "message.created", at, {
          messageId: `m${seq}-${conv}`,
          authorType: "shopper",
          kind: "text",
          text,
        }),
        id: `e${seq}-${conv}`,
      },
    ],
  };
}

async function setup() {
  const owner = await signupTenant();
  const conv = await seedConversation(owner.tenantId, await seedContact(owner.tenantId), {
    createdAt: Date.now(),
  });
  const wf = await call("POST", "/api/workflows", {
    cookie: owner.cookie,
    body: {
      name: "Refunds",
      enabled: true,
      definition: {
        trigger: { type: "message.received", keywords: ["refund"] },
        steps: [{ type: "set_attribute", target: "conversation", key: "asked", value: "refund" }],
      },
    },
  });
  expect(wf.status).toBe(201);
  const workflowId = ((await wf.json()) as { workflow: { id: string } }).workflow.id;
  return { owner, conv, workflowId };
}

const deps = () => ({ actions: fakeActions() });

describe("events job hooks from the tenant's shard", () => {
  it("should make one shard call and no D1 statement per job once the copies are warm", async () => {
    const { owner, conv } = await setup();
    const ep = await call("POST", "/api/webhook-endpoints", {
      cookie: owner.cookie,
      body: { url: "https://crm.example.com/hook", events: ["conversation.resolved"] },
    });
    expect(ep.status).toBe(201);
    // Cold: the copies are read from D1 and stored in the shard.
    const cold = counted();
    const [first] = await handleConversationEvents(
      cold.env,
      job(owner.tenantId, conv, "where is my parcel"),
      deps(),
    );
    expect(first.ok).toBe(true);
    expect(cold.n.d1).toBeGreaterThan(0);
    const warm = counted();
    const [second] = await handleConversationEvents(
      warm.env,
      job(owner.tenantId, conv, "still waiting for the parcel"),
      deps(),
    );
    expect(second).toMatchObject({ ok: true, duplicate: false, webhooks: 0 });
    expect(warm.n.d1).toBe(0);
    expect(warm.n.shard).toEqual(["applyEvents"]);
  });

  it("should use an edited workflow and a new or deleted endpoint on the very next event", async () => {
    const { owner, conv, workflowId } = await setup();
    const run = async (text: string) =>
      (await handleConversationEvents(env, job(owner.tenantId, conv, text), deps()))[0];
    expect((await run("I want a refund")).workflows?.started).toBe(1);
    expect((await run("I want a refund again")).workflows?.started).toBe(1);

    const patched = await call("PATCH", `/api/workflows/${workflowId}`, {
      cookie: owner.cookie,
      body: {
        definition: {
          trigger: { type: "message.received", keywords: ["exchange"] },
          steps: [
            { type: "set_attribute", target: "conversation", key: "asked", value: "exchange" },
          ],
        },
      },
    });
    expect(patched.status).toBe(200);
    expect((await run("a refund please")).workflows?.started).toBe(0);
    expect((await run("an exchange please")).workflows?.started).toBe(1);

    expect((await run("no hooks yet")).webhooks).toBe(0);
    const ep = await call("POST", "/api/webhook-endpoints", {
      cookie: owner.cookie,
      body: { url: "https://crm.example.com/hook", events: ["message.created"] },
    });
    expect(ep.status).toBe(201);
    const endpointId = ((await ep.json()) as { endpoint: { id: string } }).endpoint.id;
    expect((await run("hook me")).webhooks).toBe(1);
    const deleted = await call("DELETE", `/api/webhook-endpoints/${endpointId}`, {
      cookie: owner.cookie,
    });
    expect(deleted.status).toBe(204);
    expect((await run("hook me again")).webhooks).toBe(0);
  });

  it("should read D1's leads once for a conversation without a lead, and again once one starts", async () => {
    const { owner, conv } = await setup();
    const run = async (text: string) => {
      const c = counted();
      const [r] = await handleConversationEvents(c.env, job(owner.tenantId, conv, text), deps());
      return { r, d1: c.n.d1 };
    };
    // Warm the hook copies with a text that has no lead facts.
    await run("hello there");
    // Lead facts, but nothing that starts a lead: D1 is read once, then the shard remembers.
    const first = await run("Is the blue version back in stock soon?");
    expect(first.r.lead ?? null).toBeNull();
    expect(first.d1).toBeGreaterThan(0);
    const again = await run("Is the red version back in stock soon?");
    expect(again.r.lead ?? null).toBeNull();
    expect(again.d1).toBe(0);
    // A purchase starts the lead; a later message without a start still updates it.
    const started = await run("I want to buy 2 blue linen shirts");
    expect(started.r.lead).toMatchObject({ written: true });
    const email = await run("My email is ana@example.com");
    expect(email.r.lead).toMatchObject({ written: true });
    const row = await env.DB.prepare("SELECT email, quantity FROM leads WHERE conversation_id = ?")
      .bind(conv)
      .first<{ email: string; quantity: number }>();
    expect(row).toEqual({ email: "ana@example.com", quantity: 2 });
  });
});
