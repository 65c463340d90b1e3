/** The metered quantities, in the order the usage page shows them (no zod: the dashboard imports it). */
export const USAGE_METRICS = ["ai_replies", "translated_chars", "embeddings", "messages"] as const;
export type UsageMetric = (typeof USAGE_METRICS)[number];
