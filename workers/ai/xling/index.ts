export { Lexicon } from "./lexicon";
export { glossQuery, DEFAULT_GLOSS, type Gloss, type GlossOptions } from "./gloss";
export {
  searchWithGloss,
  glossProbability,
  productConfidence,
  DEFAULT_FUSE,
  type FuseParams,
} from "./search";
export {
  loadLexicon,
  assetsLexiconSource,
  hasLexicon,
  LEXICON_LANGUAGES,
  type LexiconSource,
} from "./source";
