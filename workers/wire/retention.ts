import { z } from "@hono/zod-openapi";

const Days = (max: number) => z.number().int().min(1).max(max);

/** Days to keep each kind of data (`settings.retention`); the body of PUT and the answer of both. */
export const RetentionSettings = z
  .strictObject({
    /** Resolved conversations older than this (by last activity) are erased; null keeps them forever. */
    conversationsDays: Days(3650).nullable().default(null),
    unansweredQuestionsDays: Days(3650).nullable().default(null),
    webhookDeliveriesDays: Days(365).default(30),
    workflowRunsDays: Days(3650).default(90),
  })
  .openapi("RetentionSettings", {
    description:
      "Days to keep each kind of data; null keeps it forever. Applied every 5 minutes by the cron; every deletion is audited.",
  });
export type RetentionSettings = z.infer<typeof RetentionSettings>;
