/**
 * Per-tenant AI settings, validated with zod. Every field has a default so
 * `AiSettings.parse({})` is a working configuration (builtin provider, no AI calls).
 */
import { z } from "zod";
import { BusinessHours } from "../lib/business-hours";
import { ModelRouting } from "./model-routing";
import { TagRule } from "./tags-rules";

/**
 * Confidence needed to answer instead of handing over. Chosen on CLINC150 val +
 * oos_val (`npm run eval -- intents ... --sweep`): the highest threshold that kept
 * validation coverage above 0.85, where precision was 0.96 and 7% of
 * out-of-scope questions were answered.
 */
export const DEFAULT_THRESHOLD = 0.6;

export const SENSITIVE_TOPICS = [
  "refund_dispute",
  "legal",
  "chargeback",
  "fraud",
  "data_privacy",
  "safety",
] as const;
export const SensitiveTopic = z.enum(SENSITIVE_TOPICS);
export type SensitiveTopic = z.infer<typeof SensitiveTopic>;

export const HandoverPolicy = z.object({
  explicitRequest: z.boolean().default(true),
  negativeSentiment: z.boolean().default(true),
  /** Negativity (0..1) at or above which the customer counts as upset. */
  sentimentThreshold: z.number().min(0).max(1).default(0.75),
  lowConfidence: z.boolean().default(true),
  repeatedFailure: z.boolean().default(true),
  vip: z.boolean().default(true),
  /** Topics the merchant wants a person for. */
  sensitiveTopics: z.array(SensitiveTopic).default(["refund_dispute", "legal", "chargeback"]),
  /** Offer a person once before handing over on soft signals (low confidence, negativity). */
  offerFirst: z.boolean().default(true),
});
export type HandoverPolicy = z.infer<typeof HandoverPolicy>;

export const OrderLookupConfig = z.object({
  url: z.url(),
  secretHeaderName: z.string().min(1).max(100),
  secretValue: z.string().min(1).max(500),
  timeoutMs: z.number().int().min(100).max(30_000).default(4000),
});
export type OrderLookupConfig = z.infer<typeof OrderLookupConfig>;

export const Tone = z.enum(["professional", "friendly", "premium"]);

/**
 * Where a regional style applies: a country (ISO 3166-1 alpha-2, upper case: "CH"), a language ("de") or a
 * language in a region ("pt-BR", "es-419"). A shopper's country comes from their phone number or the widget's
 * edge location; their language is detected on every message.
 */
export const REGION = /^(?:[A-Z]{2}|[a-z]{2,3}(?:-(?:[A-Z]{2}|\d{3}))?)$/;

export const RegionalStyle = z.object({
  region: z
    .string()
    .regex(REGION, "a country code (CH), a language (de) or a language-region tag (pt-BR)"),
  /** Replaces the persona's tone for these shoppers. */
  tone: Tone.optional(),
  /** Added to the persona's instructions for these shoppers (forms of address, spelling, units, holidays…). */
  instructions: z.string().max(2000).default(""),
});
export type RegionalStyle = z.infer<typeof RegionalStyle>;

/** What the assistant is called until the merchant names it. */
export const DEFAULT_PERSONA_NAME = "Edgedesk Assistant";

export const AiSettings = z.object({
  persona: z
    .object({
      name: z.string().min(1).max(80).default(DEFAULT_PERSONA_NAME),
      tone: Tone.default("friendly"),
      /** Merchant instructions, appended to the system prompt (never overriding its rules). */
      instructions: z.string().max(4000).default(""),
      /** Per-region style: the most specific match wins (country, then language-region, then language). */
      regions: z
        .array(RegionalStyle)
        .max(50)
        .default([])
        .refine((rs) => new Set(rs.map((r) => r.region)).size === rs.length, "each region once"),
    })
    .default({ name: DEFAULT_PERSONA_NAME, tone: "friendly", instructions: "", regions: [] }),
  provider: z.enum(["builtin", "workers-ai", "openai-compatible"]).default("builtin"),
  vectorSearch: z.boolean().default(false),
  models: z
    .object({
      chat: z.string().default("@cf/meta/llama-3.1-8b-instruct"),
      embedding: z.string().default("@cf/baai/bge-m3"),
      translation: z.string().default("@cf/meta/m2m100-1.2b"),
      sentiment: z.string().default("@cf/huggingface/distilbert-sst-2-int8"),
      speech: z.string().default("@cf/openai/whisper"),
      vision: z.string().default("@cf/llava-hf/llava-1.5-7b-hf"),
    })
    .prefault({}),
  openai: z
    .object({
      baseUrl: z.url().optional(),
      apiKey: z.string().optional(),
      model: z.string().default("gpt-4o-mini"),
    })
    .prefault({}),
  /** Per task, the provider/model chain and the monthly budget (`model-routing.ts`). */
  routing: ModelRouting.prefault({}),
  /** A LibreTranslate server (often self-hosted): translation for agents and replies without a chat model. */
  libretranslate: z
    .object({ baseUrl: z.url().optional(), apiKey: z.string().max(200).optional() })
    .prefault({}),
  threshold: z.number().min(0).max(1).default(DEFAULT_THRESHOLD),
  /** Languages the tenant serves (ISO 639-1); empty = any. Restricts detection. */
  languages: z.array(z.string().min(2).max(3)).default([]),
  defaultLanguage: z.string().min(2).max(3).default("en"),
  /**
   * When the matched entry is in another language than the shopper's and no provider can
   * translate it: reply with the entry under a one-line notice in the shopper's language,
   * or hand over to a person.
   */
  crossLingualReply: z.enum(["notice", "handover"]).default("notice"),
  /** Budget for one provider call before falling back to builtin retrieval. */
  timeoutMs: z.number().int().min(500).max(60_000).default(15_000),
  policy: HandoverPolicy.prefault({}),
  /** Null = always open. */
  businessHours: BusinessHours.nullable().default(null),
  orderLookup: OrderLookupConfig.nullable().default(null),
  /** Replaces the default auto-tag rules when given. */
  tagRules: z.array(TagRule).optional(),
});
export type AiSettings = z.infer<typeof AiSettings>;
export type AiSettingsInput = z.input<typeof AiSettings>;

/** Who the shopper is, as far as style goes. */
export interface ShopperPlace {
  country?: string | null;
  language?: string | null;
}

/** The regional style for this shopper, if any: country first, then language-region, then language. */
export function regionalStyleFor(
  persona: AiSettings["persona"],
  at: ShopperPlace,
): RegionalStyle | null {
  const regions = persona.regions ?? [];
  if (!regions.length) return null;
  const country = at.country?.toUpperCase() ?? null;
  const lang = at.language?.toLowerCase() ?? null;
  const base = lang?.split("-")[0] ?? null;
  const tagged =
    lang && lang.includes("-") ? lang : base && country ? `${base}-${country.toLowerCase()}` : null;
  // A country ("DE") and a language ("de") are different regions: each is matched only against its own kind.
  const byCountry = country
    ? regions.find((r) => /^[A-Z]{2}$/.test(r.region) && r.region === country)
    : undefined;
  const byTag = tagged
    ? regions.find((r) => r.region.includes("-") && r.region.toLowerCase() === tagged)
    : undefined;
  const byLanguage = base
    ? regions.find((r) => /^[a-z]{2,3}$/.test(r.region) && r.region === base)
    : undefined;
  return byCountry ?? byTag ?? byLanguage ?? null;
}

/** Settings with the persona this shopper should meet: the regional tone and notes folded in. */
export function settingsForShopper(settings: AiSettings, at: ShopperPlace): AiSettings {
  const style = regionalStyleFor(settings.persona, at);
  if (!style) return settings;
  const notes = [
    settings.persona.instructions,
    style.instructions ? `For shoppers in ${style.region}: ${style.instructions}` : "",
  ]
    .filter(Boolean)
    .join("\n");
  return {
    ...settings,
    persona: {
      ...settings.persona,
      tone: style.tone ?? settings.persona.tone,
      instructions: notes,
    },
  };
}
