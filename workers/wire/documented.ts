/**
 * The OpenAPI generator reads schemas through zod's classic methods (`.meta()`, `.unwrap()`), which
 * `zod/mini` schemas (the socket protocol, `socket.ts`) do not have. `documented` rebuilds a mini
 * schema with the classic classes from the same definition (same checks, same parsing), so an API
 * route can document it without a second copy of the shape.
 */
import { z } from "@hono/zod-openapi";
import type * as core from "zod/v4/core";

type Ctor = new (def: unknown) => z.ZodType;
const CLASSIC: Record<string, Ctor> = {
  string: z.ZodString,
  number: z.ZodNumber,
  boolean: z.ZodBoolean,
  unknown: z.ZodUnknown,
  enum: z.ZodEnum,
  literal: z.ZodLiteral,
  object: z.ZodObject,
  array: z.ZodArray,
  optional: z.ZodOptional,
  nullable: z.ZodNullable,
  default: z.ZodDefault,
  record: z.ZodRecord,
  union: z.ZodUnion,
} as unknown as Record<string, Ctor>;

function rebuild(schema: core.$ZodType): z.ZodType {
  const def = { ...(schema._zod.def as unknown as Record<string, unknown>) };
  const inner = (s: unknown) => rebuild(s as core.$ZodType);
  if (def.shape)
    def.shape = Object.fromEntries(
      Object.entries(def.shape as Record<string, unknown>).map(([k, s]) => [k, inner(s)]),
    );
  for (const k of ["element", "innerType", "keyType", "valueType"])
    if (def[k]) def[k] = inner(def[k]);
  if (def.options) def.options = (def.options as unknown[]).map(inner);
  const type = def.type as string;
  const Classic =
    type === "union" && def.discriminator
      ? (z.ZodDiscriminatedUnion as unknown as Ctor)
      : CLASSIC[type];
  if (!Classic) throw new Error(`documented: no classic schema for ${type}`);
  return new Classic(def);
}

/** A classic copy of a `zod/mini` schema, typed as the original's output and input. */
export function documented<T extends core.$ZodType>(
  schema: T,
): z.ZodType<core.output<T>, core.input<T>> {
  return rebuild(schema) as z.ZodType<core.output<T>, core.input<T>>;
}
