/** AI agents on the wire: what the dashboard lists and the body that creates or replaces one. */
import { z } from "@hono/zod-openapi";
import { AGENT_ACTIONS, AGENT_STAGES } from "../db/schema-ai-agents";

const Tone = z.enum(["professional", "friendly", "premium"]);

export const AiAgentSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    stage: z.enum(AGENT_STAGES),
    /** Null: the tenant persona's tone. */
    tone: Tone.nullable(),
    instructions: z.string(),
    /** Knowledge entries with any of these tags; empty = the whole knowledge base. */
    knowledgeTags: z.array(z.string()),
    allowedActions: z.array(z.enum(AGENT_ACTIONS)),
    /** "provider/model", or "" for the tenant's default. */
    model: z.string(),
    createdAt: z.number(),
    updatedAt: z.number(),
  })
  .openapi("AiAgent");
export type AiAgentView = z.infer<typeof AiAgentSchema>;

export const AiAgentBody = z
  .strictObject({
    name: z.string().trim().min(1).max(60),
    stage: z.enum(AGENT_STAGES),
    tone: Tone.nullable().default(null),
    instructions: z.string().trim().max(4000).default(""),
    knowledgeTags: z
      .array(z.string().trim().toLowerCase().min(1).max(40))
      .max(20)
      .default([])
      .transform((ts) => [...new Set(ts)]),
    allowedActions: z
      .array(z.enum(AGENT_ACTIONS))
      .default([])
      .transform((as) => [...new Set(as)]),
    model: z
      .string()
      .trim()
      .max(200)
      .regex(/^(?:[a-z0-9-]+\/\S+)?$/, 'a "provider/model" string, or empty for the default')
      .default(""),
  })
  .openapi("AiAgentInput");
export type AiAgentInput = z.infer<typeof AiAgentBody>;
