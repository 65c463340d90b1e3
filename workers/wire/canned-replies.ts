import { z } from "@hono/zod-openapi";

/** A canned reply agents insert with `/shortcut` in the console (GET /api/canned-replies). */
export const CannedReplySchema = z
  .object({ id: z.string(), shortcut: z.string(), text: z.string() })
  .openapi("CannedReply");
