/**
 * Response shapes the dashboard and console rely on. Account types come straight from the Worker's
 * zod schemas; the rest follow the API plan (notes/api-plan.md) and are fixed here, in one place,
 * so a change on the server is a change in one file.
 */
import type { z } from "zod";
import type { ApiKeySchema, InviteSchema, MeResult, TenantSchema, UserSchema } from "../../workers/wire/accounts";
import type { Attachment, ConversationState, Message } from "../../workers/wire/socket";

export type { Attachment, ConversationState, Message };
export type Tenant = z.infer<typeof TenantSchema>;
export type User = z.infer<typeof UserSchema>;
export type Me = z.infer<typeof MeResult>;
export type Invite = z.infer<typeof InviteSchema>;
export type ApiKey = z.infer<typeof ApiKeySchema>;
export type Role = User["role"];

export interface AuditEntry {
  id: string;
  actorType: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  data: Record<string, unknown>;
  ip: string | null;
  createdAt: number;
}

export const CHANNEL_TYPES = ["whatsapp", "messenger", "instagram", "telegram", "line", "email", "widget"] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];
export type ConversationStatus = ConversationState["status"];
export type InboxView = "mine" | "unassigned" | "waiting" | "all";

export interface ConversationSummary {
  id: string;
  status: ConversationStatus;
  channelType: ChannelType;
  channelId: string;
  contact: { id: string; name: string | null; email?: string | null; phone?: string | null };
  assigneeId: string | null;
  language: string | null;
  tags: string[];
  lastMessageText: string | null;
  lastMessageAt: number | null;
  unread: number;
  handoverReason: string | null;
  createdAt: number;
  firstResponseAt: number | null;
  resolvedAt: number | null;
}

export interface Handover {
  reason: string;
  rule: string | null;
  summary: string | null;
  intent: string | null;
  sentiment: string | null;
}

/** WhatsApp's 24-hour customer-service window: free-form replies only while it is open. */
export interface ReplyWindow {
  open: boolean;
  closesAt: number | null;
}

export interface ConversationDetail extends ConversationSummary {
  handover: Handover | null;
  window?: ReplyWindow | null;
}

export interface ConversationList {
  conversations: ConversationSummary[];
  nextCursor: string | null;
  counts: Record<InboxView, number>;
}

export interface Channel {
  id: string;
  type: ChannelType;
  name: string;
  status: "active" | "disabled";
  lastEventAt?: number | null;
  webhookUrl?: string;
  verifyToken?: string;
}

export interface KbEntry {
  id: string;
  question: string;
  phrasings: string[];
  answer: string;
  language: string | null;
  tags: string[];
  source?: string;
  updatedAt?: number | null;
}

export interface ImportJob {
  id: string;
  status: "queued" | "running" | "done" | "failed";
  total: number;
  processed: number;
  imported: number;
  failed: number;
  errors: { row: number; message: string }[];
}

export interface UnansweredQuestion {
  id: string;
  conversationId: string;
  text: string;
  language: string | null;
  reason: string;
  createdAt: number;
}

export interface HandoverRules {
  keywords: string[];
  onNegativeSentiment: boolean;
  afterFailedAnswers: number;
  vipAlwaysHuman: boolean;
}

export interface BusinessHours {
  timezone: string;
  /** Per weekday (0 = Sunday): open intervals as "HH:MM-HH:MM"; empty means closed. */
  days: Record<string, string[]>;
}

export interface AiSettings {
  provider: string;
  persona: string;
  tone: string;
  threshold: number;
  languages: string[];
  handover: HandoverRules;
  businessHours: BusinessHours | null;
  [extra: string]: unknown;
}

export interface TryResult {
  decision: string;
  hits: { id: string; question: string; score: number }[];
  reply: string | null;
}

export interface WidgetSettings {
  color: string;
  position: "left" | "right";
  logoUrl: string | null;
  greeting: Record<string, string>;
  /** Read-only, admins only: the key the shop signs `identify()` hashes with. */
  identitySecret?: string | null;
}

export interface ContactChannel {
  type: ChannelType;
  externalId: string;
}

/** Sensitive fields arrive masked (e.g. `+34 6•• ••• •12`) unless the caller's role may see them. */
export interface Contact {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  payment?: string | null;
  masked?: string[];
  language: string | null;
  country: string | null;
  tags: string[];
  attributes: Record<string, unknown>;
  channels?: ContactChannel[];
}

export interface CannedReply {
  id: string;
  shortcut: string;
  text: string;
}

export interface Percentiles {
  p50: number | null;
  p90: number | null;
}

/** GET /api/analytics/overview: times in milliseconds, days as YYYY-MM-DD (UTC). */
export interface AnalyticsOverview {
  from: string;
  to: string;
  perDay: { day: string; channel: string; count: number }[];
  totals: { conversations: number; aiResolved: number; handedOver: number; resolved: number };
  firstResponse: { ai: Percentiles; human: Percentiles };
  resolution: Percentiles;
  csat: { average: number | null; count: number; distribution?: Record<string, number> };
}
