/**
 * Response shapes the dashboard and console rely on. Where the Worker has a zod schema the type is
 * derived from it (type-only imports: nothing reaches the bundles); the rest are written out here.
 */
import type { z } from "zod";
import type { AiTrySchema } from "../../workers/wire/ai-try";
import type { MetricsSchema } from "../../workers/wire/api-fields";
import type { AuditEntrySchema } from "../../workers/wire/audit";
import type { CannedReplySchema } from "../../workers/wire/canned-replies";
import type { ContactDetailSchema } from "../../workers/wire/contacts";
import type {
  AiSettings as AiSettingsSchema,
  RegionalStyle as RegionalStyleSchema,
} from "../../workers/ai/ai-settings";
import type { BusinessHours as BusinessHoursSchema } from "../../workers/lib/business-hours";
import type {
  ApiKeySchema,
  InviteSchema,
  MeResult,
  OutboxMailSchema,
  SessionSchema,
  TenantSchema,
  UserSchema,
} from "../../workers/wire/accounts";
import type {
  ConversationDetail as ConversationDetailSchema,
  ListResult as ConversationListSchema,
  ConversationSummary as ConversationSummarySchema,
} from "../../workers/wire/conversations";
import type {
  ImportJobSchema,
  KbEntryInput as KbEntryInputSchema,
  KbEntryPatch as KbEntryPatchSchema,
  KbEntrySchema,
  UnansweredQuestionSchema,
} from "../../workers/wire/kb";
import type {
  ChannelSchema,
  ChannelTypeInfoSchema,
  ChannelTypeSchema,
  VerificationSchema,
} from "../../workers/wire/channels";
import type { Attachment, ConversationState, Message } from "../../workers/wire/socket";
import type { WidgetSettings as WidgetSettingsSchema } from "../../workers/wire/widget-settings";

export type { Attachment, ConversationState, Message };
export type Tenant = z.infer<typeof TenantSchema>;
export type User = z.infer<typeof UserSchema>;
export type Me = z.infer<typeof MeResult>;
export type Invite = z.infer<typeof InviteSchema>;
export type ApiKey = z.infer<typeof ApiKeySchema>;
export type AccountSession = z.infer<typeof SessionSchema>;
export type OutboxMail = z.infer<typeof OutboxMailSchema>;
export type Role = User["role"];
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export type UnansweredQuestion = z.infer<typeof UnansweredQuestionSchema>;
export type CannedReply = z.infer<typeof CannedReplySchema>;
/**
 * GET /api/contacts/:id. Email, phone and payment-like attributes arrive masked (`+34 *** *** 12`);
 * `masked` names them (`email`, `phone`, `attributes.<key>`), each revealable by an admin (audited).
 */
export type Contact = z.infer<typeof ContactDetailSchema>;
export type ContactIdentity = Contact["identities"][number];
/** A past conversation as GET /api/contacts/:id lists it. */
export type ContactConversation = Contact["conversations"][number];

export type ChannelType = z.infer<typeof ChannelTypeSchema>;
export type ConversationStatus = ConversationState["status"];

export type ConversationSummary = z.infer<typeof ConversationSummarySchema>;
export type ConversationList = z.infer<typeof ConversationListSchema>;
export type InboxView = keyof ConversationList["counts"];
export type KbEntry = z.infer<typeof KbEntrySchema>;
export type KbEntryInput = z.input<typeof KbEntryInputSchema>;
export type KbEntryPatch = z.input<typeof KbEntryPatchSchema>;
export type ImportJob = z.infer<typeof ImportJobSchema>;
export type ConversationDetail = z.infer<typeof ConversationDetailSchema>;
export type Handover = NonNullable<ConversationDetail["handover"]>;
/** Channels with a 24-hour customer-service window (WhatsApp, Messenger, Instagram): free-form replies only before `closesAt`. */
export type ReplyWindow = NonNullable<ConversationDetail["window"]>;

/** GET /api/channels' rows; the verify token is listed for admins only. */
export type Channel = z.infer<typeof ChannelSchema> & { verifyToken?: string };
export type ChannelVerification = z.infer<typeof VerificationSchema>;
/** GET /api/channels/types: what each registered channel type needs, its connect form included. */
export type ChannelTypeInfo = z.infer<typeof ChannelTypeInfoSchema>;
export type ChannelForm = NonNullable<ChannelTypeInfo["form"]>;

/** The server's AI settings, every default filled in (secrets come back masked as "••••…"). */
export type AiSettings = AiSettingsSchema;
export type BusinessHours = BusinessHoursSchema;
export type RegionalStyle = RegionalStyleSchema;

/** POST /api/ai/try's answer. */
export type TryResult = z.infer<typeof AiTrySchema>;

/** The server's widget appearance (`workers/wire/widget-settings.ts`), plus the admin-only secret GET adds. */
export type WidgetSettings = WidgetSettingsSchema & {
  /** Read-only, admins only: the key the shop signs `identify()` hashes with. */
  identitySecret?: string | null;
};

/** GET /api/analytics/summary's metrics: times in seconds, rates 0..1 (docs/metrics.md). */
export type Metrics = z.infer<typeof MetricsSchema>;
export type DurationStats = Metrics["firstResponse"]["ai"];

/**
 * What the analytics page draws, composed from /api/analytics/summary, /breakdown?dimension=channel
 * and /timeseries (one per channel); days as YYYY-MM-DD (UTC).
 */
export interface AnalyticsOverview {
  from: string;
  to: string;
  metrics: Metrics;
  perDay: { day: string; channel: string; count: number }[];
}
