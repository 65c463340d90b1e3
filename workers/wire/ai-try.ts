import { z } from "@hono/zod-openapi";

/** POST /api/ai/try: what the AI would do with a shopper's message, and the entries it found. */
export const AiTrySchema = z
  .object({
    decision: z.string(),
    reply: z.string().nullable(),
    /** The handover rule that fired, if any. */
    rule: z.string().nullable(),
    /** The whole turn as the conversation would record it (intent, tags, language, sentiment…). */
    result: z.looseObject({
      intent: z.string().nullable().optional(),
      tags: z.array(z.string()).optional(),
    }),
    hits: z.array(z.object({ id: z.string(), question: z.string(), score: z.number() })),
  })
  .openapi("AiTryResult");
