/** Workflows, broadcasts and webhook endpoints over HTTP: roles, validation, tenant isolation. */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { addMember, call, errorOf, signupTenant } from "../helpers";
import { seedChannel, seedContact, seedIdentity } from "../ops-fixtures";
import { handleBroadcastJob } from "../../workers/broadcasts/sender";

const count = async (table: string, tenantId: string) =>
  (await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE tenant_id = ?`)
    .bind(tenantId)
    .first<{ n: number }>())!.n;
const WF = {
  trigger: { type: "conversation.created" },
  steps: [{ type: "send_message", text: { default: "Hi", byLanguage: { es: "Hola" } } }],
};

describe("workflows API", () => {
  it("should create, list, update, run-log and delete workflows; secrets shown once", async () => {
    const owner = await signupTenant();
    const res = await call("POST", "/api/workflows", {
      cookie: owner.cookie,
      body: { name: "Greeting", definition: WF },
    });
    expect(res.status).toBe(201);
    const { workflow, signingSecret } = (await res.json()) as {
      workflow: { id: string; enabled: boolean };
      signingSecret: string;
    };
    expect(signingSecret).toMatch(/^whsec_/);
    expect(workflow.enabled).toBe(true);
    const list = await (await call("GET", "/api/workflows", { cookie: owner.cookie })).text();
    expect(list).toContain(workflow.id);
    expect(list).not.toContain(signingSecret);
    const patched = await call("PATCH", `/api/workflows/${workflow.id}`, {
      cookie: owner.cookie,
      body: { enabled: false },
    });
    expect(((await patched.json()) as { workflow: { enabled: boolean } }).workflow.enabled).toBe(
      false,
    );
    expect(
      (await call("GET", `/api/workflow-runs?workflowId=${workflow.id}`, { cookie: owner.cookie }))
        .status,
    ).toBe(200);
    const templates = (await (
      await call("GET", "/api/workflows/templates", { cookie: owner.cookie })
    ).json()) as { templates: { id: string }[] };
    expect(templates.templates.map((t) => t.id)).toEqual([
      "welcome-by-language",
      "order-status-lookup",
      "purchase-intent-handover",
      "after-hours-reply",
    ]);
    const fromT = await call("POST", "/api/workflows/from-template", {
      cookie: owner.cookie,
      body: { templateId: "order-status-lookup" },
    });
    expect(((await fromT.json()) as { workflow: { enabled: boolean } }).workflow.enabled).toBe(
      false,
    );
    expect(
      (await call("DELETE", `/api/workflows/${workflow.id}`, { cookie: owner.cookie })).status,
    ).toBe(204);
    expect(
      (await call("GET", `/api/workflows/${workflow.id}`, { cookie: owner.cookie })).status,
    ).toBe(404);
    const actions = await env.DB.prepare(
      "SELECT action FROM audit_log WHERE tenant_id = ? AND action LIKE 'workflow.%'",
    )
      .bind(owner.tenantId)
      .all<{ action: string }>();
    expect(actions.results.map((a) => a.action).sort()).toEqual([
      "workflow.created",
      "workflow.created",
      "workflow.deleted",
      "workflow.updated",
    ]);
  });

  it("should reject invalid definitions and low roles, creating nothing", async () => {
    const owner = await signupTenant();
    const agent = await addMember(owner, "agent");
    const bad = [
      { name: "x", definition: { trigger: { type: "whenever" }, steps: [{ type: "resolve" }] } },
      { name: "x", definition: { ...WF, steps: [] } },
      { name: "x", definition: { ...WF, steps: [{ type: "http_request", url: "not a url" }] } },
      {
        name: "x",
        definition: {
          ...WF,
          conditions: { all: [{ field: "contact.secret", op: "eq", value: 1 }] },
        },
      },
      { name: "", definition: WF },
    ];
    for (const body of bad)
      expect((await call("POST", "/api/workflows", { cookie: owner.cookie, body })).status).toBe(
        422,
      );
    expect(
      (
        await call("POST", "/api/workflows", {
          cookie: agent.cookie,
          body: { name: "x", definition: WF },
        })
      ).status,
    ).toBe(403);
    expect((await call("GET", "/api/workflows", { cookie: agent.cookie })).status).toBe(403);
    expect(
      (
        await call("POST", "/api/workflows/from-template", {
          cookie: owner.cookie,
          body: { templateId: "nope" },
        })
      ).status,
    ).toBe(404);
    expect(await count("workflows", owner.tenantId)).toBe(0);
  });

  it("should hide another tenant's workflows (404) and change nothing", async () => {
    const a = await signupTenant();
    const b = await signupTenant();
    const { workflow } = (await (
      await call("POST", "/api/workflows", {
        cookie: a.cookie,
        body: { name: "A", definition: WF },
      })
    ).json()) as { workflow: { id: string } };
    for (const [m, body] of [
      ["GET", undefined],
      ["PATCH", { enabled: false }],
      ["DELETE", undefined],
    ] as const) {
      const res = await call(m, `/api/workflows/${workflow.id}`, { cookie: b.cookie, body });
      expect(res.status).toBe(404);
      expect((await errorOf(res)).code).toBe("WORKFLOW_NOT_FOUND");
    }
    const still = (await (
      await call("GET", `/api/workflows/${workflow.id}`, { cookie: a.cookie })
    ).json()) as { workflow: { enabled: boolean } };
    expect(still.workflow.enabled).toBe(true);
  });
});

describe("broadcasts API", () => {
  it("should create a draft, schedule it, show progress and recipients with masked addresses", async () => {
    const owner = await signupTenant();
    const chn = await seedChannel(owner.tenantId, "telegram");
    const contact = await seedContact(owner.tenantId, { tags: ["spring"] });
    await seedIdentity(owner.tenantId, contact, chn, "telegram", "123456789");
    const res = await call("POST", "/api/broadcasts", {
      cookie: owner.cookie,
      body: {
        name: "Spring",
        channelId: chn,
        audience: { tags: ["spring"] },
        variants: [
          { id: "a", text: "Sale!" },
          { id: "b", text: "Sale!!", weight: 2 },
        ],
      },
    });
    expect(res.status).toBe(201);
    const { broadcast } = (await res.json()) as { broadcast: { id: string; status: string } };
    expect(broadcast.status).toBe("draft");
    const later = Date.now() + 3600_000;
    const sch = await call("POST", `/api/broadcasts/${broadcast.id}/schedule`, {
      cookie: owner.cookie,
      body: { at: later },
    });
    expect(
      ((await sch.json()) as { broadcast: { status: string; scheduledAt: number } }).broadcast,
    ).toMatchObject({ status: "scheduled", scheduledAt: later });
    expect(
      (
        await call("POST", `/api/broadcasts/${broadcast.id}/schedule`, {
          cookie: owner.cookie,
          body: {},
        })
      ).status,
    ).toBe(409);
    const got = (await (
      await call("GET", `/api/broadcasts/${broadcast.id}`, { cookie: owner.cookie })
    ).json()) as { progress: { total: number } };
    expect(got.progress.total).toBe(0);
    expect(
      (await call("DELETE", `/api/broadcasts/${broadcast.id}`, { cookie: owner.cookie })).status,
    ).toBe(409);
    expect(
      (
        (await (
          await call("POST", `/api/broadcasts/${broadcast.id}/cancel`, { cookie: owner.cookie })
        ).json()) as { broadcast: { status: string } }
      ).broadcast.status,
    ).toBe("cancelled");
    expect(
      (await call("DELETE", `/api/broadcasts/${broadcast.id}`, { cookie: owner.cookie })).status,
    ).toBe(204);

    // Sent now: the job (normally run by the queue consumer) materialises and sends.
    const now = (await (
      await call("POST", "/api/broadcasts", {
        cookie: owner.cookie,
        body: {
          name: "Now",
          channelId: chn,
          audience: { tags: ["spring"] },
          variants: [{ id: "a", text: "Sale!" }],
        },
      })
    ).json()) as { broadcast: { id: string } };
    expect(
      (
        (await (
          await call("POST", `/api/broadcasts/${now.broadcast.id}/schedule`, {
            cookie: owner.cookie,
            body: {},
          })
        ).json()) as { broadcast: { status: string } }
      ).broadcast.status,
    ).toBe("sending");
    const job = {
      kind: "broadcast_batch",
      tenantId: owner.tenantId,
      broadcastId: now.broadcast.id,
    };
    await handleBroadcastJob(env, { ...job, tick: 0 }, async () => ({
      ok: true,
      externalId: "tg-1",
    }));
    await handleBroadcastJob(env, { ...job, tick: 1 }, async () => ({
      ok: true,
      externalId: "tg-1",
    }));
    const rec = (await (
      await call("GET", `/api/broadcasts/${now.broadcast.id}/recipients`, { cookie: owner.cookie })
    ).json()) as { recipients: { address: string; status: string; contactId: string }[] };
    expect(rec.recipients).toEqual([
      expect.objectContaining({ contactId: contact, status: "sent", address: "*** *** 89" }),
    ]);
    const done = (await (
      await call("GET", `/api/broadcasts/${now.broadcast.id}`, { cookie: owner.cookie })
    ).json()) as { broadcast: { status: string }; progress: { sent: number } };
    expect(done).toMatchObject({ broadcast: { status: "completed" }, progress: { sent: 1 } });
  });

  it("should reject bad broadcasts (422), other tenants' channels (404) and low roles (403), creating nothing", async () => {
    const owner = await signupTenant();
    const other = await signupTenant();
    const chn = await seedChannel(owner.tenantId, "telegram");
    const foreign = await seedChannel(other.tenantId, "telegram");
    const agent = await addMember(owner, "agent");
    const body = (over: Record<string, unknown>) => ({
      name: "x",
      channelId: chn,
      audience: {},
      variants: [{ id: "a", text: "hi" }],
      ...over,
    });
    for (const b of [
      body({ variants: [] }),
      body({ variants: [{ id: "a" }] }),
      body({
        variants: [
          { id: "a", text: "x" },
          { id: "a", text: "y" },
        ],
      }),
      body({ audience: { vip: "yes" } }),
      body({ variants: [{ id: "a", template: { name: "t", language: "en" } }] }),
    ]) {
      expect(
        (await call("POST", "/api/broadcasts", { cookie: owner.cookie, body: b })).status,
      ).toBe(422);
    }
    const wa = await seedChannel(owner.tenantId, "whatsapp", { templates: [] });
    expect(
      (
        await errorOf(
          await call("POST", "/api/broadcasts", {
            cookie: owner.cookie,
            body: body({ channelId: wa }),
          }),
        )
      ).code,
    ).toBe("TEMPLATE_REQUIRED");
    expect(
      (
        await call("POST", "/api/broadcasts", {
          cookie: owner.cookie,
          body: body({ channelId: foreign }),
        })
      ).status,
    ).toBe(404);
    expect(
      (await call("POST", "/api/broadcasts", { cookie: agent.cookie, body: body({}) })).status,
    ).toBe(403);
    expect(await count("broadcasts", owner.tenantId)).toBe(0);
    const { broadcast } = (await (
      await call("POST", "/api/broadcasts", {
        cookie: other.cookie,
        body: body({ channelId: foreign }),
      })
    ).json()) as { broadcast: { id: string } };
    for (const [m, p] of [
      ["GET", ""],
      ["GET", "/recipients"],
      ["POST", "/cancel"],
      ["DELETE", ""],
    ] as const) {
      const res = await call(m, `/api/broadcasts/${broadcast.id}${p}`, { cookie: owner.cookie });
      expect(res.status, `${m} ${p}`).toBe(404);
    }
    expect(
      (
        await call("POST", `/api/broadcasts/${broadcast.id}/schedule`, {
          cookie: owner.cookie,
          body: {},
        })
      ).status,
    ).toBe(404);
  });
});

describe("webhook endpoints API", () => {
  // The test delivery leaves through the jobs queue after the test: the merchant's server answers at
  // the fetch boundary for the rest of this file (the last block), so nothing reaches the network.
  beforeAll(() => {
    vi.spyOn(globalThis, "fetch").mockImplementation(async () => new Response("ok"));
  });

  it("should manage endpoints, show the secret only on create and rotate, and log deliveries", async () => {
    const owner = await signupTenant();
    const res = await call("POST", "/api/webhook-endpoints", {
      cookie: owner.cookie,
      body: {
        url: "https://crm.example.com/edgedesk",
        events: ["message.created", "conversation.resolved"],
      },
    });
    expect(res.status).toBe(201);
    const { endpoint, secret } = (await res.json()) as { endpoint: { id: string }; secret: string };
    expect(secret).toMatch(/^whsec_/);
    const list = await (
      await call("GET", "/api/webhook-endpoints", { cookie: owner.cookie })
    ).text();
    expect(list).toContain(endpoint.id);
    expect(list).not.toContain(secret);
    const rotated = (await (
      await call("POST", `/api/webhook-endpoints/${endpoint.id}/rotate-secret`, {
        cookie: owner.cookie,
      })
    ).json()) as { secret: string };
    expect(rotated.secret).not.toBe(secret);
    const test = await call("POST", `/api/webhook-endpoints/${endpoint.id}/test`, {
      cookie: owner.cookie,
    });
    expect(test.status).toBe(202);
    const { deliveryIds } = (await test.json()) as { deliveryIds: string[] };
    const log = (await (
      await call("GET", `/api/webhook-endpoints/${endpoint.id}/deliveries`, {
        cookie: owner.cookie,
      })
    ).json()) as { deliveries: { id: string; eventType: string }[] };
    expect(log.deliveries.map((d) => [d.id, d.eventType])).toEqual([
      [deliveryIds[0], "webhook.test"],
    ]);
    const patched = await call("PATCH", `/api/webhook-endpoints/${endpoint.id}`, {
      cookie: owner.cookie,
      body: { events: ["*"], enabled: false },
    });
    expect(
      ((await patched.json()) as { endpoint: { events: string[]; enabled: boolean } }).endpoint,
    ).toMatchObject({ events: ["*"], enabled: false });
    expect(
      (await call("DELETE", `/api/webhook-endpoints/${endpoint.id}`, { cookie: owner.cookie }))
        .status,
    ).toBe(204);
    expect(await count("webhook_deliveries", owner.tenantId)).toBe(0);
  });

  it("should refuse unsafe URLs and unknown events, hide other tenants' endpoints, and need admin", async () => {
    const owner = await signupTenant();
    const other = await signupTenant();
    const agent = await addMember(owner, "agent");
    for (const body of [
      { url: "http://crm.example.com/h", events: ["*"] },
      { url: "https://127.0.0.1/h", events: ["*"] },
      { url: "https://crm.example.com/h", events: ["order.paid"] },
      { url: "https://crm.example.com/h", events: [] },
    ]) {
      const res = await call("POST", "/api/webhook-endpoints", { cookie: owner.cookie, body });
      expect(res.status).toBe(422);
    }
    expect(
      (
        await call("POST", "/api/webhook-endpoints", {
          cookie: agent.cookie,
          body: { url: "https://crm.example.com/h", events: ["*"] },
        })
      ).status,
    ).toBe(403);
    expect(await count("webhook_endpoints", owner.tenantId)).toBe(0);
    const { endpoint } = (await (
      await call("POST", "/api/webhook-endpoints", {
        cookie: other.cookie,
        body: { url: "https://o.example.com/h", events: ["*"] },
      })
    ).json()) as { endpoint: { id: string } };
    for (const [m, p, body] of [
      ["GET", "", undefined],
      ["PATCH", "", { enabled: false }],
      ["DELETE", "", undefined],
      ["POST", "/rotate-secret", undefined],
      ["GET", "/deliveries", undefined],
      ["POST", "/test", undefined],
    ] as const) {
      const res = await call(m, `/api/webhook-endpoints/${endpoint.id}${p}`, {
        cookie: owner.cookie,
        body,
      });
      expect(res.status, `${m} ${p}`).toBe(404);
      expect((await errorOf(res)).code).toBe("ENDPOINT_NOT_FOUND");
    }
    const still = (await (
      await call("GET", `/api/webhook-endpoints/${endpoint.id}`, { cookie: other.cookie })
    ).json()) as { endpoint: { enabled: boolean } };
    expect(still.endpoint.enabled).toBe(true);
  });
});
