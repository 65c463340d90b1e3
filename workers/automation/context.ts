/** What a workflow sees: the event, the conversation's index row, its contact, and saved vars. */

export interface ContactView {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  language: string | null;
  country: string | null;
  vip: boolean;
  tags: string[];
  attributes: Record<string, unknown>;
}

export interface ConversationView {
  id: string;
  status: string;
  channelType: string;
  language: string | null;
  tags: string[];
  assigneeId: string | null;
  lastInboundAt: number | null;
  lastMessageAt: number | null;
  handoverAt: number | null;
  lastMessageText: string | null;
}

export interface WorkflowContext {
  tenantId: string;
  event: { type: string; at: number };
  conversation: ConversationView;
  contact: ContactView | null;
  message: { text: string; intent: string | null; language: string | null } | null;
  /** From the shopper's edge request (`cf.country`), else the contact's country. */
  country: string | null;
  /** null when the tenant has no business hours set. */
  businessHours: boolean | null;
  vars: Record<string, unknown>;
}

/** Language tags compare on their base (`es-MX` matches `es`). */
export const baseLang = (l: string | null | undefined) =>
  l ? l.toLowerCase().split(/[-_]/)[0] : null;

export function shopperLanguage(ctx: WorkflowContext): string | null {
  return baseLang(ctx.message?.language ?? ctx.conversation.language ?? ctx.contact?.language);
}

function path(obj: unknown, keys: string[]): unknown {
  let cur = obj;
  for (const k of keys) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** Resolves a condition field or a `{{placeholder}}` path against the context. */
export function resolvePath(ctx: WorkflowContext, field: string): unknown {
  const [head, ...rest] = field.split(".");
  switch (head) {
    case "business_hours":
      return ctx.businessHours;
    case "vars":
      return path(ctx.vars, rest);
    case "message":
      return path(ctx.message, rest);
    case "contact":
      return path(ctx.contact, rest);
    case "conversation": {
      const key = rest[0];
      if (key === "channel") return ctx.conversation.channelType;
      if (key === "country") return ctx.country;
      if (key === "assignee") return ctx.conversation.assigneeId;
      return path(ctx.conversation, rest);
    }
    default:
      return undefined;
  }
}
