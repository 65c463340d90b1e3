/**
 * `eval leads`: the lead extractor over scripted dialogues (eval/leads-dialogues.ts), one message at a
 * time as the conversation-events consumer folds them: a lead starts on the first message that
 * `startsLead`, later messages merge into it. Precision and recall of "a lead was captured"; the
 * high-intent flag, product and quantity are scored on the dialogues that expect a lead.
 */
import {
  HIGH_INTENT,
  intentScore,
  leadFacts,
  mergeLead,
  startsLead,
  type LeadState,
} from "../../workers/ai/leads";
import { leadDialogues } from "./leads-dialogues";

export function runLeads(opts: Map<string, string>): string {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let high = 0;
  let product = 0;
  let quantity = 0;
  let withQuantity = 0;
  for (const d of leadDialogues) {
    let lead: LeadState | null = null;
    for (const text of d.messages) {
      const f = leadFacts(text);
      if (lead || startsLead(f)) lead = mergeLead(lead, f);
    }
    const got = lead !== null;
    if (got && d.lead) tp++;
    else if (got) fp++;
    else if (d.lead) fn++;
    if (
      opts.has("verbose") &&
      (got !== d.lead || (lead && d.product && !lead.product?.includes(d.product)))
    )
      console.log(`  ${d.lang} ${JSON.stringify(d.messages)} → ${JSON.stringify(lead)}`);
    if (!lead || !d.lead) continue;
    if (intentScore(lead) >= HIGH_INTENT === d.high) high++;
    if (d.product && lead.product?.includes(d.product)) product++;
    if (d.quantity !== undefined) {
      withQuantity++;
      if (lead.quantity === d.quantity) quantity++;
    }
  }
  const expected = leadDialogues.filter((d) => d.lead).length;
  const r = (a: number, b: number) => (b ? (a / b).toFixed(2) : "n/a");
  return (
    `leads: n=${leadDialogues.length} precision=${r(tp, tp + fp)} recall=${r(tp, tp + fn)} ` +
    `high_intent_ok=${r(high, tp)} product_ok=${r(product, expected)} quantity_ok=${r(quantity, withQuantity)}`
  );
}
