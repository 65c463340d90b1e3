/** WhatsApp templates read from the Business Account (Graph API mocked at the fetch boundary), then used by a broadcast. */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { paramCount } from "../workers/channels/whatsapp-templates";
import { addMember, call, errorOf, signupTenant, type Caller } from "./helpers";
import {
  connectChannel,
  consumeInOrder,
  platformsUnreachable,
  postFixtures,
} from "./channel-fixture-helpers";
import { waitFor } from "./engine-helpers";

afterEach(() => vi.restoreAllMocks());

const GRAPH = "https://graph.facebook.com/v21.0";
const PAGE_1 = {
  data: [
    {
      name: "order_update",
      language: "en_US",
      status: "APPROVED",
      category: "UTILITY",
      components: [
        { type: "HEADER", format: "TEXT", text: "Update" },
        { type: "BODY", text: "Hi {{1}}, your order {{2}} has shipped." },
      ],
    },
    {
      name: "spring_sale",
      language: "es",
      status: "PENDING",
      category: "MARKETING",
      components: [{ type: "BODY", text: "¡Rebajas de primavera!" }],
    },
    { name: 42, language: "en" },
  ],
  paging: { cursors: { after: "MQ" }, next: `${GRAPH}/1122334455/message_templates?after=MQ` },
};
const PAGE_2 = {
  data: [
    {
      name: "welcome",
      language: "de",
      status: "approved",
      components: [{ type: "BODY", text: "Willkommen!" }],
    },
  ],
  // A next page off the Graph API's host is never followed: the token would go with it.
  paging: { next: "https://evil.example/steal" },
};

async function whatsapp(owner: Caller, credentials: Record<string, string> = {}): Promise<string> {
  const res = await platformsUnreachable(() =>
    call("POST", "/api/channels", {
      cookie: owner.cookie,
      body: {
        type: "whatsapp",
        name: "WA",
        credentials: {
          phoneNumberId: "109876",
          accessToken: "EAAG-token",
          appSecret: "app-secret",
          wabaId: "1122334455",
          ...credentials,
        },
      },
    }),
  );
  expect(res.status).toBe(201);
  return ((await res.json()) as { channel: { id: string } }).channel.id;
}

/** Responses are made inside the handler's request (a body made in the test could not be read there). */
function mockGraph(pages: Record<string, () => Response>) {
  const calls: { url: string; auth: string | null }[] = [];
  const real = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.startsWith("https://graph.facebook.com/") && !url.startsWith("https://evil.example/"))
      return real(input, init);
    calls.push({ url, auth: new Headers(init?.headers).get("authorization") });
    const hit = Object.entries(pages).find(([prefix]) => url.startsWith(prefix));
    if (!hit)
      return Response.json({ error: { code: 100, message: "unexpected" } }, { status: 400 });
    return hit[1]();
  });
  return calls;
}

describe("WhatsApp templates", () => {
  it("should count a body's parameters by the highest placeholder", () => {
    expect(paramCount("Hi {{1}}, order {{2}} ({{2}})")).toBe(2);
    expect(paramCount("no placeholders")).toBe(0);
    expect(paramCount(null)).toBe(0);
  });

  it("should read every page of templates with the channel's token, keep them, and let a broadcast use an approved one", async () => {
    const owner = await signupTenant();
    const id = await whatsapp(owner);
    const calls = mockGraph({
      [`${GRAPH}/1122334455/message_templates?after=MQ`]: () => Response.json(PAGE_2),
      [`${GRAPH}/1122334455/message_templates?`]: () => Response.json(PAGE_1),
    });
    const res = await call("POST", `/api/channels/${id}/templates/sync`, { cookie: owner.cookie });
    expect(res.status, await res.clone().text()).toBe(200);
    const synced = (await res.json()) as {
      templates: {
        name: string;
        language: string;
        status: string;
        params: number;
        body: string | null;
      }[];
      syncedAt: number;
    };
    expect(synced.templates).toEqual([
      {
        name: "order_update",
        language: "en_US",
        status: "APPROVED",
        category: "UTILITY",
        body: "Hi {{1}}, your order {{2}} has shipped.",
        params: 2,
      },
      {
        name: "spring_sale",
        language: "es",
        status: "PENDING",
        category: "MARKETING",
        body: "¡Rebajas de primavera!",
        params: 0,
      },
      {
        name: "welcome",
        language: "de",
        status: "APPROVED",
        category: null,
        body: "Willkommen!",
        params: 0,
      },
    ]);
    expect(calls.map((c) => c.url)).toEqual([
      `${GRAPH}/1122334455/message_templates?fields=name,language,status,category,components&limit=100`,
      `${GRAPH}/1122334455/message_templates?after=MQ`,
    ]);
    expect(calls.every((c) => c.auth === "Bearer EAAG-token")).toBe(true);

    const agent = await addMember(owner, "agent");
    const read = await call("GET", `/api/channels/${id}/templates`, { cookie: agent.cookie });
    expect(((await read.json()) as { templates: unknown[]; syncedAt: number }).syncedAt).toBe(
      synced.syncedAt,
    );
    expect(
      (await call("POST", `/api/channels/${id}/templates/sync`, { cookie: agent.cookie })).status,
    ).toBe(403);

    const broadcast = (template: { name: string; language: string; params: string[] }) =>
      call("POST", "/api/broadcasts", {
        cookie: owner.cookie,
        body: {
          name: "Shipped",
          channelId: id,
          audience: { tags: [] },
          variants: [{ id: "a", template }],
        },
      });
    expect(
      (
        await broadcast({
          name: "order_update",
          language: "en_US",
          params: ["{{contact.name | there}}", "A-1"],
        })
      ).status,
    ).toBe(201);
    const pending = await broadcast({ name: "spring_sale", language: "es", params: [] });
    expect(pending.status).toBe(422);
    expect((await errorOf(pending)).code).toBe("TEMPLATE_REQUIRED");
    const audited = await env.DB.prepare(
      "SELECT count(*) AS n FROM audit_log WHERE tenant_id = ? AND action = 'channel.templates_synced'",
    )
      .bind(owner.tenantId)
      .first<{ n: number }>();
    expect(audited!.n).toBe(1);
  });

  it("should keep the stored templates when the Graph API refuses, and explain what is missing", async () => {
    const owner = await signupTenant();
    const id = await whatsapp(owner);
    mockGraph({ [`${GRAPH}/1122334455/message_templates?`]: () => Response.json(PAGE_2) });
    expect(
      (await call("POST", `/api/channels/${id}/templates/sync`, { cookie: owner.cookie })).status,
    ).toBe(200);
    vi.restoreAllMocks();
    mockGraph({
      [`${GRAPH}/1122334455/`]: () =>
        Response.json(
          { error: { code: 190, message: "Error validating access token" } },
          { status: 401 },
        ),
    });
    const refused = await call("POST", `/api/channels/${id}/templates/sync`, {
      cookie: owner.cookie,
    });
    expect(refused.status).toBe(502);
    const err = await errorOf(refused);
    expect(err.code).toBe("UPSTREAM_ERROR");
    expect(err.message).toContain("Error validating access token");
    expect(JSON.stringify(err)).not.toContain("EAAG-token");
    const kept = (await (
      await call("GET", `/api/channels/${id}/templates`, { cookie: owner.cookie })
    ).json()) as { templates: { name: string }[] };
    expect(kept.templates.map((t) => t.name)).toEqual(["welcome"]);

    vi.restoreAllMocks();
    const bare = await platformsUnreachable(() =>
      call("POST", "/api/channels", {
        cookie: owner.cookie,
        body: {
          type: "whatsapp",
          name: "WA2",
          credentials: { phoneNumberId: "3333", accessToken: "t", appSecret: "s" },
        },
      }),
    );
    const bareId = ((await bare.json()) as { channel: { id: string } }).channel.id;
    const missing = await call("POST", `/api/channels/${bareId}/templates/sync`, {
      cookie: owner.cookie,
    });
    expect(missing.status).toBe(422);
    expect((await errorOf(missing)).message).toContain("Business Account ID");
    // Added later (the channels page's "Business Account" form), the other credentials kept: the sync works.
    expect(
      (
        await platformsUnreachable(() =>
          call("PATCH", `/api/channels/${bareId}`, {
            cookie: owner.cookie,
            body: { credentials: { wabaId: "1122334455" } },
          }),
        )
      ).status,
    ).toBe(200);
    vi.restoreAllMocks();
    mockGraph({ [`${GRAPH}/1122334455/message_templates?`]: () => Response.json(PAGE_2) });
    expect(
      (await call("POST", `/api/channels/${bareId}/templates/sync`, { cookie: owner.cookie }))
        .status,
    ).toBe(200);

    const tg = await platformsUnreachable(() =>
      call("POST", "/api/channels", {
        cookie: owner.cookie,
        body: {
          type: "line",
          name: "LINE",
          credentials: { channelSecret: "s", channelAccessToken: "t" },
        },
      }),
    );
    const tgId = ((await tg.json()) as { channel: { id: string } }).channel.id;
    expect(
      (await call("POST", `/api/channels/${tgId}/templates/sync`, { cookie: owner.cookie })).status,
    ).toBe(409);
    const stranger = await signupTenant();
    expect(
      (await call("GET", `/api/channels/${id}/templates`, { cookie: stranger.cookie })).status,
    ).toBe(404);
  });

  it("should read the templates again when Meta's template-status webhook says one was approved", async () => {
    const owner = await signupTenant();
    const appSecret = "wa-app-secret-templates";
    // The fixture's entry id is the Business Account's id.
    const ch = await connectChannel(owner, "whatsapp", {
      accessToken: "EAAG-token",
      phoneNumberId: "1234567890",
      appSecret,
      wabaId: "102290129340398",
    });
    const calls = mockGraph({
      [`${GRAPH}/102290129340398/message_templates?`]: () =>
        Response.json({
          data: [
            {
              name: "order_confirmation",
              language: "en_US",
              status: "APPROVED",
              category: "UTILITY",
              components: [{ type: "BODY", text: "Order {{1}} confirmed." }],
            },
          ],
        }),
    });
    const path = "webhooks/whatsapp/flat/template_status_update__approved.json";
    const queued = await postFixtures("whatsapp", ch.id, appSecret, [path]);
    await consumeInOrder([queued.get(path)]);
    const templates = async () =>
      (
        (await (
          await call("GET", `/api/channels/${ch.id}/templates`, { cookie: owner.cookie })
        ).json()) as { templates: { name: string; status: string; params: number }[] }
      ).templates;
    await waitFor(async () => (await templates()).length === 1, "templates synced by the webhook");
    expect(await templates()).toMatchObject([
      { name: "order_confirmation", status: "APPROVED", params: 1 },
    ]);
    expect(calls.every((c) => c.auth === "Bearer EAAG-token")).toBe(true);
    const audit = await env.DB.prepare(
      "SELECT actor_type, data FROM audit_log WHERE tenant_id = ? AND action = 'channel.templates_synced'",
    )
      .bind(owner.tenantId)
      .first<{ actor_type: string; data: string }>();
    expect(audit).toMatchObject({ actor_type: "system" });
    expect(JSON.parse(audit!.data)).toMatchObject({ by: "template webhook", templates: 1 });
  });
});
