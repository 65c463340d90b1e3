import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, errorOf, signupTenant } from "./helpers";

type StatusLines = {
  waiting: string;
  joined: string;
  resolved: string;
  backToAi: string;
  chattingWith: string;
  queuePosition: string;
};
type Session = {
  config: {
    greeting: string;
    color: string;
    position: string;
    title: string;
    quickReplies: string[];
    statusLines: StatusLines;
  };
};

async function session(publicKey: string, language?: string): Promise<Session> {
  const res = await call("POST", "/api/widget/session", {
    body: { publicKey, ...(language ? { language } : {}) },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Session;
}

describe("widget session config", () => {
  it("should greet in the shopper's language with the defaults when the merchant saved nothing", async () => {
    const owner = await signupTenant();
    expect((await session(owner.publicKey, "es")).config).toMatchObject({
      greeting: "¡Hola! ¿En qué podemos ayudarte hoy?",
      position: "right",
      title: "Chatea con nosotros",
      quickReplies: ["¿Dónde está mi pedido?", "Plazos de envío", "Devoluciones"],
      statusLines: {
        waiting: "Esperando a que se una una persona…",
        joined: "{name} se unió a la conversación.",
      },
    });
    expect((await session(owner.publicKey)).config.title).toBe("Chat with us");
    expect((await session(owner.publicKey, "de-AT")).config.greeting).toMatch(/^Hallo!/);
    expect((await session(owner.publicKey)).config.greeting).toMatch(/^Hi!/);
  });

  it("should greet a Thai, Korean, Russian or Vietnamese shopper in their language by default", async () => {
    const owner = await signupTenant();
    expect((await session(owner.publicKey, "th-TH")).config).toMatchObject({
      title: "แชทกับเรา",
      greeting: "สวัสดี! วันนี้มีอะไรให้เราช่วยไหม",
    });
    expect((await session(owner.publicKey, "ko-KR")).config).toMatchObject({
      title: "채팅 상담",
      greeting: "안녕하세요! 무엇을 도와드릴까요?",
    });
    expect((await session(owner.publicKey, "ru-RU")).config.title).toBe("Напишите нам");
    expect((await session(owner.publicKey, "vi-VN")).config.title).toBe("Trò chuyện với chúng tôi");
  });

  it("should reflect the merchant's saved widget settings, falling back to English for other languages", async () => {
    const owner = await signupTenant();
    const put = await call("PUT", "/api/settings/widget", {
      cookie: owner.cookie,
      body: {
        color: "#112233",
        position: "left",
        greeting: { en: "Welcome to Nordlys", fr: "Bienvenue" },
        quickReplies: ["Track my order"],
      },
    });
    expect(put.status).toBe(200);
    const fr = (await session(owner.publicKey, "fr")).config;
    expect(fr).toMatchObject({
      greeting: "Bienvenue",
      color: "#112233",
      position: "left",
      quickReplies: ["Track my order"],
    });
    expect((await session(owner.publicKey, "ja")).config.greeting).toBe("Welcome to Nordlys");
  });

  it("should show each shopper the merchant's texts in their language, else the default language's, else the built-in translation", async () => {
    const owner = await signupTenant();
    const texts = {
      es: {
        title: "Hablemos",
        quickReplies: ["¿Mi pedido?"],
        waiting: "Un momento, ya viene alguien…",
        joined: "{name} ya está contigo.",
        chattingWith: "Te atiende {name}",
      },
      de: { greeting: "Moin! Was können wir tun?" },
      // A language the product does not ship, worded by the merchant.
      fi: { queuePosition: "Olet jonossa sijalla {position}." },
      en: { title: "Nordlys help", resolved: "All sorted — thanks for writing!" },
    };
    const put = await call("PUT", "/api/settings/widget", {
      cookie: owner.cookie,
      body: { defaultLanguage: "en", texts },
    });
    expect(put.status).toBe(200);
    expect(((await put.json()) as { settings: { texts: unknown } }).settings.texts).toEqual(texts);
    const es = (await session(owner.publicKey, "es-MX")).config;
    expect(es).toMatchObject({
      title: "Hablemos",
      greeting: "¡Hola! ¿En qué podemos ayudarte hoy?",
      quickReplies: ["¿Mi pedido?"],
    });
    // Spanish lines the merchant set, the default language's for the one they did not.
    expect(es.statusLines).toEqual({
      waiting: "Un momento, ya viene alguien…",
      joined: "{name} ya está contigo.",
      resolved: "All sorted — thanks for writing!",
      backToAi: "El asistente vuelve a atenderte.",
      chattingWith: "Te atiende {name}",
      queuePosition: "Eres el número {position} en la cola.",
    });
    expect((await session(owner.publicKey, "fi")).config.statusLines).toMatchObject({
      queuePosition: "Olet jonossa sijalla {position}.",
      chattingWith: "Chatting with {name}",
    });
    const zh = (await session(owner.publicKey, "zh")).config;
    expect(zh).toMatchObject({
      title: "Nordlys help",
      greeting: "您好！今天有什么可以帮您？",
      quickReplies: ["我的订单在哪里？", "配送时间", "退货"],
    });
    expect(zh.statusLines.waiting).toBe("正在等待人工客服…");
    expect((await session(owner.publicKey, "de")).config).toMatchObject({
      greeting: "Moin! Was können wir tun?",
      title: "Nordlys help",
    });
  });

  it("should refuse bad texts with 422 in the one error shape, naming the field, and keep what was stored", async () => {
    const owner = await signupTenant();
    const good = {
      color: "#112233",
      position: "left",
      logoUrl: null,
      defaultLanguage: "es",
      texts: { es: { title: "Hablemos", joined: "{name} ya está contigo." } },
    };
    expect(
      (await call("PUT", "/api/settings/widget", { cookie: owner.cookie, body: good })).status,
    ).toBe(200);
    const bad: [unknown, string][] = [
      [{ ...good, texts: { es: { joined: "{nombre} ya está contigo." } } }, "texts.es.joined"],
      [{ ...good, texts: { es: { waiting: "Espera {name}" } } }, "texts.es.waiting"],
      // The header lines must keep their placeholder: without it the line loses its point.
      [{ ...good, texts: { es: { chattingWith: "Te atiende alguien" } } }, "texts.es.chattingWith"],
      [{ ...good, texts: { es: { queuePosition: "Espera tu turno" } } }, "texts.es.queuePosition"],
      [{ ...good, texts: { es: { queuePosition: "Eres el {n}" } } }, "texts.es.queuePosition"],
      [{ ...good, texts: { es: { title: "x".repeat(61) } } }, "texts.es.title"],
      [{ ...good, texts: { es: { title: "   " } } }, "texts.es.title"],
      [{ ...good, texts: { es: { quickReplies: ["Sí", "Sí"] } } }, "texts.es.quickReplies"],
      [
        {
          ...good,
          texts: { es: { quickReplies: Array.from({ length: 7 }, (_, i) => `Opción ${i}`) } },
        },
        "texts.es.quickReplies",
      ],
      [{ ...good, texts: { Spanish: { title: "Hablemos" } } }, "texts.Spanish"],
      [{ ...good, texts: { es: { subtitle: "¿?" } } }, "texts.es"],
      [{ ...good, defaultLanguage: "Español" }, "defaultLanguage"],
    ];
    for (const [body, path] of bad) {
      const res = await call("PUT", "/api/settings/widget", { cookie: owner.cookie, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      const error = await errorOf(res);
      expect(error.code).toBe("VALIDATION_FAILED");
      expect(JSON.stringify(error.details), path).toContain(path);
    }
    const after = await call("GET", "/api/settings/widget", { cookie: owner.cookie });
    const { identitySecret: _secret, ...stored } = (
      (await after.json()) as { settings: Record<string, unknown> }
    ).settings;
    expect(stored).toEqual(good);
    expect((await session(owner.publicKey, "es")).config.title).toBe("Hablemos");
  });

  it("should read widget settings saved in the old shape as the default language's texts, dropping the old defaults", async () => {
    const owner = await signupTenant();
    const old = {
      color: "#112233",
      position: "right",
      logoUrl: null,
      title: "Nordlys",
      quickReplies: ["Where is my order?", "Shipping times", "Returns"],
      greeting: {
        en: "Welcome to Nordlys",
        es: "¡Hola! ¿En qué podemos ayudarte hoy?",
        fr: "Bienvenue",
      },
    };
    await env.DB.prepare(
      "UPDATE tenants SET settings = json_set(settings, '$.widget', json(?)) WHERE id = ?",
    )
      .bind(JSON.stringify(old), owner.tenantId)
      .run();
    const res = await call("GET", "/api/settings/widget", { cookie: owner.cookie });
    const { settings } = (await res.json()) as { settings: Record<string, unknown> };
    expect(settings).toMatchObject({
      defaultLanguage: "en",
      texts: {
        en: { title: "Nordlys", greeting: "Welcome to Nordlys" },
        fr: { greeting: "Bienvenue" },
      },
    });
    expect(settings).not.toHaveProperty("title");
    expect(Object.keys(settings.texts as object).sort()).toEqual(["en", "fr"]);
    const es = (await session(owner.publicKey, "es")).config;
    expect(es).toMatchObject({
      title: "Nordlys",
      greeting: "Welcome to Nordlys",
      quickReplies: ["¿Dónde está mi pedido?", "Plazos de envío", "Devoluciones"],
    });
  });

  it("should refuse an invalid language tag and leave no session behind", async () => {
    const owner = await signupTenant();
    const res = await call("POST", "/api/widget/session", {
      body: { publicKey: owner.publicKey, language: "x" },
    });
    expect(res.status).toBe(422);
    expect((await errorOf(res)).code).toBe("VALIDATION_FAILED");
  });
});

describe("widget CORS", () => {
  it("should let a shop's page on another origin call the widget API, and only the widget API", async () => {
    const owner = await signupTenant();
    const pre = await call("OPTIONS", "/api/widget/session", {
      headers: {
        origin: "https://shop.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("*");
    expect(pre.headers.get("access-control-allow-headers")).toMatch(/content-type/);
    const res = await call("POST", "/api/widget/session", {
      headers: { origin: "https://shop.example" },
      body: { publicKey: owner.publicKey },
    });
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const me = await call("GET", "/api/me", {
      headers: { origin: "https://shop.example" },
      cookie: owner.cookie,
    });
    expect(me.headers.get("access-control-allow-origin")).toBeNull();
  });
});
