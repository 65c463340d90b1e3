import { describe, expect, it } from "vitest";
import { addMember, call, errorOf, signupTenant } from "./helpers";

interface Agent {
  id: string;
  name: string;
  stage: string;
  tone: string | null;
  instructions: string;
  knowledgeTags: string[];
  allowedActions: string[];
  model: string;
}

const preSales = {
  name: "Pre-sales",
  stage: "pre_sales",
  tone: "friendly",
  instructions: "Help shoppers choose; mention the size guide.",
  knowledgeTags: ["Products", "sizes", "products"],
  allowedActions: [],
  model: "",
};

const list = async (cookie: string) =>
  ((await (await call("GET", "/api/ai-agents", { cookie })).json()) as { agents: Agent[] }).agents;

describe("ai agents API", () => {
  it("should create, list, replace and delete an agent, with audit entries", async () => {
    const a = await signupTenant();
    const created = await call("POST", "/api/ai-agents", { cookie: a.cookie, body: preSales });
    expect(created.status).toBe(201);
    const { agent } = (await created.json()) as { agent: Agent };
    expect(agent).toMatchObject({
      name: "Pre-sales",
      stage: "pre_sales",
      knowledgeTags: ["products", "sizes"],
      allowedActions: [],
      model: "",
    });
    expect(agent).not.toHaveProperty("tenantId");
    const put = await call("PUT", `/api/ai-agents/${agent.id}`, {
      cookie: a.cookie,
      body: {
        name: "After-sales",
        stage: "after_sales",
        allowedActions: ["order_lookup", "cancel"],
        model: "workers-ai/@cf/meta/llama-3.1-8b-instruct",
      },
    });
    expect(put.status).toBe(200);
    expect(await list(a.cookie)).toEqual([
      expect.objectContaining({
        id: agent.id,
        name: "After-sales",
        stage: "after_sales",
        tone: null,
        instructions: "",
        knowledgeTags: [],
        allowedActions: ["order_lookup", "cancel"],
        model: "workers-ai/@cf/meta/llama-3.1-8b-instruct",
      }),
    ]);
    expect((await call("DELETE", `/api/ai-agents/${agent.id}`, { cookie: a.cookie })).status).toBe(
      204,
    );
    expect(await list(a.cookie)).toEqual([]);
    const audit = (await (await call("GET", "/api/audit", { cookie: a.cookie })).json()) as {
      entries: { action: string; targetId: string | null }[];
    };
    const mine = audit.entries.filter((e) => e.targetId === agent.id).map((e) => e.action);
    expect(mine.sort()).toEqual(["ai_agent.created", "ai_agent.deleted", "ai_agent.updated"]);
  });

  it("should reject bad input with one 422 shape and change nothing", async () => {
    const a = await signupTenant();
    const bad = [
      { ...preSales, stage: "sales" },
      { ...preSales, name: "" },
      { ...preSales, allowedActions: ["delete_customer"] },
      { ...preSales, model: "no slash here" },
      { ...preSales, extra: true },
    ];
    for (const body of bad) {
      const res = await call("POST", "/api/ai-agents", { cookie: a.cookie, body });
      expect(res.status).toBe(422);
      expect((await errorOf(res)).code).toBe("VALIDATION_FAILED");
    }
    const malformed = await call("POST", "/api/ai-agents", {
      cookie: a.cookie,
      rawBody: "{",
      headers: { "content-type": "application/json" },
    });
    expect(malformed.status).toBe(400);
    expect(await list(a.cookie)).toEqual([]);
  });

  it("should keep tenants apart: another tenant's agent is a 404 and is left unchanged", async () => {
    const a = await signupTenant();
    const b = await signupTenant();
    const { agent } = (await (
      await call("POST", "/api/ai-agents", { cookie: a.cookie, body: preSales })
    ).json()) as { agent: Agent };
    expect(await list(b.cookie)).toEqual([]);
    const put = await call("PUT", `/api/ai-agents/${agent.id}`, {
      cookie: b.cookie,
      body: { ...preSales, name: "Stolen" },
    });
    expect(put.status).toBe(404);
    expect((await errorOf(put)).code).toBe("AI_AGENT_NOT_FOUND");
    expect((await call("DELETE", `/api/ai-agents/${agent.id}`, { cookie: b.cookie })).status).toBe(
      404,
    );
    expect((await list(a.cookie)).map((x) => x.name)).toEqual(["Pre-sales"]);
  });

  it("should let viewers read and only admins change agents", async () => {
    const owner = await signupTenant();
    const agentUser = await addMember(owner, "agent");
    const res = await call("POST", "/api/ai-agents", { cookie: agentUser.cookie, body: preSales });
    expect(res.status).toBe(403);
    expect((await call("GET", "/api/ai-agents", { cookie: agentUser.cookie })).status).toBe(200);
    expect((await call("GET", "/api/ai-agents")).status).toBe(401);
  });
});
