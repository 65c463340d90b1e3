/** Usage, retention, export and the audit log over HTTP. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addMember, call, errorOf, signupTenant } from "../helpers";
import { db, seedContact, seedConversation } from "../ops-fixtures";
import { recordUsage, shouldDegradeToBuiltin } from "../../workers/analytics/usage";

const settings = async (tenantId: string) =>
  JSON.parse(
    (await env.DB.prepare("SELECT settings FROM tenants WHERE id = ?")
      .bind(tenantId)
      .first<{ settings: string }>())!.settings,
  ) as Record<string, unknown>;
const auditActions = async (tenantId: string) =>
  (
    await env.DB.prepare("SELECT action FROM audit_log WHERE tenant_id = ?")
      .bind(tenantId)
      .all<{ action: string }>()
  ).results.map((r) => r.action);

describe("usage API", () => {
  it("should report daily usage and month totals, and degrade to builtin past a monthly limit", async () => {
    const owner = await signupTenant();
    const now = Date.now();
    await recordUsage(env, owner.tenantId, "ai_replies", 3, now);
    await recordUsage(env, owner.tenantId, "translated_chars", 1200, now);
    expect(await shouldDegradeToBuiltin(env, db(), owner.tenantId, "ai_replies")).toBe(false);
    const put = await call("PUT", "/api/usage/limits", {
      cookie: owner.cookie,
      body: { ai_replies: 3, translated_chars: null },
    });
    expect(put.status).toBe(200);
    expect(await shouldDegradeToBuiltin(env, db(), owner.tenantId, "ai_replies")).toBe(true);
    expect(await shouldDegradeToBuiltin(env, db(), owner.tenantId, "translated_chars")).toBe(false);
    const viewer = await addMember(owner, "viewer");
    const res = await call("GET", "/api/usage", { cookie: viewer.cookie });
    const body = (await res.json()) as {
      monthTotals: Record<string, number>;
      limits: Record<string, number | null>;
      degraded: string[];
      days: { metric: string; value: number }[];
    };
    expect(body.monthTotals).toMatchObject({
      ai_replies: 3,
      translated_chars: 1200,
      embeddings: 0,
      messages: 0,
    });
    expect(body.limits).toEqual({ ai_replies: 3, translated_chars: null });
    expect(body.degraded).toEqual(["ai_replies"]);
    expect(body.days.map((d) => d.metric).sort()).toEqual(["ai_replies", "translated_chars"]);
    expect(await auditActions(owner.tenantId)).toContain("settings.usage_limits_changed");
    // Other tenants are unaffected.
    const other = await signupTenant();
    expect(await shouldDegradeToBuiltin(env, db(), other.tenantId, "ai_replies")).toBe(false);
  });

  it("should reject bad limits and non-admins without changing settings, and keep other settings keys", async () => {
    const owner = await signupTenant();
    await env.DB.prepare(
      `UPDATE tenants SET settings = json_set(settings, '$.ai', json('{"provider":"builtin"}')) WHERE id = ?`,
    )
      .bind(owner.tenantId)
      .run();
    const agent = await addMember(owner, "agent");
    for (const body of [{ ai_replies: -1 }, { ai_replies: 1.5 }, { tokens: 5 }])
      expect((await call("PUT", "/api/usage/limits", { cookie: owner.cookie, body })).status).toBe(
        422,
      );
    expect(
      (await call("PUT", "/api/usage/limits", { cookie: agent.cookie, body: { ai_replies: 1 } }))
        .status,
    ).toBe(403);
    expect(await settings(owner.tenantId)).toEqual({ ai: { provider: "builtin" } });
    await call("PUT", "/api/usage/limits", { cookie: owner.cookie, body: { messages: 100 } });
    expect(await settings(owner.tenantId)).toEqual({
      ai: { provider: "builtin" },
      usageLimits: { messages: 100 },
    });
  });
});

describe("retention settings API", () => {
  it("should read defaults, save changes with an audit entry, and reject bad values", async () => {
    const owner = await signupTenant();
    const got = (await (
      await call("GET", "/api/settings/retention", { cookie: owner.cookie })
    ).json()) as { retention: Record<string, unknown> };
    expect(got.retention).toEqual({
      conversationsDays: null,
      unansweredQuestionsDays: null,
      webhookDeliveriesDays: 30,
      workflowRunsDays: 90,
    });
    const put = await call("PUT", "/api/settings/retention", {
      cookie: owner.cookie,
      body: { conversationsDays: 365, webhookDeliveriesDays: 14 },
    });
    expect(((await put.json()) as { retention: Record<string, unknown> }).retention).toEqual({
      conversationsDays: 365,
      unansweredQuestionsDays: null,
      webhookDeliveriesDays: 14,
      workflowRunsDays: 90,
    });
    for (const body of [
      { conversationsDays: 0 },
      { webhookDeliveriesDays: 9999 },
      { keepForever: true },
    ])
      expect(
        (await call("PUT", "/api/settings/retention", { cookie: owner.cookie, body })).status,
      ).toBe(422);
    const agent = await addMember(owner, "agent");
    expect((await call("GET", "/api/settings/retention", { cookie: agent.cookie })).status).toBe(
      403,
    );
    expect((await settings(owner.tenantId)).retention).toMatchObject({ conversationsDays: 365 });
    expect(await auditActions(owner.tenantId)).toContain("settings.retention_changed");
  });
});

describe("export API", () => {
  it("should stream a JSONL export of the caller's tenant only, audited", async () => {
    const owner = await signupTenant("Exporter");
    await seedContact(owner.tenantId, { name: "Mine" });
    const other = await signupTenant();
    await seedContact(other.tenantId, { name: "Theirs" });
    const res = await call("GET", "/api/export?resources=contacts,settings", {
      cookie: owner.cookie,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/x-ndjson");
    expect(res.headers.get("content-disposition")).toMatch(
      /attachment; filename="edgedesk-export-\d{4}-\d{2}-\d{2}\.jsonl"/,
    );
    const lines = (await res.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { type: string; name?: string });
    expect(lines[0].type).toBe("export");
    expect(lines.at(-1)).toMatchObject({ type: "end", counts: { contact: 1, tenant: 1, user: 1 } });
    expect(lines.filter((l) => l.type === "contact").map((l) => l.name)).toEqual(["Mine"]);
    expect(await auditActions(owner.tenantId)).toContain("data.exported");
    const csv = await call("GET", "/api/export?format=csv&resource=contact", {
      cookie: owner.cookie,
    });
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect((await csv.text()).split("\r\n")[1]).toContain("Mine");
  });

  it("should reject bad export requests and non-admins without writing an audit entry", async () => {
    const owner = await signupTenant();
    const agent = await addMember(owner, "agent");
    for (const q of [
      "format=xml",
      "resources=passwords",
      "format=csv",
      "format=csv&resource=secret",
    ]) {
      const res = await call("GET", `/api/export?${q}`, { cookie: owner.cookie });
      expect(res.status, q).toBe(422);
      expect((await errorOf(res)).code).toBe("VALIDATION_FAILED");
    }
    expect((await call("GET", "/api/export", { cookie: agent.cookie })).status).toBe(403);
    expect(await auditActions(owner.tenantId)).not.toContain("data.exported");
  });

  it("should export a conversation whose object holds no messages without error records", async () => {
    const owner = await signupTenant();
    const contact = await seedContact(owner.tenantId);
    await seedConversation(owner.tenantId, contact);
    const text = await (
      await call("GET", "/api/export?resources=messages", { cookie: owner.cookie })
    ).text();
    const lines = text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { type: string; conversationId?: string });
    expect(lines.filter((l) => l.type === "error")).toEqual([]);
    expect(lines.at(-1)).toMatchObject({ type: "end", errors: 0 });
  });
});

describe("audit log", () => {
  it("should not be editable through the API", async () => {
    const owner = await signupTenant();
    const { entries } = (await (
      await call("GET", "/api/audit", { cookie: owner.cookie })
    ).json()) as { entries: { id: string; action: string }[] };
    expect(entries.length).toBeGreaterThan(0);
    const id = entries[0].id;
    for (const [method, path] of [
      ["PUT", `/api/audit/${id}`],
      ["PATCH", `/api/audit/${id}`],
      ["DELETE", `/api/audit/${id}`],
      ["DELETE", "/api/audit"],
      ["POST", "/api/audit"],
      ["PUT", "/api/audit"],
      ["PATCH", "/api/audit"],
    ] as const) {
      const res = await call(method, path, {
        cookie: owner.cookie,
        body: method === "DELETE" ? undefined : { action: "forged" },
      });
      expect([404, 405], `${method} ${path}`).toContain(res.status);
    }
    const after = (await (await call("GET", "/api/audit", { cookie: owner.cookie })).json()) as {
      entries: { id: string; action: string }[];
    };
    expect(after.entries).toEqual(entries);
    const doc = (await (await call("GET", "/api/openapi.json")).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const auditOps = Object.entries(doc.paths)
      .filter(([p]) => p.startsWith("/api/audit"))
      .flatMap(([, ops]) => Object.keys(ops));
    expect(auditOps).toEqual(["get"]);
  });
});
