/**
 * Auto-tags for a conversation turn: intent category, purchase intent, price
 * sensitivity, sentiment and sensitive topics — evaluated from rules as data.
 */
import { normalize } from "./engine/text";
import { matchedPatterns } from "./phrase-match";
import { DEFAULT_TAG_RULES, type TagRule } from "./tags-rules";
import type { SentimentResult } from "./providers/types";

export interface TurnTags {
  /** Best intent category, or null when no intent rule matched. */
  intent: string | null;
  purchaseIntent: boolean;
  priceSensitive: boolean;
  /** Sensitive topics found (e.g. "chargeback"), for the handover policy. */
  topics: string[];
  /** Flat list for the inbox: intent, "purchase_intent", "price_sensitive", "sentiment:<label>", topics. */
  tags: string[];
}

/** Apply tag rules to a message (PII already redacted). */
export function autoTag(
  text: string,
  sentiment: SentimentResult | null,
  rules: readonly TagRule[] = DEFAULT_TAG_RULES,
): TurnTags {
  const norm = normalize(text);
  const intentScore = new Map<string, number>();
  let purchaseIntent = false;
  let priceSensitive = false;
  const topics: string[] = [];
  for (const rule of rules) {
    const hits = matchedPatterns(norm, rule.patterns).length;
    if (hits === 0) continue;
    if (rule.kind === "intent")
      intentScore.set(rule.tag, (intentScore.get(rule.tag) ?? 0) + hits * rule.weight);
    else if (rule.kind === "purchase_intent") purchaseIntent = true;
    else if (rule.kind === "price_sensitivity") priceSensitive = true;
    else if (!topics.includes(rule.tag)) topics.push(rule.tag);
  }
  const intent = [...intentScore].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  const tags = [
    ...(intent ? [intent] : []),
    ...(purchaseIntent ? ["purchase_intent"] : []),
    ...(priceSensitive ? ["price_sensitive"] : []),
    ...(sentiment ? [`sentiment:${sentiment.label}`] : []),
    ...topics,
  ];
  return { intent, purchaseIntent, priceSensitive, topics, tags };
}
