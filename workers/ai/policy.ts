/**
 * Handover policy: given one shopper turn and the tenant's policy, decide whether
 * the AI answers, offers a person, or hands over — and always say which rule fired.
 * Hard signals (explicit request, VIP, sensitive topic, failed tool) hand over at
 * once; soft signals (negativity, low confidence) offer a person once first.
 * Outside business hours a handover becomes "collect contact details".
 */
import { isOpen, type BusinessHours } from "../lib/business-hours";
import { charNgrams, normalize, rawTokens } from "./engine/text";
import { isOfferText } from "./messages";
import { matchesAny } from "./phrase-match";
import { AFFIRMATIVE, HUMAN_REQUEST, NEGATIVE_REPLY } from "./policy-lexicon";
import type { SentimentResult } from "./providers/types";
import type { HandoverPolicy } from "./ai-settings";

export type TurnKind = "answer" | "offer_handover" | "handover" | "collect_contact";

export interface HistoryItem {
  role: "shopper" | "ai" | "agent";
  text: string;
  /** For AI turns, what the turn was (stored by the conversation); lets the policy know an offer was made. */
  kind?: TurnKind;
}

export type HandoverRule =
  | "explicit_request"
  | "accepted_offer"
  | "vip"
  | "sensitive_topic"
  | "tool_failure"
  | "negative_sentiment"
  | "repeated_failure"
  | "low_confidence";

export interface HandoverInput {
  /** The shopper's message, PII already redacted. */
  message: string;
  sentiment: SentimentResult;
  /** Retrieval confidence of the best entry and whether it clears the threshold. */
  confidence: number;
  answerable: boolean;
  /** Sensitive topics found by the tag rules. */
  topics: string[];
  contact: { vip: boolean };
  history: HistoryItem[];
  now: Date;
  businessHours: BusinessHours | null;
  /** A tool the AI relied on (order lookup) failed this turn. */
  toolFailed?: boolean;
}

export interface HandoverDecision {
  handover: boolean;
  offer: boolean;
  /** Outside business hours: collect email + summary instead of queueing. */
  collectContact: boolean;
  rule: HandoverRule | null;
  reason: string;
}

/** Similarity above which two shopper messages count as the same question. */
const SAME_QUESTION = 0.55;

export function evaluateHandover(input: HandoverInput, policy: HandoverPolicy): HandoverDecision {
  const norm = normalize(input.message);
  const open = isOpen(input.businessHours, input.now);
  const hand = (rule: HandoverRule, reason: string): HandoverDecision => ({
    handover: true,
    offer: false,
    collectContact: !open,
    rule,
    reason: open ? reason : `${reason}; outside business hours, collecting contact details`,
  });
  const soft = (rule: HandoverRule, reason: string): HandoverDecision =>
    policy.offerFirst && !offeredBefore(input.history)
      ? {
          handover: false,
          offer: true,
          collectContact: false,
          rule,
          reason: `${reason}; offering a person`,
        }
      : hand(
          rule,
          offeredBefore(input.history) ? `${reason}; a person was already offered` : reason,
        );

  if (policy.explicitRequest && matchesAny(norm, HUMAN_REQUEST))
    return hand("explicit_request", "the customer asked for a person");
  if (lastAiTurnWasOffer(input.history) && isAffirmative(norm))
    return hand("accepted_offer", "the customer accepted the offer of a person");
  if (policy.vip && input.contact.vip) return hand("vip", "VIP contacts are served by a person");
  const topic = input.topics.find((t) => (policy.sensitiveTopics as readonly string[]).includes(t));
  if (topic) return hand("sensitive_topic", `sensitive topic: ${topic}`);
  if (input.toolFailed) return hand("tool_failure", "the order lookup failed");
  if (
    policy.negativeSentiment &&
    (input.sentiment.angry || input.sentiment.negativity >= policy.sentimentThreshold)
  ) {
    return soft(
      "negative_sentiment",
      `the customer seems upset (negativity ${input.sentiment.negativity.toFixed(2)})`,
    );
  }
  if (policy.repeatedFailure && askedBefore(norm, input.history)) {
    return hand("repeated_failure", "the same question came back: the first reply did not help");
  }
  if (policy.lowConfidence && !input.answerable) {
    return soft(
      "low_confidence",
      `no confident answer (confidence ${input.confidence.toFixed(2)})`,
    );
  }
  return {
    handover: false,
    offer: false,
    collectContact: false,
    rule: null,
    reason: "answered by the AI",
  };
}

const isOffer = (h: HistoryItem): boolean =>
  h.role === "ai" && (h.kind === "offer_handover" || (h.kind === undefined && isOfferText(h.text)));

function offeredBefore(history: HistoryItem[]): boolean {
  return history.some(isOffer);
}

function lastAiTurnWasOffer(history: HistoryItem[]): boolean {
  const last = [...history].reverse().find((h) => h.role !== "shopper");
  return last !== undefined && isOffer(last);
}

/** A short reply that says yes (and not no). */
function isAffirmative(norm: string): boolean {
  return (
    rawTokens(norm).length <= 6 &&
    matchesAny(norm, AFFIRMATIVE) &&
    !matchesAny(norm, NEGATIVE_REPLY)
  );
}

/** Did the shopper already ask this (character n-gram Jaccard over substantial messages)? */
function askedBefore(norm: string, history: HistoryItem[]): boolean {
  if (rawTokens(norm).length < 3) return false;
  const cur = new Set(charNgrams(norm, 3, 3));
  return history.some((h) => {
    if (h.role !== "shopper") return false;
    const prev = new Set(charNgrams(normalize(h.text), 3, 3));
    let inter = 0;
    for (const g of cur) if (prev.has(g)) inter++;
    return inter / (cur.size + prev.size - inter || 1) >= SAME_QUESTION;
  });
}
