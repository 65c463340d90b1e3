/** Broadcast definitions: the wire schemas (`workers/wire/broadcasts.ts`) and variant picking. */
import type { Variant } from "../wire/broadcasts";

export { Audience, Variant, Variants } from "../wire/broadcasts";

/** Same contact, same variant: a hash of the contact id picks by weight. */
export function pickVariant(variants: Variant[], contactId: string): Variant {
  let h = 2166136261;
  for (let i = 0; i < contactId.length; i++) h = Math.imul(h ^ contactId.charCodeAt(i), 16777619);
  const total = variants.reduce((a, v) => a + v.weight, 0);
  let point = (h >>> 0) % total;
  for (const v of variants) {
    if (point < v.weight) return v;
    point -= v.weight;
  }
  return variants[0];
}
