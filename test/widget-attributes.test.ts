import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { widgetSession } from "./engine-helpers";
import { call, errorOf, signupTenant } from "./helpers";

const put = (token: string | null, body: unknown, origin?: string) =>
  call("PUT", "/api/widget/attributes", {
    body,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(origin ? { origin } : {}),
    },
  });

async function attributesOf(tenantId: string): Promise<Record<string, unknown>[]> {
  const rows = await env.DB.prepare("SELECT attributes FROM contacts WHERE tenant_id = ?")
    .bind(tenantId)
    .all<{ attributes: string }>();
  return rows.results.map((r) => JSON.parse(r.attributes) as Record<string, unknown>);
}

describe("PUT /api/widget/attributes", () => {
  it("should merge attributes into the visitor's contact, keeping earlier ones", async () => {
    const owner = await signupTenant();
    const { visitorToken } = await widgetSession(owner);
    const first = await put(
      visitorToken,
      { attributes: { plan: "pro", cartValue: 42.5, loggedIn: true } },
      "https://shop.example",
    );
    expect(first.status).toBe(200);
    expect(first.headers.get("access-control-allow-origin")).toBe("*");
    const second = await put(visitorToken, { attributes: { plan: "enterprise" } });
    expect(((await second.json()) as { attributes: unknown }).attributes).toEqual({
      plan: "enterprise",
      cartValue: 42.5,
      loggedIn: true,
    });
    expect(await attributesOf(owner.tenantId)).toEqual([
      { plan: "enterprise", cartValue: 42.5, loggedIn: true },
    ]);
  });

  it("should answer the CORS preflight from any shop origin", async () => {
    const res = await call("OPTIONS", "/api/widget/attributes", {
      headers: {
        origin: "https://shop.example",
        "access-control-request-method": "PUT",
        "access-control-request-headers": "authorization, content-type",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-methods")).toContain("PUT");
    expect(res.headers.get("access-control-allow-headers")?.toLowerCase()).toContain(
      "authorization",
    );
  });

  it("should refuse a missing or forged token and bad input, changing nothing", async () => {
    const owner = await signupTenant();
    const { visitorToken } = await widgetSession(owner);
    expect((await put(visitorToken, { attributes: { tier: "gold" } })).status).toBe(200);
    const missing = await put(null, { attributes: { tier: "x" } }, "https://shop.example");
    expect(missing.status).toBe(401);
    expect(missing.headers.get("access-control-allow-origin")).toBe("*");
    expect(
      (await put(`${visitorToken.slice(0, -2)}xx`, { attributes: { tier: "x" } })).status,
    ).toBe(401);
    const tooMany = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i]));
    for (const body of [
      { attributes: tooMany },
      { attributes: { note: "x".repeat(501) } },
      { attributes: { nested: { a: 1 } } },
      { attributes: {} },
      { attributes: { "bad key": 1 } },
      JSON.parse('{"attributes":{"__proto__":1}}') as unknown,
      { other: 1 },
    ]) {
      const res = await put(visitorToken, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(422);
      expect((await errorOf(res)).code).toBe("VALIDATION_FAILED");
    }
    expect(await attributesOf(owner.tenantId)).toEqual([{ tier: "gold" }]);
  });

  it("should refuse a merge that would exceed 50 attributes on the contact", async () => {
    const owner = await signupTenant();
    const { visitorToken } = await widgetSession(owner);
    const batch = (from: number) =>
      Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`a${from + i}`, "v"]));
    expect((await put(visitorToken, { attributes: batch(0) })).status).toBe(200);
    const over = await put(visitorToken, { attributes: batch(100) });
    expect(over.status).toBe(422);
    expect((await errorOf(over)).details).toMatchObject({ count: 60, max: 50 });
    expect(Object.keys((await attributesOf(owner.tenantId))[0])).toHaveLength(30);
  });
});
