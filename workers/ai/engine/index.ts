export { KnowledgeIndex, type KbEntry, type SearchHit, type EntrySignals } from "./knowledge-index";
export {
  type ScoringParams,
  type RankingEvidence,
  DEFAULT_PARAMS,
  confidenceFeatures,
} from "./scoring";
export { decideAnswer } from "./decide";
