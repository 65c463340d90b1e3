/**
 * Groups unanswered questions into suggested FAQ entries. Similarity is the cosine of character
 * trigram counts plus word overlap: robust to typos and word order, language-agnostic, and cheap
 * enough to run on request for the latest few hundred questions.
 */

export interface GapQuestion {
  id: string;
  text: string;
  language: string | null;
  conversationId: string;
  createdAt: number;
}

export interface SuggestedEntry {
  /** The most central question of the group: the suggested FAQ question. */
  question: string;
  phrasings: string[];
  count: number;
  languages: string[];
  questionIds: string[];
  conversationIds: string[];
  lastAskedAt: number;
}

type Vector = Map<string, number>;

export function normalise(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFKC")
    .replace(/[\p{P}\p{S}]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Char trigrams (with word boundaries) plus whole words weighted double. */
export function features(text: string): Vector {
  const v: Vector = new Map();
  const add = (k: string, w: number) => v.set(k, (v.get(k) ?? 0) + w);
  const norm = normalise(text);
  for (const word of norm.split(" ")) if (word.length > 2) add(`w:${word}`, 2);
  const padded = ` ${norm} `;
  for (let i = 0; i + 3 <= padded.length; i++) add(padded.slice(i, i + 3), 1);
  return v;
}

export function cosine(a: Vector, b: Vector): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [k, x] of a) {
    na += x * x;
    const y = b.get(k);
    if (y) dot += x * y;
  }
  for (const y of b.values()) nb += y * y;
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/**
 * Single-pass leader clustering: each question joins the most similar existing group whose
 * leader it matches above `threshold`, else starts one. Groups are then ordered by size.
 */
export function clusterQuestions(
  questions: GapQuestion[],
  threshold = 0.45,
  maxGroups = 50,
): SuggestedEntry[] {
  const groups: { members: { q: GapQuestion; v: Vector }[]; leader: Vector }[] = [];
  for (const q of [...questions].sort((a, b) => a.createdAt - b.createdAt)) {
    const v = features(q.text);
    let best = -1;
    let bestScore = threshold;
    for (let i = 0; i < groups.length; i++) {
      const s = cosine(v, groups[i].leader);
      if (s >= bestScore) {
        best = i;
        bestScore = s;
      }
    }
    if (best === -1) groups.push({ members: [{ q, v }], leader: v });
    else groups[best].members.push({ q, v });
  }
  return groups
    .map(({ members }) => toEntry(members))
    .sort((a, b) => b.count - a.count || b.lastAskedAt - a.lastAskedAt)
    .slice(0, maxGroups);
}

function toEntry(members: { q: GapQuestion; v: Vector }[]): SuggestedEntry {
  // The medoid (highest summed similarity to the rest) reads best as the FAQ question.
  let medoid = members[0];
  let bestSum = -1;
  for (const m of members) {
    const sum = members.reduce((acc, o) => acc + (o === m ? 0 : cosine(m.v, o.v)), 0);
    if (sum > bestSum) {
      bestSum = sum;
      medoid = m;
    }
  }
  const seen = new Set([normalise(medoid.q.text)]);
  const phrasings: string[] = [];
  for (const m of members) {
    const n = normalise(m.q.text);
    if (!seen.has(n) && phrasings.length < 10) {
      seen.add(n);
      phrasings.push(m.q.text);
    }
  }
  return {
    question: medoid.q.text,
    phrasings,
    count: members.length,
    languages: [...new Set(members.map((m) => m.q.language).filter((l): l is string => !!l))],
    questionIds: members.map((m) => m.q.id),
    conversationIds: [...new Set(members.map((m) => m.q.conversationId))],
    lastAskedAt: Math.max(...members.map((m) => m.q.createdAt)),
  };
}
