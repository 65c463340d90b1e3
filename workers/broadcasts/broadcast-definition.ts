/** Broadcast wire types: audience filters and message variants. */
import { z } from "@hono/zod-openapi";

const Short = z.string().trim().min(1).max(64);
const Scalar = z.union([z.string().max(200), z.number(), z.boolean()]);

export const Audience = z
  .strictObject({
    /** Contacts with all of these tags. */
    tags: z.array(Short).max(20).default([]),
    /** …and at least one of these. */
    anyTags: z.array(Short).max(20).default([]),
    /** Attribute equality (strings case-insensitive). */
    attributes: z.record(z.string().regex(/^[\w-]{1,64}$/), Scalar).default({}),
    languages: z.array(z.string().min(2).max(16)).max(50).default([]),
    vip: z.boolean().optional(),
  })
  .openapi("BroadcastAudience");
export type Audience = z.infer<typeof Audience>;

export const TemplateRefSchema = z.strictObject({
  name: Short,
  language: z.string().min(2).max(16),
  params: z.array(z.string().max(500)).max(20).default([]),
});

export const Variant = z
  .strictObject({
    id: z.string().regex(/^[\w-]{1,16}$/),
    weight: z.number().int().min(1).max(100).default(1),
    /** Text with {{contact.name | fallback}} placeholders. */
    text: z.string().min(1).max(4000).optional(),
    template: TemplateRefSchema.optional(),
  })
  .refine((v) => !!v.text !== !!v.template, "A variant has either text or a template.")
  .openapi("BroadcastVariant");
export type Variant = z.infer<typeof Variant>;

export const Variants = z
  .array(Variant)
  .min(1)
  .max(5)
  .refine((vs) => new Set(vs.map((v) => v.id)).size === vs.length, "Variant ids must be unique.");

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
