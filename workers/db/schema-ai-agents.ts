/**
 * AI agents per sales stage: each answers with its own persona, from its own knowledge (entries with any of
 * its tags; none = all), with a subset of the store actions, and optionally another model.
 */
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { tenants } from "./schema";

export const AGENT_STAGES = ["pre_sales", "after_sales", "marketing", "general"] as const;
export type AgentStage = (typeof AGENT_STAGES)[number];

/** The store actions an agent may be allowed; the per-store policy still applies on top. */
export const AGENT_ACTIONS = ["order_lookup", "cancel", "refund", "address_change"] as const;
export type AgentAction = (typeof AGENT_ACTIONS)[number];

const ts = (name: string) => integer(name, { mode: "number" });
const json = <T>(name: string) => text(name, { mode: "json" }).$type<T>();

export const aiAgents = sqliteTable(
  "ai_agents",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    name: text("name").notNull(),
    stage: text("stage", { enum: AGENT_STAGES }).notNull(),
    tone: text("tone", { enum: ["professional", "friendly", "premium"] }),
    instructions: text("instructions").notNull().default(""),
    knowledgeTags: json<string[]>("knowledge_tags").notNull().default(sql`'[]'`),
    allowedActions: json<AgentAction[]>("allowed_actions").notNull().default(sql`'[]'`),
    /** "provider/model", or empty for the tenant's default. */
    model: text("model").notNull().default(""),
    createdAt: ts("created_at").notNull().default(sql`(unixepoch() * 1000)`),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [index("ai_agents_tenant_idx").on(t.tenantId, t.stage)],
);
