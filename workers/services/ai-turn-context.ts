/**
 * What an AI turn reads before it answers — AI settings, stage agents, usage limits, the knowledge base's
 * fingerprint and, when metered, the month's usage — in one call to the tenant's shard, which caches the
 * configuration until the merchant changes it (`turnConfigChanged`). A miss reads D1 once and fills the cache.
 */
import { sql } from "drizzle-orm";
import { z } from "zod";
import { shardStub } from "../../durable-objects/rpc";
import { AiSettings, resolveRoute, ROUTE_TASKS } from "../ai";
import type { StageAgent } from "../ai/stage-agents";
import type { Db } from "../db/client";
import { monthRange } from "../analytics/usage";
import { AiAgentSchema } from "../wire/ai-agents";
import type { TurnConfig, UsageRead } from "../wire/shard";
import { UsageLimits } from "../wire/usage";
import { withDefaults } from "./ai";
import { fingerprintOf, kbStatsQuery } from "./kb";

export interface TurnSetup {
  settings: AiSettings;
  agents: StageAgent[];
  limits: UsageLimits;
  kbFingerprint: string;
  /** The shard's counters for this month (`monthRange`), when the configuration is metered. */
  usage: UsageRead | null;
}

const StoredAgents = z.array(AiAgentSchema.omit({ createdAt: true, updatedAt: true }));
const StoredSettings = AiSettings.partial().passthrough();

const json = (text: string | null): unknown => (text ? JSON.parse(text) : undefined);

/** The turn's setup: one shard call with a warm cache; on a miss, one D1 statement more. */
export async function loadTurnSetup(
  env: Env,
  db: Db,
  tenantId: string,
  at = Date.now(),
): Promise<TurnSetup> {
  const shard = shardStub(env, tenantId);
  const ctx = await shard.turnContext(monthRange(at));
  const config = ctx.config ?? (await readTurnConfig(env, db, tenantId));
  if (!ctx.config) await shard.fillTurnConfig(ctx.version, config);
  const section = StoredSettings.safeParse(json(config.ai) ?? {});
  const agents = StoredAgents.safeParse(json(config.agents) ?? []);
  const limits = UsageLimits.safeParse(json(config.usageLimits) ?? {});
  return {
    settings: await withDefaults(env, section.success ? section.data : {}),
    agents: agents.success ? agents.data : [],
    limits: limits.success ? limits.data : {},
    kbFingerprint: config.kbFingerprint,
    usage: ctx.usage,
  };
}

/** The merchant changed AI settings, agents, usage limits or knowledge: the next turn reads them afresh. */
export async function turnConfigChanged(
  env: Pick<Env, "TENANT_SHARD">,
  tenantId: string,
): Promise<void> {
  await shardStub(env, tenantId).turnConfigChanged();
}

/** The configuration as D1 holds it, in one statement. */
async function readTurnConfig(env: Env, db: Db, tenantId: string): Promise<TurnConfig> {
  const row = await db.get<{
    ai: string | null;
    limits: string | null;
    agents: string | null;
    n: number;
    m: number | null;
    c: number | null;
  }>(
    sql`SELECT json_extract(t.settings, '$.ai') AS ai, json_extract(t.settings, '$.usageLimits') AS limits, (SELECT json_group_array(json(a.row)) FROM (SELECT json_object('id', id, 'name', name, 'stage', stage, 'tone', tone, 'instructions', instructions, 'knowledgeTags', json(knowledge_tags), 'allowedActions', json(allowed_actions), 'model', model) AS row FROM ai_agents WHERE tenant_id = t.id ORDER BY created_at, id) AS a) AS agents, k.n, k.m, k.c FROM tenants t, (${kbStatsQuery(tenantId)}) AS k WHERE t.id = ${tenantId}`,
  );
  const config = {
    ai: row?.ai ?? null,
    agents: row?.agents ?? null,
    usageLimits: row?.limits ?? null,
    kbFingerprint: fingerprintOf(row),
  };
  return { ...config, metered: await isMetered(env, config) };
}

/** A limit is set, or some chain (the tenant's, or a stage agent's model first) holds a paid model or vectors. */
async function isMetered(env: Env, c: Omit<TurnConfig, "kbFingerprint" | "metered">) {
  const limits = UsageLimits.safeParse(json(c.usageLimits) ?? {});
  if (limits.success && Object.values(limits.data).some((v) => !!v)) return true;
  const section = StoredSettings.safeParse(json(c.ai) ?? {});
  const settings = await withDefaults(env, section.success ? section.data : {});
  if (settings.vectorSearch) return true;
  const agents = StoredAgents.safeParse(json(c.agents) ?? []);
  const overrides = [null, ...(agents.success ? agents.data.map((a) => a.model || null) : [])];
  return overrides.some((o) =>
    ROUTE_TASKS.some((t) => resolveRoute(settings, t, o).some((s) => s.provider !== "builtin")),
  );
}
