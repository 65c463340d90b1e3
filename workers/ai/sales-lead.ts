/**
 * A high-intent lead hands the conversation to the tenant's sales team. The AI decides from the
 * shopper's own messages (pure, below); what the tenant has — a sales team, a catalogue, draft
 * orders — sits behind `SalesSource`, built by the service for each turn.
 */
import { HIGH_INTENT, intentScore, leadFacts, mergeLead, type LeadState } from "./leads";

/** What the service did with a lead: the team queued for, the catalogue item, the store draft order. */
export interface SalesHandoff {
  /** The team the conversation is queued for ("sales"), or null: the whole team's queue. */
  team: string | null;
  /** The catalogue title when the lead's product matched one, else the shopper's words. */
  product: string | null;
  /** The draft order's name ("#D12") when one was made for this lead. */
  draftOrder: string | null;
}

export interface SalesSource {
  handoff(lead: LeadState, language: string, signal?: AbortSignal): Promise<SalesHandoff>;
}

/**
 * The conversation's lead when this message makes it high-intent: the message itself states a
 * purchase and the lead over all the shopper's messages scores at least `HIGH_INTENT`; else null.
 */
export function salesLead(earlier: string[], message: string): LeadState | null {
  const now = leadFacts(message);
  if (!now.purchase) return null;
  const lead = [...earlier.map(leadFacts), now].reduce<LeadState | null>(mergeLead, null);
  return lead && intentScore(lead) >= HIGH_INTENT ? lead : null;
}
