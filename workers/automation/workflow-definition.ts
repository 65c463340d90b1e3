/**
 * A workflow: one trigger, optional conditions (and/or, two levels deep), and up to 20 steps.
 * Every step may carry `when`, evaluated just before it runs (so it can test an HTTP response).
 */
import { z } from "@hono/zod-openapi";
import { CHANNEL_TYPES } from "../channels/registry";

const Text = z.string().min(1).max(4000);
const Lang = z.string().min(2).max(16);
const Short = z.string().trim().min(1).max(64);

/** Fields a condition can read (see conditions.ts for what each resolves to). */
export const CONDITION_FIELD =
  /^(contact\.(tags|vip|language|country|name|attributes\.[\w-]{1,64})|conversation\.(tags|language|channel|status|country|assignee)|message\.(text|intent|language)|business_hours|vars\.[\w-]{1,64}(\.[\w-]{1,64}){0,4})$/;
export const CONDITION_OPS = [
  "eq",
  "neq",
  "in",
  "not_in",
  "contains",
  "not_contains",
  "exists",
  "not_exists",
  "gt",
  "gte",
  "lt",
  "lte",
] as const;

const Scalar = z.union([z.string().max(500), z.number(), z.boolean()]);
export const ConditionLeaf = z
  .strictObject({
    field: z.string().regex(CONDITION_FIELD, "Unknown field"),
    op: z.enum(CONDITION_OPS),
    value: z.union([Scalar, z.array(Scalar).max(50)]).optional(),
  })
  .openapi("ConditionLeaf");
const Group1 = z.union([
  z.strictObject({ all: z.array(ConditionLeaf).min(1).max(20) }),
  z.strictObject({ any: z.array(ConditionLeaf).min(1).max(20) }),
]);
const Item = z.union([ConditionLeaf, Group1]);
export const Conditions = z
  .union([
    z.strictObject({ all: z.array(Item).min(1).max(20) }),
    z.strictObject({ any: z.array(Item).min(1).max(20) }),
  ])
  .openapi("Conditions", {
    description:
      "`{all:[…]}` (and) or `{any:[…]}` (or) of leaves `{field, op, value}` or one more nested group.",
  });
export type ConditionLeaf = z.infer<typeof ConditionLeaf>;
export type Conditions = z.infer<typeof Conditions>;

export const Trigger = z
  .discriminatedUnion("type", [
    z.strictObject({ type: z.literal("conversation.created") }),
    z.strictObject({
      type: z.literal("message.received"),
      keywords: z.array(z.string().trim().min(1).max(80)).max(50).default([]),
      intents: z.array(Short).max(50).default([]),
      languages: z.array(Lang).max(50).default([]),
      channels: z.array(z.enum(CHANNEL_TYPES)).max(7).default([]),
      countries: z.array(z.string().length(2).toUpperCase()).max(250).default([]),
    }),
    z.strictObject({ type: z.literal("tag.added"), tags: z.array(Short).max(50).default([]) }),
    z.strictObject({
      type: z.literal("conversation.waiting"),
      minutes: z.number().int().min(1).max(10_080),
    }),
    z.strictObject({ type: z.literal("conversation.resolved") }),
    z.strictObject({
      type: z.literal("window.closing"),
      minutesBefore: z.number().int().min(5).max(1380).default(60),
    }),
  ])
  .openapi("WorkflowTrigger");
export type Trigger = z.infer<typeof Trigger>;
export type TriggerType = Trigger["type"];

export const LocalizedText = z.strictObject({
  default: Text,
  byLanguage: z.record(Lang, Text).optional(),
  byCountry: z.record(z.string().length(2).toUpperCase(), Text).optional(),
});
export type LocalizedText = z.infer<typeof LocalizedText>;

const when = { when: Conditions.optional() };
export const Step = z
  .discriminatedUnion("type", [
    z.strictObject({
      type: z.literal("send_message"),
      text: z.union([Text, LocalizedText]),
      ...when,
    }),
    z.strictObject({
      type: z.literal("send_template"),
      name: Short,
      language: Lang,
      params: z.array(z.string().max(500)).max(20).default([]),
      ...when,
    }),
    z.strictObject({ type: z.literal("add_tags"), tags: z.array(Short).min(1).max(20), ...when }),
    z.strictObject({
      type: z.literal("remove_tags"),
      tags: z.array(Short).min(1).max(20),
      ...when,
    }),
    z
      .strictObject({
        type: z.literal("assign"),
        agentId: Short.optional(),
        teamId: Short.optional(),
        ...when,
      })
      .refine((s) => !!s.agentId !== !!s.teamId, "Give exactly one of agentId or teamId."),
    z.strictObject({ type: z.literal("handover"), reason: Short.default("workflow"), ...when }),
    z.strictObject({ type: z.literal("resolve"), ...when }),
    z.strictObject({
      type: z.literal("http_request"),
      url: z.string().url().max(2000),
      method: z.enum(["GET", "POST"]).default("POST"),
      /** Values may use {{…}} placeholders; sent as JSON (POST) or query parameters (GET). */
      body: z.record(z.string().max(64), z.string().max(2000)).default({}),
      saveAs: z
        .string()
        .regex(/^[a-zA-Z]\w{0,31}$/)
        .default("response"),
      ...when,
    }),
    z.strictObject({
      type: z.literal("set_attribute"),
      target: z.enum(["contact", "conversation"]),
      key: z.string().regex(/^[\w-]{1,64}$/),
      value: z.union([z.string().max(2000), z.number(), z.boolean()]),
      ...when,
    }),
    z.strictObject({ type: z.literal("email_transcript"), to: z.string().max(254), ...when }),
    z.strictObject({
      type: z.literal("delay"),
      minutes: z.number().int().min(1).max(43_200),
      ...when,
    }),
  ])
  .openapi("WorkflowStep");
export type Step = z.infer<typeof Step>;

export const WorkflowDefinition = z
  .strictObject({
    trigger: Trigger,
    conditions: Conditions.optional(),
    steps: z.array(Step).min(1).max(20),
  })
  .openapi("WorkflowDefinition");
export type WorkflowDefinition = z.infer<typeof WorkflowDefinition>;
