/** The merchant's AI agents per sales stage: CRUD for the dashboard, audited, tenant-scoped. */
import { asc, eq } from "drizzle-orm";
import type { Auth } from "../app-env";
import { inTenant, type Db } from "../db/client";
import { aiAgents } from "../db/schema-ai-agents";
import { ApiError } from "../lib/errors";
import { newId } from "../lib/ids";
import type { AiAgentInput, AiAgentView } from "../wire/ai-agents";
import { audit } from "./audit";

/** Enough for every stage several times over; keeps the per-turn row small. */
export const MAX_AGENTS = 20;

type Row = typeof aiAgents.$inferSelect;

function view({ tenantId: _t, ...row }: Row): AiAgentView {
  return row;
}

export async function listAiAgents(db: Db, tenantId: string): Promise<AiAgentView[]> {
  const rows = await db
    .select()
    .from(aiAgents)
    .where(inTenant(aiAgents, tenantId))
    .orderBy(asc(aiAgents.createdAt), asc(aiAgents.id));
  return rows.map(view);
}

export async function createAiAgent(db: Db, auth: Auth, input: AiAgentInput): Promise<AiAgentView> {
  const existing = await db
    .select({ id: aiAgents.id })
    .from(aiAgents)
    .where(inTenant(aiAgents, auth.tenantId));
  if (existing.length >= MAX_AGENTS)
    throw new ApiError("CONFLICT", `At most ${MAX_AGENTS} AI agents per workspace.`);
  const [row] = await db
    .insert(aiAgents)
    .values({ id: newId("aia"), tenantId: auth.tenantId, ...input, updatedAt: Date.now() })
    .returning();
  await audit(db, auth.tenantId, auth, {
    action: "ai_agent.created",
    targetType: "ai_agent",
    targetId: row.id,
    data: { name: row.name, stage: row.stage },
  });
  return view(row);
}

export async function updateAiAgent(
  db: Db,
  auth: Auth,
  id: string,
  input: AiAgentInput,
): Promise<AiAgentView> {
  const [row] = await db
    .update(aiAgents)
    .set({ ...input, updatedAt: Date.now() })
    .where(inTenant(aiAgents, auth.tenantId, eq(aiAgents.id, id)))
    .returning();
  if (!row) throw new ApiError("AI_AGENT_NOT_FOUND", "No such AI agent.");
  await audit(db, auth.tenantId, auth, {
    action: "ai_agent.updated",
    targetType: "ai_agent",
    targetId: id,
    data: { name: row.name, stage: row.stage },
  });
  return view(row);
}

export async function deleteAiAgent(db: Db, auth: Auth, id: string): Promise<void> {
  const res = await db
    .delete(aiAgents)
    .where(inTenant(aiAgents, auth.tenantId, eq(aiAgents.id, id)))
    .returning({ id: aiAgents.id, name: aiAgents.name });
  if (!res.length) throw new ApiError("AI_AGENT_NOT_FOUND", "No such AI agent.");
  await audit(db, auth.tenantId, auth, {
    action: "ai_agent.deleted",
    targetType: "ai_agent",
    targetId: id,
    data: { name: res[0].name },
  });
}
