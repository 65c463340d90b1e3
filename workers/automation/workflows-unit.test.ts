import { describe, expect, it } from "vitest";
import { openAt } from "../lib/business-hours";
import { evaluateConditions } from "./conditions";
import type { WorkflowContext } from "./context";
import { Step, WorkflowDefinition } from "./workflow-definition";
import { stillApplies } from "./due";
import { pickLocalized, renderTemplate } from "./render";
import { WORKFLOW_TEMPLATES } from "./workflow-templates";
import { matchesKeyword } from "./triggers";

const ctx = (over: Partial<WorkflowContext> = {}): WorkflowContext => ({
  tenantId: "ten_1",
  event: { type: "message.created", at: 0 },
  conversation: {
    id: "cnv_1",
    status: "bot",
    channelType: "whatsapp",
    language: null,
    tags: ["new"],
    assigneeId: null,
    lastInboundAt: 1,
    lastMessageAt: 1,
    handoverAt: null,
    lastMessageText: null,
  },
  contact: {
    id: "con_1",
    name: "Ana",
    email: "ana@x.com",
    phone: null,
    language: null,
    country: "MX",
    vip: true,
    tags: ["gold"],
    attributes: { orders: 3, tier: "Gold" },
  },
  message: { text: "¿Dónde está mi pedido?", intent: "order_status", language: "es-MX" },
  country: "MX",
  businessHours: false,
  vars: {},
  ...over,
});

describe("workflow conditions", () => {
  it("should combine and/or groups over contact, conversation, message and business hours", () => {
    const c = ctx();
    expect(
      evaluateConditions(
        {
          all: [
            { field: "contact.vip", op: "eq", value: true },
            { field: "contact.tags", op: "contains", value: "GOLD" },
          ],
        },
        c,
      ),
    ).toBe(true);
    expect(
      evaluateConditions(
        {
          any: [
            { field: "business_hours", op: "eq", value: true },
            { field: "conversation.country", op: "in", value: ["MX", "ES"] },
          ],
        },
        c,
      ),
    ).toBe(true);
    expect(
      evaluateConditions(
        {
          all: [
            { field: "contact.attributes.orders", op: "gte", value: 3 },
            {
              any: [
                { field: "message.intent", op: "eq", value: "refund" },
                { field: "conversation.channel", op: "eq", value: "telegram" },
              ],
            },
          ],
        },
        c,
      ),
    ).toBe(false);
    expect(
      evaluateConditions(
        {
          all: [
            { field: "contact.attributes.tier", op: "eq", value: "gold" },
            { field: "conversation.tags", op: "not_contains", value: "after-hours" },
          ],
        },
        c,
      ),
    ).toBe(true);
    expect(evaluateConditions(undefined, c)).toBe(true);
  });

  it("should treat unknown business hours as neither open nor closed", () => {
    const c = ctx({ businessHours: null });
    expect(
      evaluateConditions({ all: [{ field: "business_hours", op: "eq", value: false }] }, c),
    ).toBe(false);
    expect(
      evaluateConditions({ all: [{ field: "business_hours", op: "eq", value: true }] }, c),
    ).toBe(false);
  });

  it("should read saved HTTP responses through vars", () => {
    const c = ctx({ vars: { order: { ok: true, status: 200, body: { status: "shipped" } } } });
    expect(
      evaluateConditions(
        {
          all: [
            { field: "vars.order.ok", op: "eq", value: true },
            { field: "vars.order.body.status", op: "exists" },
          ],
        },
        c,
      ),
    ).toBe(true);
    expect(
      renderTemplate("Your order is {{vars.order.body.status}}{{vars.order.body.eta | }}.", c),
    ).toBe("Your order is shipped.");
  });
});

describe("localised text", () => {
  const text = {
    default: "Hi",
    byLanguage: { es: "Hola", fr: "Bonjour" },
    byCountry: { BE: "Hallo" },
  };
  it("should prefer the shopper's language, then the country's text, then the country's language", () => {
    expect(pickLocalized(text, ctx())).toBe("Hola");
    expect(pickLocalized(text, ctx({ message: null, country: "BE" }))).toBe("Hallo");
    expect(pickLocalized(text, ctx({ message: null, country: "FR" }))).toBe("Bonjour");
    expect(pickLocalized(text, ctx({ message: null, country: "JP" }))).toBe("Hi");
  });
});

describe("keyword triggers", () => {
  it("should match whole words ignoring case and accents, and substrings in unspaced scripts", () => {
    expect(matchesKeyword("Where is my ORDER?", ["order"])).toBe(true);
    expect(matchesKeyword("I want to reorder", ["order"])).toBe(false);
    expect(matchesKeyword("¿Dónde está mi pedido?", ["donde esta"])).toBe(true);
    expect(matchesKeyword("我的订单在哪里", ["订单"])).toBe(true);
  });
});

describe("business hours", () => {
  const hours = {
    timezone: "Europe/Madrid",
    days: { mon: [["09:00", "18:00"]] as [string, string][] },
  };
  it("should evaluate opening hours in the tenant's time zone", () => {
    // Monday 2026-03-02 08:30 UTC = 09:30 in Madrid (CET).
    expect(openAt(hours, Date.UTC(2026, 2, 2, 8, 30))).toBe(true);
    expect(openAt(hours, Date.UTC(2026, 2, 2, 7, 30))).toBe(false);
    expect(openAt(hours, Date.UTC(2026, 2, 3, 8, 30))).toBe(false);
    expect(openAt({ ...hours, timezone: "Not/AZone" }, 0)).toBeNull();
  });
});

describe("definitions", () => {
  it("should accept every shipped template and reject malformed steps", () => {
    for (const t of WORKFLOW_TEMPLATES)
      expect(WorkflowDefinition.safeParse(t.definition).success).toBe(true);
    expect(Step.safeParse({ type: "assign", agentId: "a", teamId: "t" }).success).toBe(false);
    expect(Step.safeParse({ type: "delay", minutes: 0 }).success).toBe(false);
    expect(
      WorkflowDefinition.safeParse({
        trigger: { type: "conversation.created" },
        conditions: { all: [{ field: "contact.password", op: "eq", value: 1 }] },
        steps: [{ type: "resolve" }],
      }).success,
    ).toBe(false);
  });

  it("should fire time-based checks only when nothing happened since", () => {
    const conv = { status: "bot", lastInboundAt: 100, lastMessageAt: 100, handoverAt: null };
    expect(stillApplies({ kind: "waiting_reply", anchor: 100 }, conv)).toBe(true);
    expect(
      stillApplies({ kind: "waiting_reply", anchor: 100 }, { ...conv, lastMessageAt: 120 }),
    ).toBe(false);
    expect(
      stillApplies({ kind: "window_closing", anchor: 100 }, { ...conv, lastInboundAt: 150 }),
    ).toBe(false);
    expect(
      stillApplies(
        { kind: "waiting_queue", anchor: 50 },
        { ...conv, status: "waiting", handoverAt: 50 },
      ),
    ).toBe(true);
    expect(
      stillApplies({ kind: "waiting_reply", anchor: 100 }, { ...conv, status: "resolved" }),
    ).toBe(false);
  });
});
