/**
 * Every id-taking route in the OpenAPI document, called by tenant A with tenant B's ids: 404, and
 * nothing of B's changes. The routes come from `GET /api/openapi.json`, so a new route is swept as
 * soon as it is declared; one whose id kind has no tenant-B fixture below fails the sweep until it
 * gets one, and one whose body has no entry in BODIES fails until it gets a valid body.
 */
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { recordReviewItem } from "../workers/analytics/review";
import { recordUnanswered } from "../workers/services/ai-turn-effects";
import { addChannel, inbound, readMessages, runConsumer } from "./engine-helpers";
import { call, signupTenant, type Caller } from "./helpers";
import { db, seedContact } from "./ops-fixtures";

/** Params that name no tenant resource, with the reason. */
const NOT_RESOURCES: Record<string, string> = {
  "/webhooks/{channel}/{connectionId}":
    "public platform endpoint: no session, authenticated by the connection's own signature (test/ingest.test.ts)",
  "/webhooks/stores/{type}/{id}":
    "public store endpoint: no session, authenticated by the store's own signature (test/stores-api.test.ts)",
};

/** A valid body per route that takes one, so the call reaches the tenant lookup instead of stopping at validation. */
const BODIES: Record<
  string,
  { body?: unknown; raw?: { data: BodyInit; type?: string } } | ((a: Caller) => { body: unknown })
> = {
  "PATCH /api/users/{id}": { body: { role: "viewer" } },
  "PATCH /api/kb/entries/{id}": { body: { answer: "Changed by A." } },
  "POST /api/kb/unanswered/{id}/answer": { body: { answer: "Answer by A." } },
  "PATCH /api/channels/{id}": { body: { name: "Renamed by A" } },
  "POST /api/channels/{id}/test": { body: { to: "12345", text: "hi" } },
  "PATCH /api/analytics/review/{id}": { body: { status: "done" } },
  "PATCH /api/workflows/{id}": { body: { enabled: false } },
  "POST /api/broadcasts/{id}/schedule": { body: { at: Date.now() + 3_600_000 } },
  "PATCH /api/contacts/{id}": { body: { vip: true } },
  "POST /api/contacts/{id}/reveal": { body: { field: "email" } },
  "PATCH /api/webhook-endpoints/{id}": { body: { enabled: false } },
  "POST /api/conversations/{id}/messages": {
    body: { clientId: "c-sweep-1", text: "A writes into B's conversation" },
  },
  "POST /api/conversations/{id}/attachments": { raw: { data: attachmentForm() } },
  "POST /api/conversations/{id}/messages/{messageId}/save-to-knowledge": { body: {} },
  "POST /api/conversations/{id}/assign": (a) => ({ body: { assigneeId: a.userId } }),
  "POST /api/conversations/{id}/tags": { body: { add: ["from-a"] } },
  "PATCH /api/stores/{id}": { body: { autoApproveBelow: 1000 } },
  "PATCH /api/leads/{id}": { body: { status: "won" } },
  "PUT /api/ai-agents/{id}": { body: { name: "Renamed by A", stage: "general" } },
};

function attachmentForm(): FormData {
  const f = new FormData();
  f.append(
    "file",
    new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])], "a.png", {
      type: "image/png",
    }),
  );
  return f;
}

type Ids = Record<string, string>;
const idOf = async (res: Response): Promise<string> => {
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  const find = (v: unknown): string | undefined => {
    if (!v || typeof v !== "object") return undefined;
    if ("id" in v && typeof v.id === "string") return v.id;
    for (const x of Object.values(v)) {
      const got = find(x);
      if (got) return got;
    }
    return undefined;
  };
  const id = find(await res.json());
  expect(id).toBeTruthy();
  return id!;
};

/** Tenant B with one resource of every kind an id-taking route names, keyed by the path's collection. */
async function tenantWithEverything(b: Caller): Promise<Ids> {
  const post = (path: string, body: unknown) => call("POST", path, { cookie: b.cookie, body });
  const tg = await addChannel(b.tenantId, "telegram");
  const conversation = await inbound(b.tenantId, tg, "telegram", "sweep-user", [
    "Hello from B's shopper",
    "Is anyone there?",
  ]);
  const [message] = await readMessages(b.cookie, conversation);
  const entry = await idOf(
    await post("/api/kb/entries", { question: "B's question?", answer: "B's answer." }),
  );
  const importJob = await idOf(
    await call("POST", "/api/kb/import", {
      cookie: b.cookie,
      rawBody: "question,answer\nQ1,A1\n",
      headers: { "content-type": "text/csv" },
    }),
  );
  // The import runs on the jobs queue: wait for it to finish, so its rows cannot change during the sweep.
  for (let i = 0; ; i++) {
    const { job } = (await (
      await call("GET", `/api/kb/import/${importJob}`, { cookie: b.cookie })
    ).json()) as { job: { status: string } };
    if (job.status === "done" || job.status === "failed") break;
    if (i > 150) throw new Error(`B's import job never finished (${job.status})`);
    await new Promise((r) => setTimeout(r, 200));
  }
  await recordUnanswered(
    db(),
    b.tenantId,
    conversation,
    "What does B sell?",
    "en",
    "low_confidence",
  );
  const unanswered = (await env.DB.prepare(
    "SELECT id FROM unanswered_questions WHERE tenant_id = ?",
  )
    .bind(b.tenantId)
    .first<{ id: string }>())!.id;
  await recordReviewItem(db(), b.tenantId, conversation, "low_rating", { score: 1, text: "bad" });
  const review = (await env.DB.prepare("SELECT id FROM review_items WHERE tenant_id = ?")
    .bind(b.tenantId)
    .first<{ id: string }>())!.id;
  await runConsumer("edgedesk-dlq", [
    {
      id: `sweep-${crypto.randomUUID()}`,
      body: { v: 1, kind: "event", tenantId: b.tenantId },
      attempts: 1,
    },
  ]);
  const deadLetter = (await env.DB.prepare("SELECT id FROM dead_letters WHERE tenant_id = ?")
    .bind(b.tenantId)
    .first<{ id: string }>())!.id;
  const contact = await seedContact(b.tenantId, {
    email: "b.shopper@example.org",
    phone: "+34 612 000 111",
  });
  const workflow = await idOf(
    await post("/api/workflows", {
      name: "B",
      definition: {
        trigger: { type: "conversation.created" },
        steps: [{ type: "send_message", text: { default: "Hi" } }],
      },
    }),
  );
  await env.DB.prepare(
    "INSERT INTO contact_identities (id, tenant_id, contact_id, channel_id, channel_type, external_id) VALUES (?, ?, ?, ?, 'telegram', '555')",
  )
    .bind(`cid_${crypto.randomUUID().slice(0, 8)}`, b.tenantId, contact, tg.id)
    .run();
  await env.DB.prepare("UPDATE contacts SET tags = '[\"spring\"]' WHERE id = ?")
    .bind(contact)
    .run();
  const broadcast = await idOf(
    await post("/api/broadcasts", {
      name: "B",
      channelId: tg.id,
      audience: { tags: ["spring"] },
      variants: [{ id: "a", text: "Sale!" }],
    }),
  );
  const endpoint = await idOf(
    await post("/api/webhook-endpoints", {
      url: "https://b.example.com/hook",
      events: ["conversation.rated"],
    }),
  );
  const canned = await idOf(
    await post("/api/canned-replies", { shortcut: "bthanks", text: "Thanks from B" }),
  );
  const apiKey = await idOf(await post("/api/api-keys", { name: "B key" }));
  const { sessions } = (await (
    await call("GET", "/api/auth/sessions", { cookie: b.cookie })
  ).json()) as { sessions: { id: string }[] };
  const invite = await idOf(
    await post("/api/invites", {
      email: `invitee.${crypto.randomUUID().slice(0, 6)}@b.test`,
      role: "agent",
    }),
  );
  const store = `sto_${crypto.randomUUID().slice(0, 12)}`;
  await env.DB.prepare(
    "INSERT INTO stores (id, tenant_id, type, name, host, credentials_enc) VALUES (?, ?, 'shopify', 'B shop', 'b-shop.myshopify.com', 'v1.x.y')",
  )
    .bind(store, b.tenantId)
    .run();
  const action = `act_${crypto.randomUUID().slice(0, 12)}`;
  await env.DB.prepare(
    "INSERT INTO store_actions (id, tenant_id, conversation_id, store_id, kind, order_id, order_number, amount, currency, language, state) VALUES (?, ?, ?, ?, 'cancel', 'gid://shopify/Order/1', '1', '10.00', 'USD', 'en', 'proposed')",
  )
    .bind(action, b.tenantId, conversation, store)
    .run();
  const lead = `lead_${crypto.randomUUID().slice(0, 12)}`;
  await env.DB.prepare(
    "INSERT INTO leads (id, tenant_id, conversation_id, contact_id, product, intent_score, updated_at) VALUES (?, ?, ?, ?, 'B product', 0.8, 1)",
  )
    .bind(lead, b.tenantId, conversation, contact)
    .run();
  const aiAgent = await idOf(
    await post("/api/ai-agents", { name: "B pre-sales", stage: "pre_sales" }),
  );
  return {
    "ai-agents/{id}": aiAgent,
    "leads/{id}": lead,
    "actions/{actionId}": action,
    "invites/{id}": invite,
    "api-keys/{id}": apiKey,
    "kb/entries/{id}": entry,
    "kb/import/{id}": importJob,
    "kb/unanswered/{id}": unanswered,
    "copilot/{conversationId}": conversation,
    "canned-replies/{id}": canned,
    "channels/{id}": tg.id,
    "analytics/review/{id}": review,
    "workflows/{id}": workflow,
    "broadcasts/{id}": broadcast,
    "contacts/{id}": contact,
    "webhook-endpoints/{id}": endpoint,
    "conversations/{id}": conversation,
    "messages/{messageId}": message.id,
    "dead-letters/{id}": deadLetter,
    "users/{id}": b.userId,
    "auth/sessions/{id}": sessions[0].id,
    "stores/{id}": store,
  };
}

/** Every row of B's in every table that has a tenant id, plus the messages of B's conversation (they live in its object). */
async function snapshot(b: Caller, conversationId: string): Promise<string> {
  const tables = (
    await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%tenant_id%' AND name NOT LIKE '%fts%' ORDER BY name",
    ).all<{ name: string }>()
  ).results;
  const rows: Record<string, unknown[]> = {};
  for (const { name } of tables)
    rows[name] = (
      await env.DB.prepare(`SELECT * FROM "${name}" WHERE tenant_id = ? ORDER BY rowid`)
        .bind(b.tenantId)
        .all()
    ).results;
  return JSON.stringify({ rows, messages: await readMessages(b.cookie, conversationId) });
}

/** Waits until B's own background work (queued jobs, the conversation's index updates) has stopped changing its data. */
async function settled(b: Caller, conversationId: string): Promise<string> {
  // Unchanged over three polls in a row (1.2 s): one quiet poll can fall between a queued job's steps on a busy machine.
  let last = await snapshot(b, conversationId);
  let quiet = 0;
  for (let i = 0; i < 90; i++) {
    await new Promise((r) => setTimeout(r, 400));
    const now = await snapshot(b, conversationId);
    quiet = now === last ? quiet + 1 : 0;
    if (quiet === 3) return now;
    last = now;
  }
  throw new Error("tenant B's data never settled");
}

/** Names what differs between two snapshots (tables, or the messages). */
function changed(before: string, after: string): string {
  const x = JSON.parse(before) as { rows: Record<string, unknown>; messages: unknown };
  const y = JSON.parse(after) as typeof x;
  const tables = Object.keys(x.rows).filter(
    (t) => JSON.stringify(x.rows[t]) !== JSON.stringify(y.rows[t]),
  );
  return [
    ...tables,
    ...(JSON.stringify(x.messages) !== JSON.stringify(y.messages) ? ["messages"] : []),
  ].join(", ");
}

function fill(path: string, ids: Ids): string | null {
  let missing = false;
  const out = path.replace(
    /\/([^/{}]+(?:\/[^/{}]+)?)?\/?\{(\w+)\}/g,
    (whole, _collection: string | undefined, param: string) => {
      const before = path.slice(0, path.indexOf(whole)).split("/").filter(Boolean);
      const segs = whole.split("/").filter(Boolean);
      const key = [...segs.slice(0, -1)].join("/") + `/{${param}}`;
      const keys = [key, `${segs.slice(-2, -1).join("")}/{${param}}`, `${before.at(-1)}/${key}`];
      const id = keys.map((k) => ids[k]).find(Boolean);
      if (!id) missing = true;
      return whole.replace(`{${param}}`, id ?? "");
    },
  );
  return missing ? null : out;
}

// Outgoing webhooks and platform calls B's fixtures may cause are answered at the fetch boundary.
beforeEach(() => {
  vi.spyOn(globalThis, "fetch").mockImplementation(async () =>
    Response.json({ ok: true, result: true }),
  );
});
afterEach(() => vi.restoreAllMocks());

describe("cross-tenant sweep", () => {
  it("should answer 404 on every id-taking route for another tenant's ids and change nothing of theirs", async () => {
    const doc = (await (await call("GET", "/api/openapi.json")).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const a = await signupTenant("Tenant A");
    const b = await signupTenant("Tenant B");
    const ids = await tenantWithEverything(b);
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      path.includes("{") ? Object.keys(ops).map((m) => ({ method: m.toUpperCase(), path })) : [],
    );
    expect(routes.length).toBeGreaterThan(40);
    const problems: string[] = [];
    await settled(b, ids["conversations/{id}"]);
    let swept = 0;
    const gets: string[] = [];
    for (const { method, path } of routes) {
      if (NOT_RESOURCES[path]) continue;
      const url = fill(path.replace(/^\/api\//, "/api/"), ids);
      if (!url) {
        problems.push(
          `${method} ${path}: no tenant-B fixture for its ids; add one to tenantWithEverything`,
        );
        continue;
      }
      const given = BODIES[`${method} ${path}`];
      const entry = typeof given === "function" ? given(a) : given;
      const op = doc.paths[path][method.toLowerCase()] as { requestBody?: unknown };
      if (op.requestBody && !entry) {
        problems.push(`${method} ${path}: takes a body; add a valid one to BODIES`);
        continue;
      }
      const before = await snapshot(b, ids["conversations/{id}"]);
      const res = await call(method, url, {
        cookie: a.cookie,
        ...(entry?.body !== undefined ? { body: entry.body } : {}),
        ...(entry && "raw" in entry && entry.raw
          ? {
              rawBody: entry.raw.data,
              headers: entry.raw.type ? { "content-type": entry.raw.type } : {},
            }
          : {}),
      });
      const text = await res.text();
      if (res.status !== 404)
        problems.push(`${method} ${url}: ${res.status} ${text.slice(0, 200)}`);
      else if (!/"code":"[A-Z_]*NOT_FOUND"/.test(text) || text.includes("No route for"))
        problems.push(`${method} ${url}: not the resource's 404: ${text.slice(0, 200)}`);
      const after = await snapshot(b, ids["conversations/{id}"]);
      if (after !== before)
        problems.push(`${method} ${url}: changed tenant B's ${changed(before, after)}`);
      if (method === "GET") gets.push(url);
      swept++;
    }
    // The ids are B's own: B finds them (so A's 404 is the tenant check, not a wrong id). Read after the sweep: B's reads touch its session.
    for (const url of gets)
      if ((await call("GET", url, { cookie: b.cookie })).status === 404)
        problems.push(`GET ${url}: tenant B cannot find its own resource`);
    expect(problems).toEqual([]);
    expect(swept).toBe(
      routes.length -
        Object.keys(NOT_RESOURCES).reduce((n, p) => n + Object.keys(doc.paths[p] ?? {}).length, 0),
    );
  }, 120_000);
});
