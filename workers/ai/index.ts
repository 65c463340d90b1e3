/**
 * Public API of the AI agent (see each module's JSDoc), used by services and Durable Objects;
 * nothing here touches D1, queues or HTTP routing.
 */
export { KnowledgeIndex, decideAnswer, type KbEntry, type SearchHit } from "./engine";
export {
  conversationLanguage,
  detectLanguage,
  loadLanguageProfiles,
  assetsProfileSource,
  type DetectedLanguage,
  type ProfileSource,
} from "./language";
export { redactPii, restorePii, type PiiFinding } from "./pii";
export {
  createProviders,
  NEEDS_AI,
  type ProviderEnv,
  type ProviderOptions,
  type RouteRecorder,
} from "./providers";
export {
  ModelRouting,
  resolveRoute,
  parseStep,
  stepKey,
  ROUTE_TASKS,
  ROUTE_PROVIDERS,
  TASK_PROVIDERS,
  type RouteStep,
  type RouteTask,
} from "./model-routing";
export { MODEL_PRICES, PRICES_READ_ON } from "./model-pricing";
export type {
  Providers,
  Generator,
  Embedder,
  VectorStore,
  Translator,
  Speech,
  Vision,
  SentimentAnalyzer,
  SentimentResult,
} from "./providers";
export {
  evaluateHandover,
  type HandoverDecision,
  type HandoverInput,
  type HandoverRule,
  type HistoryItem,
} from "./policy";
export { runAiTurn, type AiTurnInput, type AiTurnResult } from "./agent";
export {
  suggestReplies,
  summarize,
  expandDraft,
  makePolite,
  searchKb,
  translateForAgent,
  type CopilotContext,
} from "./copilot";
export { AiSettings, DEFAULT_THRESHOLD, type AiSettingsInput } from "./ai-settings";
export { autoTag, type TurnTags } from "./tags";
export { DEFAULT_TAG_RULES, TagRule } from "./tags-rules";
export { extractOrderNumber, lookupOrder } from "./order-lookup";
export { documentToEntries, KbDocument } from "./documents";
export { retrieve, syncKbVectors, vectorTexts } from "./retrieve";
export { mediaToText, type Media } from "./media";
export { isOpen } from "../lib/business-hours";
export {
  assetsLexiconSource,
  glossQuery,
  loadLexicon,
  hasLexicon,
  Lexicon,
  type LexiconSource,
} from "./xling";
