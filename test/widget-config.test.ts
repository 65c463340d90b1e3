import { describe, expect, it } from "vitest";
import { call, errorOf, signupTenant } from "./helpers";

type Session = { config: { greeting: string; color: string; position: string; title: string; quickReplies: string[] } };

async function session(publicKey: string, language?: string): Promise<Session> {
  const res = await call("POST", "/api/widget/session", { body: { publicKey, ...(language ? { language } : {}) } });
  expect(res.status).toBe(200);
  return (await res.json()) as Session;
}

describe("widget session config", () => {
  it("should greet in the shopper's language with the defaults when the merchant saved nothing", async () => {
    const owner = await signupTenant();
    expect((await session(owner.publicKey, "es")).config).toMatchObject({ greeting: "¡Hola! ¿En qué podemos ayudarte hoy?", position: "right", title: "Chat with us" });
    expect((await session(owner.publicKey, "de-AT")).config.greeting).toMatch(/^Hallo!/);
    expect((await session(owner.publicKey)).config.greeting).toMatch(/^Hi!/);
  });

  it("should reflect the merchant's saved widget settings, falling back to English for other languages", async () => {
    const owner = await signupTenant();
    const put = await call("PUT", "/api/settings/widget", { cookie: owner.cookie, body: { color: "#112233", position: "left", greeting: { en: "Welcome to Nordlys", fr: "Bienvenue" }, quickReplies: ["Track my order"] } });
    expect(put.status).toBe(200);
    const fr = (await session(owner.publicKey, "fr")).config;
    expect(fr).toMatchObject({ greeting: "Bienvenue", color: "#112233", position: "left", quickReplies: ["Track my order"] });
    expect((await session(owner.publicKey, "ja")).config.greeting).toBe("Welcome to Nordlys");
  });

  it("should refuse an invalid language tag and leave no session behind", async () => {
    const owner = await signupTenant();
    const res = await call("POST", "/api/widget/session", { body: { publicKey: owner.publicKey, language: "x" } });
    expect(res.status).toBe(422);
    expect((await errorOf(res)).code).toBe("VALIDATION_FAILED");
  });
});

describe("widget CORS", () => {
  it("should let a shop's page on another origin call the widget API, and only the widget API", async () => {
    const owner = await signupTenant();
    const pre = await call("OPTIONS", "/api/widget/session", { headers: { origin: "https://shop.example", "access-control-request-method": "POST", "access-control-request-headers": "content-type" } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("*");
    expect(pre.headers.get("access-control-allow-headers")).toMatch(/content-type/);
    const res = await call("POST", "/api/widget/session", { headers: { origin: "https://shop.example" }, body: { publicKey: owner.publicKey } });
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const me = await call("GET", "/api/me", { headers: { origin: "https://shop.example" }, cookie: owner.cookie });
    expect(me.headers.get("access-control-allow-origin")).toBeNull();
  });
});
