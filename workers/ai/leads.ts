/**
 * Lead capture from shopper messages: purchase intent (the tag rules' `purchase_intent`, or "I want"
 * with a quantity), the product asked about, variant, quantity, budget and contact details, merged
 * over a conversation into one lead with an intent score. Pure functions, no I/O.
 */
import { normalize } from "./engine/text";
import { isStopword } from "./engine/stopwords";
import {
  COLOURS,
  FILLER,
  NAME_LEAD_IN,
  NUMBER_WORDS,
  PRICE_ASK,
  PRODUCT_END,
  PRODUCT_LEAD_IN,
  SIZE_WORDS,
  WANT,
} from "./lead-lexicon";
import { autoTag } from "./tags";
import { CJK, cjkFacts } from "./leads-cjk";
import { DEFAULT_TAG_RULES } from "./tags-rules";

/** What one message says about a purchase; null where it says nothing. */
export interface LeadFacts {
  product: string | null;
  variant: string | null;
  quantity: number | null;
  budget: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  /** A purchase verb, or "I want" with a quantity. */
  purchase: boolean;
  /** A pre-sales question (stock, size, availability). */
  preSales: boolean;
  price: boolean;
}

/** A conversation's lead as it stands after its messages. */
export type LeadState = LeadFacts;

/** Leads at or above this score are pushed to the tenant's webhooks and flagged in the console. */
export const HIGH_INTENT = 0.7;

const PURCHASE_VERBS = DEFAULT_TAG_RULES.filter((r) => r.kind === "purchase_intent").flatMap(
  (r) => r.patterns,
);
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/u;
const PHONE = /\+?\d[\d\s().-]{6,}\d/;
const MONEY =
  /(?:[€$£]\s?\d+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?\s?(?:€|\$|£|eur\b|euros?\b|usd\b|dollars?\b|gbp\b|chf\b))/i;
const TOKEN = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{N}]+)*|[.,!?;:¿¡()]/gu;

interface Tok {
  raw: string;
  norm: string;
  word: boolean;
}

const tokenize = (text: string): Tok[] =>
  (text.match(TOKEN) ?? []).map((raw) => {
    const norm = normalize(raw).replace(/['’]/g, "");
    return { raw, norm, word: /[\p{L}\p{N}]/u.test(norm) };
  });

const phrases = (list: readonly string[]) => list.map((p) => normalize(p).split(/\s+/));
const LEAD_INS = phrases([...PRODUCT_LEAD_IN, ...PURCHASE_VERBS, ...WANT]);
const NAME_INS = phrases(NAME_LEAD_IN);
const PRICE = phrases(PRICE_ASK);
const WANTS = phrases(WANT);
const SIZES = new Set(SIZE_WORDS);
const COLOUR_SET = new Set(COLOURS);
const FILLERS = new Set(FILLER);
const ENDS = new Set(PRODUCT_END);
const VERB_SET = new Set(PURCHASE_VERBS.filter((p) => !p.includes(" ")).map((p) => normalize(p)));

/** Token index just after each occurrence of any phrase. */
function after(toks: Tok[], list: string[][]): number[] {
  const out: number[] = [];
  for (let i = 0; i < toks.length; i++)
    for (const p of list)
      if (p.every((w, k) => toks[i + k]?.norm === w)) {
        out.push(i + p.length);
        break;
      }
  return out;
}

function quantityAt(toks: Tok[], i: number): number | null {
  const t = toks[i];
  if (!t?.word || SIZES.has(toks[i - 1]?.norm ?? "")) return null;
  if (/^\d{1,3}$/.test(t.norm)) {
    const n = Number(t.norm);
    return n >= 1 && n <= 500 ? n : null;
  }
  return NUMBER_WORDS[t.norm] ?? null;
}

/** A word that can be part of a product name. */
const productWord = (t: Tok | undefined): t is Tok =>
  !!t &&
  t.word &&
  !/^\d+$/.test(t.norm) &&
  !isStopword(t.norm) &&
  !ENDS.has(t.norm) &&
  !SIZES.has(t.norm) &&
  !COLOUR_SET.has(t.norm) &&
  !VERB_SET.has(t.norm) &&
  !(t.norm in NUMBER_WORDS);

/** Up to three product words from `start`, past articles, quantities and "pairs of". */
function productFrom(toks: Tok[], start: number): string | null {
  let i = start;
  while (toks[i] && (FILLERS.has(toks[i].norm) || quantityAt(toks, i) !== null)) i++;
  const words: string[] = [];
  while (words.length < 3 && productWord(toks[i])) words.push(toks[i++].raw);
  return words.length ? words.join(" ") : null;
}

/** What one shopper message says about a purchase. */
export function leadFacts(text: string): LeadFacts {
  const email = text.match(EMAIL)?.[0] ?? null;
  const budget = text.match(MONEY)?.[0].trim() ?? null;
  let rest = text;
  for (const s of [email, budget]) if (s) rest = rest.replace(s, " ");
  const phoneRaw = rest.match(PHONE)?.[0] ?? null;
  const digits = phoneRaw?.replace(/\D/g, "").length ?? 0;
  const phone = phoneRaw && digits >= 8 && digits <= 15 ? phoneRaw.trim() : null;
  if (phone) rest = rest.replace(phoneRaw as string, " ");

  const toks = tokenize(rest);
  const tags = autoTag(rest, null);
  const qIndex = toks.findIndex((_, i) => quantityAt(toks, i) !== null);
  const quantity = qIndex >= 0 ? quantityAt(toks, qIndex) : null;
  const wants = after(toks, WANTS).length > 0;
  const price = after(toks, PRICE).length > 0;
  const purchase = tags.purchaseIntent || (wants && quantity !== null);

  let product: string | null = null;
  for (const start of [...(qIndex >= 0 ? [qIndex] : []), ...after(toks, LEAD_INS)]) {
    product = productFrom(toks, start);
    if (product) break;
  }

  const sizeAt = toks.findIndex((t, i) => SIZES.has(t.norm) && toks[i + 1]?.word);
  const size = sizeAt >= 0 ? `${toks[sizeAt].raw} ${toks[sizeAt + 1].raw}` : null;
  const colour = toks.find((t) => COLOUR_SET.has(t.norm))?.raw ?? null;
  const variant = [colour, size].filter(Boolean).join(", ") || null;

  const nameAt = after(toks, NAME_INS)[0];
  const nameWords: string[] = [];
  for (let i = nameAt ?? toks.length; nameWords.length < 2 && toks[i]?.word; i++) {
    if (!/^\p{Lu}/u.test(toks[i].raw)) break;
    nameWords.push(toks[i].raw);
  }

  const cjk = CJK.test(rest) ? cjkFacts(rest) : null;
  return {
    product: product ?? cjk?.product ?? null,
    variant: variant ?? cjk?.variant ?? null,
    quantity: quantity ?? cjk?.quantity ?? null,
    budget,
    name: nameWords.join(" ") || null,
    email,
    phone,
    purchase: purchase || (cjk?.purchase ?? false),
    preSales: tags.intent === "pre_sales",
    price: price || (cjk?.price ?? false),
  };
}

/** A message that starts a lead: a purchase, or a pre-sales or price question about a product. */
export function startsLead(f: LeadFacts): boolean {
  return f.purchase || ((f.preSales || f.price) && f.product !== null);
}

/** True when the message says anything a lead records (worth reading the lead for). */
export function hasLeadFacts(f: LeadFacts): boolean {
  return (
    f.purchase ||
    f.preSales ||
    f.price ||
    [f.product, f.variant, f.quantity, f.budget, f.name, f.email, f.phone].some((v) => v !== null)
  );
}

/**
 * The lead after one more message: newer details replace older ones; signals accumulate. A product is
 * replaced only by one named with a purchase or quantity ("and how much is shipping?" keeps it).
 */
export function mergeLead(prev: LeadState | null, f: LeadFacts): LeadState {
  if (!prev) return { ...f };
  const renames = f.purchase || f.quantity !== null || prev.product === null;
  return {
    product: (renames ? f.product : null) ?? prev.product,
    variant: f.variant ?? prev.variant,
    quantity: f.quantity ?? prev.quantity,
    budget: f.budget ?? prev.budget,
    name: f.name ?? prev.name,
    email: f.email ?? prev.email,
    phone: f.phone ?? prev.phone,
    purchase: prev.purchase || f.purchase,
    preSales: prev.preSales || f.preSales,
    price: prev.price || f.price,
  };
}

/** 0..1: a purchase counts most, then what a salesperson needs to close it. */
export function intentScore(s: LeadState): number {
  const score =
    (s.purchase ? 0.5 : 0) +
    (s.quantity !== null ? 0.15 : 0) +
    (s.product !== null ? 0.1 : 0) +
    (s.variant !== null ? 0.1 : 0) +
    (s.price || s.budget !== null ? 0.1 : 0) +
    (s.preSales ? 0.1 : 0) +
    (s.email !== null || s.phone !== null ? 0.15 : 0);
  return Math.min(1, Math.round(score * 100) / 100);
}
