/**
 * A text field of the knowledge base (phrasings, or answer passages) as a pair of
 * TF-IDF channels — stemmed words and character n-grams. The phrasing field keeps
 * IDF statistics of its own: a word that is everywhere in long answers ("inbox" in
 * a mail FAQ) can still be rare, and so telling, among the short questions that
 * paraphrases are matched against.
 */
import { type RawFeature, SparseChannel } from "./sparse";

export interface FieldFeatures {
  words: RawFeature[];
  chars: RawFeature[];
}

export class Field {
  private constructor(
    readonly words: SparseChannel,
    readonly chars: SparseChannel,
    /** Entry index of every document of the field (-1: counted in the statistics only). */
    readonly docEntry: Int32Array,
  ) {}

  static build(docs: FieldFeatures[], docEntry: number[]): Field {
    return new Field(
      SparseChannel.build(docs.map((d) => d.words)),
      SparseChannel.build(docs.map((d) => d.chars)),
      Int32Array.from(docEntry),
    );
  }

  get size(): number {
    return this.docEntry.length;
  }

  /** Per-document cosines of the query in each channel. */
  similarities(q: FieldFeatures): { words: Float32Array; chars: Float32Array } {
    const words = new Float32Array(this.size);
    const chars = new Float32Array(this.size);
    if (this.size === 0) return { words, chars };
    this.words.accumulate(this.words.vector(q.words), words, 1);
    this.chars.accumulate(this.chars.vector(q.chars), chars, 1);
    return { words, chars };
  }
}
