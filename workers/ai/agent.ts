/**
 * One AI turn: redact → detect language → sentiment & tags → (order lookup) →
 * retrieve → policy → reply. Never throws for provider trouble and never stays
 * silent: a failing provider falls back to builtin retrieval, then to a person.
 */
import { KnowledgeIndex, decideAnswer, type KbEntry } from "./engine";
import { detectLanguage, loadLanguageProfiles, type ProfileSource } from "./language";
import { localized } from "./localize";
import { describeOrder, extractOrderNumber, lookupOrder } from "./order-lookup";
import { createPiiRedactor } from "./pii";
import { evaluateHandover, type HandoverRule, type HistoryItem } from "./policy";
import type { Providers, SentimentResult } from "./providers/types";
import { lexiconSentiment } from "./providers/sentiment-lexicon";
import { retrieve } from "./retrieve";
import { settingsForShopper, type AiSettings } from "./ai-settings";
import {
  changeKind,
  newAddress,
  orderIntent,
  typedCode,
  wantsCode,
  type ActionProposal,
  type CodeOutcome,
  type OrderSource,
  type StoreOrderOutcome,
} from "./store-orders";
import type { MessageKey } from "./messages";
import type { AgentAction } from "./stage-agents";
import { extractiveSummary } from "./summary";
import { autoTag } from "./tags";
import { composeAnswer } from "./agent-answer";
import { glossQuery, loadLexicon, type Gloss, type LexiconSource } from "./xling";
import { salesLead, type SalesSource } from "./sales-lead";

export interface AiTurnInput {
  tenantId: string;
  settings: AiSettings;
  /** The tenant's knowledge base; pass a prebuilt index to avoid rebuilding per turn. */
  entries: KbEntry[] | KnowledgeIndex;
  history: HistoryItem[];
  message: string;
  contact: { vip: boolean; language?: string | null; country?: string | null };
  now: Date;
  providers: Providers;
  signal?: AbortSignal;
  /** Streamed reply tokens (provisional: the final `text` is authoritative). */
  onToken?: (t: string) => void;
  /** Injected fetch for the order-lookup tool (tests); defaults to global fetch. */
  fetch?: typeof fetch;
  /** The tenant's connected stores, checked against this conversation's verified identity. */
  orders?: OrderSource;
  /** The tenant's sales team, catalogue and draft orders, for a purchase that makes a high-intent lead. */
  sales?: SalesSource;
  /** Where bilingual lexicons are read from (the Worker's ASSETS); without it, no cross-lingual gloss. */
  lexicons?: LexiconSource;
  /** The store actions this turn's stage agent may take (the store's own policy still applies); absent = all. */
  allowedActions?: readonly AgentAction[];
  /** Where the language detectors' profiles are read from once per isolate; defaults to the Worker's ASSETS. */
  languageProfiles?: ProfileSource;
}

interface TurnFacts {
  language: string;
  intent: string | null;
  sentiment: SentimentResult;
  tags: string[];
}

export type AiTurnResult =
  | (TurnFacts & {
      kind: "answer";
      text: string;
      citations: string[];
      confidence: number;
      redactions: { type: string; placeholder: string }[];
      /** Set when the reply could not be translated into the shopper's language. */
      translation?: { ok: false; reason: string };
      /** Set when the configured provider failed and builtin retrieval answered instead. */
      fallback?: string;
      /** The shopper's language; `language` is the reply's, which differs when an entry was sent as written. */
      shopperLanguage: string;
      /** Language of the cited entry when it is not the shopper's. */
      entryLanguage?: string;
    })
  | (TurnFacts & {
      kind: "offer_handover" | "handover" | "collect_contact";
      text: string;
      rule: HandoverRule | "provider_failure" | "action_approval" | "sales_lead";
      /** The team the conversation is queued for (a high-intent lead goes to "sales"). */
      team?: string | null;
      reason: string;
      summary: string;
      redactions: { type: string; placeholder: string }[];
      translation?: { ok: false; reason: string };
    });

export async function runAiTurn(input: AiTurnInput): Promise<AiTurnResult> {
  await loadLanguageProfiles(input.languageProfiles);
  const { providers } = input;
  const tenantSettings = input.settings;
  const index =
    input.entries instanceof KnowledgeIndex ? input.entries : KnowledgeIndex.build(input.entries);
  // One numbering for everything the model reads: history, the message, the order-lookup result.
  const redactor = createPiiRedactor();
  const history = input.history.map((h) => ({ ...h, text: redactor.redact(h.text).text }));
  const red = redactor.redact(input.message);
  // What the reply may put back: values from this conversation, never from an order lookup.
  const restorable = [...redactor.found];
  const redactions = red.found.map(({ type, placeholder }) => ({ type, placeholder }));

  const detected = detectLanguage(red.text, { candidates: tenantSettings.languages });
  const language =
    detected.language === "und" || (detected.confidence < 0.35 && input.contact.language)
      ? input.contact.language || tenantSettings.defaultLanguage
      : detected.language;
  // The persona this shopper meets: the tenant's, with the style of their country or language.
  const settings = settingsForShopper(tenantSettings, { country: input.contact.country, language });
  const sentiment = await providers.sentiment
    .analyze(red.text, language, input.signal)
    .catch(() => lexiconSentiment(red.text));
  const tagged = autoTag(red.text, sentiment, settings.tagRules);
  const facts: TurnFacts = { language, intent: tagged.intent, sentiment, tags: tagged.tags };

  // Tool: order lookup, only when a store or an endpoint is configured and an order number is present.
  let toolResult: string | undefined;
  let toolFailed = false;
  let orderNotFound: string | null = null;
  let orderVerify: string | null = null;
  let changeRequested: string | null = null;
  let proposal: ActionProposal | null = null;
  const may = (a: AgentAction) => !input.allowedActions || input.allowedActions.includes(a);
  const orderNo = settings.orderLookup || input.orders ? extractOrderNumber(red.text) : null;
  // A typed code, or a "yes" to an offered one, acts only when one is waiting in this conversation.
  const typed = input.orders?.checkCode ? typedCode(input.message) : null;
  const askedForCode = !typed && !orderNo && !!input.orders?.sendCode && wantsCode(red.text);
  let code: CodeOutcome = { kind: "none" };
  if ((typed || askedForCode) && input.orders && (await input.orders.connected()))
    code = typed ? await input.orders.checkCode!(typed) : await input.orders.sendCode!();
  let store: StoreOrderOutcome = { kind: "no_store" };
  // A cancel, refund or address change asked for before the code goes ahead without being asked again.
  if (code.kind === "verified" && code.pending && input.orders?.propose) {
    changeRequested = code.order;
    proposal = await input.orders.propose(
      code.order,
      code.pending.action,
      language,
      code.pending.address,
    );
  } else if (code.kind === "verified" && input.orders)
    store = await input.orders.lookup(code.order);
  else if (orderNo && input.orders && (await input.orders.connected())) {
    if (orderIntent(red.text) === "change") {
      changeRequested = orderNo;
      const kind = changeKind(red.text);
      // The address is read from the shopper's own words (placeholders hold only emails, phones and ids).
      const address = kind === "address" ? newAddress(input.message, orderNo) : null;
      const allowed = may(kind === "address" ? "address_change" : kind);
      if (input.orders.propose && allowed && (kind !== "address" || address))
        proposal = await input.orders.propose(orderNo, kind, language, address ?? undefined);
    } else if (may("order_lookup")) store = await input.orders.lookup(orderNo, input.signal);
  }
  // A store's answer holds only status and tracking (the service drops the rest), and is this shopper's own:
  // left unredacted, so the reply can carry the tracking number and link.
  if (store.kind === "order") toolResult = `order ${orderNo}: ${describeOrder(store.order)}`;
  else if (store.kind === "not_found") orderNotFound = orderNo;
  else if (store.kind === "verify") orderVerify = orderNo;
  else if (store.kind === "failed") toolFailed = true;
  else if (store.kind === "offer_code" || code.kind !== "none") {
    // Answered below: a code offer, or a code step.
  } else if (settings.orderLookup && orderNo && !changeRequested && may("order_lookup")) {
    const out = await lookupOrder(settings.orderLookup, orderNo, {
      fetch: input.fetch,
      signal: input.signal,
    });
    if (!out.ok) toolFailed = true;
    else if (!out.found) orderNotFound = orderNo;
    else toolResult = redactor.redact(`order ${orderNo}: ${describeOrder(out.order)}`).text;
  }

  // Placeholders are noise to retrieval ("[CARD_1]" would match "gift cards").
  const query = red.text.replace(/\[(?:EMAIL|IBAN|CARD|ID|PHONE)_\d+\]/g, " ");
  // A mixed message ("Hola, my order… ¿cuánto tarda?") judged English is glossed from its second language.
  const glossLanguage = language === "en" && detected.runnerUp ? detected.runnerUp : language;
  const gloss = await crossLingualGloss(
    index,
    query,
    glossLanguage,
    tenantSettings.defaultLanguage,
    input.lexicons,
  );
  const retrieval = await retrieve({
    tenantId: input.tenantId,
    index,
    query,
    providers,
    signal: input.signal,
    gloss,
  });
  const preferred = preferLanguage(retrieval.hits, language, settings.threshold);
  const answerable =
    decideAnswer(preferred?.confidence ?? 0, settings.threshold) ||
    toolResult !== undefined ||
    orderNotFound !== null ||
    orderVerify !== null;
  const decision = evaluateHandover(
    {
      message: red.text,
      sentiment,
      confidence: retrieval.confidence,
      answerable,
      topics: tagged.topics,
      contact: input.contact,
      history,
      now: input.now,
      businessHours: settings.businessHours,
      toolFailed,
    },
    settings.policy,
  );

  const handOver = async (
    kind: "offer_handover" | "handover" | "collect_contact",
    rule: HandoverRule | "provider_failure" | "action_approval" | "sales_lead",
    reason: string,
    say?: { key: MessageKey; vars: Record<string, string> },
  ) => {
    const key =
      say?.key ??
      (kind === "offer_handover"
        ? "offer_handover"
        : kind === "collect_contact"
          ? "collect_contact"
          : "handover");
    const msg = await localized(
      key,
      language,
      providers.translator,
      say?.vars ?? {},
      settings.persona.tone,
      input.signal,
    );
    const summary = extractiveSummary(history, red.text, { ...facts, sentiment: sentiment.label });
    input.onToken?.(msg.text);
    return {
      kind,
      text: msg.text,
      rule,
      reason,
      summary,
      redactions,
      ...facts,
      ...(msg.translation ? { translation: msg.translation } : {}),
    };
  };

  const fixed = async (key: MessageKey, vars: Record<string, string>, prefix = "") => {
    const msg = await localized(key, language, providers.translator, vars, settings.persona.tone);
    const text = prefix ? `${prefix} ${msg.text}` : msg.text;
    input.onToken?.(text);
    return {
      kind: "answer" as const,
      ...facts,
      text,
      language: msg.language,
      citations: [],
      confidence: 1,
      redactions,
      shopperLanguage: language,
      ...(msg.translation ? { translation: msg.translation } : {}),
    };
  };
  // One-time code steps say what happened and nothing about the order until it is proved.
  if (code.kind !== "none" && !(code.kind === "verified" && proposal)) {
    const vars = { order: code.order };
    switch (code.kind) {
      case "sent":
        return fixed("otp_sent", { ...vars, mask: code.mask });
      case "wrong":
        return fixed("otp_wrong", { ...vars, left: String(code.attemptsLeft) });
      case "expired":
        return fixed("otp_expired", vars);
      case "locked":
      case "not_sent":
        return handOver(
          "handover",
          "action_approval",
          `one-time code for order ${code.order}: ${code.kind}`,
          {
            key: code.kind === "locked" ? "otp_locked" : "otp_not_sent",
            vars,
          },
        );
      case "verified": {
        const ok = (await localized("otp_verified", language, providers.translator, vars)).text;
        if (store.kind !== "order") return fixed("action_not_done", vars, ok);
        return fixed("order_status", { ...vars, status: describeOrder(store.order) }, ok);
      }
    }
  }
  if (store.kind === "offer_code")
    return fixed("otp_offer", { order: orderNo ?? "", mask: store.mask });
  if (changeRequested && proposal?.kind === "offer_code")
    return fixed("otp_offer", { order: changeRequested, mask: proposal.mask });

  // A proposal waits for an agent (the conversation goes to the queue, where the card is); one the
  // merchant's limit let run is told at once; anything else is for a person.
  if (
    changeRequested &&
    proposal &&
    proposal.kind !== "not_proposed" &&
    proposal.kind !== "offer_code"
  ) {
    const vars = {
      order: changeRequested,
      amount: "amount" in proposal && proposal.amount ? proposal.amount : "",
    };
    if (proposal.kind === "done") {
      const msg = await localized(
        proposal.action === "cancel" ? "action_done_cancel" : "action_done_refund",
        language,
        providers.translator,
        vars,
        settings.persona.tone,
        input.signal,
      );
      input.onToken?.(msg.text);
      return {
        kind: "answer",
        ...facts,
        text: msg.text,
        language: msg.language,
        citations: [],
        confidence: 1,
        redactions,
        shopperLanguage: language,
        ...(msg.translation ? { translation: msg.translation } : {}),
      };
    }
    return handOver(
      "handover",
      "action_approval",
      proposal.kind === "proposed"
        ? `the shopper asked to ${proposal.action} order ${changeRequested}; proposed for an agent's approval`
        : `${proposal.action} of order ${changeRequested} failed at the store`,
      proposal.kind === "proposed"
        ? {
            key:
              proposal.action === "cancel"
                ? "action_proposed_cancel"
                : proposal.action === "address"
                  ? "action_proposed_address"
                  : "action_proposed_refund",
            vars,
          }
        : { key: "action_not_done", vars },
    );
  }
  // Any other change is for a person: the AI never does it and says so by handing over.
  if (changeRequested)
    return handOver(
      decision.collectContact ? "collect_contact" : "handover",
      "action_approval",
      `the shopper asked to change order ${changeRequested}; that needs an agent's approval`,
    );
  // A purchase that makes a high-intent lead goes to the sales team, with the draft order if one was made.
  const lead =
    input.sales && !decision.collectContact && toolResult === undefined && !orderNo
      ? salesLead(
          input.history.filter((h) => h.role === "shopper").map((h) => h.text),
          input.message,
        )
      : null;
  if (lead && input.sales) {
    const sale = await input.sales.handoff(lead, language, input.signal);
    const vars = {
      product: sale.product ?? lead.product ?? "",
      quantity: String(lead.quantity ?? 1),
      order: sale.draftOrder ?? "",
    };
    const key = sale.draftOrder ? "lead_draft" : sale.team ? "lead_sales" : "lead_team";
    const reason = `high-intent lead${lead.product ? `: ${lead.product}` : ""}${sale.draftOrder ? `; draft order ${sale.draftOrder}` : ""}`;
    return {
      ...(await handOver("handover", "sales_lead", reason, { key, vars })),
      team: sale.team,
    };
  }
  if (decision.rule) {
    if (decision.offer) return handOver("offer_handover", decision.rule, decision.reason);
    return handOver(
      decision.collectContact ? "collect_contact" : "handover",
      decision.rule,
      decision.reason,
    );
  }

  const answer = await composeAnswer({
    settings,
    providers,
    language,
    hits: preferred
      ? [preferred, ...retrieval.hits.filter((h) => h !== preferred)]
      : retrieval.hits,
    history,
    message: red.text,
    found: restorable,
    toolResult,
    orderNotFound,
    orderVerify,
    signal: input.signal,
    onToken: input.onToken,
  });
  if (answer.kind === "none") {
    // The model found nothing to say, or failed with no builtin answer to fall back on.
    const again = evaluateHandover(
      {
        message: red.text,
        sentiment,
        confidence: 0,
        answerable: false,
        topics: [],
        contact: input.contact,
        history,
        now: input.now,
        businessHours: settings.businessHours,
      },
      settings.policy,
    );
    const rule = answer.providerFailed ? "provider_failure" : (again.rule ?? "low_confidence");
    const kind =
      again.offer && !answer.providerFailed
        ? "offer_handover"
        : again.collectContact
          ? "collect_contact"
          : "handover";
    return handOver(kind, rule, answer.reason);
  }
  return {
    kind: "answer",
    text: answer.text,
    language: answer.language,
    citations: answer.citations,
    confidence: toolResult
      ? Math.max(retrieval.confidence, 0.9)
      : (preferred?.confidence ?? retrieval.confidence),
    intent: facts.intent,
    sentiment,
    tags: facts.tags,
    redactions,
    shopperLanguage: language,
    ...(answer.entryLanguage ? { entryLanguage: answer.entryLanguage } : {}),
    ...(answer.translation ? { translation: answer.translation } : {}),
    ...(answer.fallback ? { fallback: answer.fallback } : {}),
  };
}

/**
 * The query's English gloss when the shopper writes in another language than English, the
 * knowledge base has English entries and a lexicon exists for the language (loaded once per
 * isolate, on first need); else null. Also when some entries are in the shopper's language:
 * most merchants translate a few, and the rest must still be reachable (the search keeps, per
 * entry, the better of the direct and the glossed match, and a confident entry in the shopper's
 * own language is still preferred).
 */
async function crossLingualGloss(
  index: KnowledgeIndex,
  query: string,
  language: string,
  defaultLanguage: string,
  source?: LexiconSource,
): Promise<Gloss | null> {
  if (!source || language === "und" || language === "en") return null;
  const kbLanguages = new Set(index.entries.map((e) => e.language ?? defaultLanguage));
  if (!kbLanguages.has("en")) return null;
  const lex = await loadLexicon(language, source);
  return lex ? glossQuery(query, language, lex) : null;
}

/** Among confident hits, prefer an entry written in the shopper's language. */
function preferLanguage<T extends { entry: KbEntry; confidence: number }>(
  hits: T[],
  language: string,
  threshold: number,
): T | undefined {
  const top = hits[0];
  if (!top || top.entry.language == null || top.entry.language === language) return top;
  const same = hits.find(
    (h) => h.entry.language === language && decideAnswer(h.confidence, threshold),
  );
  return same ?? top;
}
