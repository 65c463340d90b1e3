import { describe, expect, it } from "vitest";
import { runAiTurn } from "./agent";
import { documentToEntries, htmlToText } from "./documents";
import { KnowledgeIndex } from "./engine";
import { extractOrderNumber, lookupOrder } from "./order-lookup";
import { createProviders } from "./providers";
import { AiSettings } from "./ai-settings";
import { SHOP_KB } from "../../test/ai-fakes";

const cfg = {
  url: "https://shop.example/api/orders",
  secretHeaderName: "x-edgedesk-secret",
  secretValue: "s3cret",
  timeoutMs: 300,
};

describe("extractOrderNumber", () => {
  it.each([
    ["where is my order #A12345?", "A12345"],
    ["Order number: 100234", "100234"],
    ["Wo ist meine Bestellung 55-1234-9", "55-1234-9"],
    ["commande n° 778899", "778899"],
    ["注文番号 20240115", "20240115"],
    ["where is order #728?", "728"],
    ["¿dónde está mi pedido número 728?", "728"],
  ])("should find the order number in %s", (text, expected) => {
    expect(extractOrderNumber(text)).toBe(expected);
  });
  it("should ignore numbers without an order cue and redacted placeholders", () => {
    expect(extractOrderNumber("I paid 129.99 on 2024-05-01")).toBeNull();
    expect(extractOrderNumber("order paid with [CARD_1]")).toBeNull();
    expect(extractOrderNumber("I want to order 100 pieces")).toBeNull();
    expect(extractOrderNumber("we are #1 in town")).toBeNull();
  });
});

describe("lookupOrder", () => {
  it("should POST the order number with the merchant secret header", async () => {
    let seen: Request | undefined;
    const out = await lookupOrder(cfg, "A12345", {
      fetch: async (url, init) => {
        seen = new Request(url, init);
        return Response.json({ status: "shipped", carrier: "DHL", eta: "2025-03-07" });
      },
    });
    expect(out).toEqual({
      ok: true,
      found: true,
      order: { status: "shipped", carrier: "DHL", eta: "2025-03-07" },
    });
    expect(seen?.method).toBe("POST");
    expect(seen?.headers.get("x-edgedesk-secret")).toBe("s3cret");
    expect(await seen?.json()).toEqual({ orderNumber: "A12345" });
  });

  it("should report 404, bad JSON, 5xx and timeouts as values", async () => {
    expect(
      await lookupOrder(cfg, "1", { fetch: async () => new Response("", { status: 404 }) }),
    ).toEqual({ ok: true, found: false });
    expect(await lookupOrder(cfg, "1", { fetch: async () => new Response("<html>") })).toEqual({
      ok: false,
      reason: "invalid_response",
    });
    expect(
      await lookupOrder(cfg, "1", { fetch: async () => new Response("", { status: 502 }) }),
    ).toEqual({ ok: false, reason: "http_502" });
    const hang: typeof fetch = (_u, init) =>
      new Promise((_, rej) =>
        init?.signal?.addEventListener("abort", () => rej(init.signal?.reason)),
      );
    expect(await lookupOrder(cfg, "1", { fetch: hang })).toEqual({ ok: false, reason: "timeout" });
  });

  it("should refuse a private, loopback or plain-http URL without calling it, and not follow a redirect", async () => {
    const calls: string[] = [];
    const fetchFn: typeof fetch = async (url, init) => {
      calls.push(`${String(url)} ${init?.redirect}`);
      return new Response("", { status: 302, headers: { location: "http://10.0.0.1/" } });
    };
    for (const url of [
      "http://127.0.0.1:8080/orders",
      "https://10.1.2.3/orders",
      "https://[::1]/orders",
      "http://shop.example/orders",
    ])
      expect(await lookupOrder({ ...cfg, url }, "1", { fetch: fetchFn })).toEqual({
        ok: false,
        reason: "url_refused",
      });
    expect(calls).toEqual([]);
    expect(await lookupOrder(cfg, "1", { fetch: fetchFn })).toEqual({
      ok: false,
      reason: "http_302",
    });
    expect(calls).toEqual(["https://shop.example/api/orders manual"]);
  });
});

describe("order lookup in a turn", () => {
  const settings = AiSettings.parse({ orderLookup: cfg });
  const base = {
    tenantId: "t1",
    settings,
    entries: KnowledgeIndex.build(SHOP_KB),
    history: [],
    contact: { vip: false },
    now: new Date(),
    providers: createProviders({}, settings),
  };

  it("should answer from the lookup result", async () => {
    const r = await runAiTurn({
      ...base,
      message: "where is my order #A12345?",
      fetch: async () => Response.json({ status: "shipped", carrier: "DHL" }),
    });
    expect(r).toMatchObject({
      kind: "answer",
      text: "Happy to help! Here is what I found for order A12345: shipped, carrier: DHL.",
    });
  });

  it("should hand over when the lookup fails", async () => {
    const r = await runAiTurn({
      ...base,
      message: "where is my order #A12345?",
      fetch: async () => new Response("", { status: 500 }),
    });
    expect(r).toMatchObject({ kind: "handover", rule: "tool_failure" });
  });

  it("should ask to check the number when the order is unknown", async () => {
    const r = await runAiTurn({
      ...base,
      message: "Wo ist meine Bestellung 99999?",
      fetch: async () => new Response("", { status: 404 }),
    });
    expect(r).toMatchObject({ kind: "answer", language: "de" });
    expect(r.text).toContain("99999");
  });
});

describe("documents", () => {
  it("should split Markdown into one entry per section", () => {
    const entries = documentToEntries({
      id: "faq",
      title: "Help",
      format: "markdown",
      body: "# Shipping\nWe ship daily.\n\n## Returns\nWithin 30 days.",
      language: "en",
    });
    expect(entries.map((e) => [e.id, e.question, e.answer])).toEqual([
      ["faq#1", "Help — Shipping", "We ship daily."],
      ["faq#2", "Help — Returns", "Within 30 days."],
    ]);
  });

  it("should turn HTML into text with headings and lists", () => {
    expect(
      htmlToText("<h2>Pay</h2><p>Cards &amp; PayPal</p><ul><li>Visa</li></ul><script>x()</script>"),
    ).toBe("## Pay\n\nCards & PayPal\n\n- Visa");
    const entries = documentToEntries({
      id: "d",
      format: "html",
      body: "<h1>Pay</h1><p>Cards &amp; PayPal</p>",
    });
    expect(entries).toEqual([
      expect.objectContaining({ id: "d#1", question: "Pay", answer: "Cards & PayPal" }),
    ]);
  });

  it("should keep plain text as one entry", () => {
    expect(
      documentToEntries({
        id: "p",
        title: "Note",
        format: "text",
        body: "# not a heading\nhello",
      })[0],
    ).toMatchObject({ question: "Note", answer: "# not a heading\nhello" });
  });
});
