import { describe, expect, it } from "vitest";
import { runAiTurn } from "./agent";
import { AiSettings } from "./ai-settings";
import { KnowledgeIndex } from "./engine";
import { message } from "./messages";
import { createProviders } from "./providers";
import { salesLead, type SalesHandoff, type SalesSource } from "./sales-lead";
import { SHOP_KB } from "../../test/ai-fakes";

const index = KnowledgeIndex.build(SHOP_KB);
const WED_NOON = new Date("2025-03-05T12:00:00Z");

function turn(text: string, sale: SalesHandoff | null, history: string[] = []) {
  const settings = AiSettings.parse({});
  const seen: unknown[] = [];
  const sales: SalesSource | undefined = sale
    ? {
        handoff: async (lead) => {
          seen.push(lead);
          return sale;
        },
      }
    : undefined;
  const result = runAiTurn({
    tenantId: "t1",
    settings,
    entries: index,
    history: history.map((h) => ({ role: "shopper", text: h })),
    message: text,
    contact: { vip: false },
    now: WED_NOON,
    providers: createProviders({}, settings),
    sales,
  });
  return { result, seen };
}

const ES = "Hola, quiero comprar 2 zapatillas Aurora en talla 40, mi correo es lucia@example.es";
const ZH = "我想买三件蓝色的T恤，M码，多少钱？我的邮箱是 li@example.cn";

describe("salesLead", () => {
  it("should name a lead only when the message is a purchase and the lead is high-intent", () => {
    expect(salesLead([], ES)).toMatchObject({ product: "zapatillas Aurora", quantity: 2 });
    expect(salesLead([], "¿Tenéis las zapatillas Aurora en talla 40?")).toBeNull();
    // The purchase alone is not enough; the earlier messages complete it.
    expect(salesLead([], "quiero comprar unas zapatillas")).toBeNull();
    expect(
      salesLead(["mi correo es lucia@example.es"], "quiero comprar 2 zapatillas Aurora"),
    ).toMatchObject({ email: "lucia@example.es", quantity: 2 });
  });
});

describe("the AI's reply to a high-intent purchase", () => {
  it("should tell a Spanish shopper the request went to the sales team, and queue it for them", async () => {
    const { result, seen } = turn(ES, { team: "sales", product: null, draftOrder: null });
    const r = await result;
    expect(r).toMatchObject({
      kind: "handover",
      rule: "sales_lead",
      team: "sales",
      language: "es",
    });
    expect(r.text).toBe(message("lead_sales", "es"));
    expect(r.text).toContain("equipo de ventas");
    expect(seen).toEqual([expect.objectContaining({ product: "zapatillas Aurora", quantity: 2 })]);
  });

  it("should tell a Chinese shopper a draft order was prepared, naming it", async () => {
    const { result } = turn(ZH, { team: "sales", product: "T恤 – M / 蓝色", draftOrder: "#D7" });
    const r = await result;
    expect(r).toMatchObject({ kind: "handover", rule: "sales_lead", language: "zh" });
    expect(r.text).toBe(
      message("lead_draft", "zh", { order: "#D7", product: "T恤 – M / 蓝色", quantity: "3" }),
    );
    expect(r.text).toContain("#D7");
    expect(r.text).toContain("销售团队");
  });

  it("should say 'our team' where the tenant has no sales team, and keep the generic reply without a source", async () => {
    const none = await turn(ES, { team: null, product: null, draftOrder: null }).result;
    expect(none).toMatchObject({ kind: "handover", team: null });
    expect(none.text).toBe(message("lead_team", "es"));
    const generic = await turn(ES, null).result;
    expect(generic.text).not.toContain("ventas");
    expect("team" in generic).toBe(false);
  });

  it("should have the lead replies in every reply language", () => {
    for (const lang of ["de", "fr", "es", "it", "nl", "pt", "no", "ja", "zh"])
      for (const key of ["lead_sales", "lead_team", "lead_draft"] as const)
        expect(message(key, lang, { order: "#D1" }), `${lang} ${key}`).not.toBe(
          message(key, "en", { order: "#D1" }),
        );
  });
});
