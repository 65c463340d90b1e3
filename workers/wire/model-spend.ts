/** This month's estimated AI spend by task and model against the tenant's budget (`GET /api/usage`'s `models`). */
import { z } from "zod";

export const ModelSpendRow = z.object({
  task: z.string(),
  /** "provider/model". */
  route: z.string(),
  tokens: z.number(),
  costUsd: z.number(),
});

export const ModelSpend = z.object({
  budgetUsd: z.number().nullable(),
  spentUsd: z.number(),
  /** The budget is reached: paid models are skipped and the builtin engine answers. */
  overBudget: z.boolean(),
  rows: z.array(ModelSpendRow),
});
export type ModelSpend = z.infer<typeof ModelSpend>;
