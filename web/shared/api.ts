/**
 * The dashboard's and console's API client: every endpoint they call, with its request and
 * response shape, in this one file (shapes in ./api-types.ts).
 */
import type { TemplateInfo } from "../../workers/channels/whatsapp-templates";
import type { TagRule } from "../../workers/ai/tags-rules";
import type {
  AccountSession,
  AiSettings,
  OutboxMail,
  AnalyticsOverview,
  ApiKey,
  AuditEntry,
  CannedReply,
  Channel,
  ChannelType,
  ChannelTypeInfo,
  Contact,
  ConversationDetail,
  ConversationList,
  ConversationSummary,
  ImportJob,
  InboxView,
  Invite,
  KbEntry,
  KbEntryInput,
  KbEntryPatch,
  Me,
  Message,
  Metrics,
  Role,
  Tenant,
  TryResult,
  UnansweredQuestion,
  User,
  WidgetSettings,
} from "./api-types";
import { http } from "./http";

/** A knowledge entry drafted from an agent's reply, edited in the console before it is saved. */
export interface KnowledgeDraft {
  question: string;
  answer: string;
  language: string | null;
  tags: string[];
}

type Session = { tenant: Tenant; user: User };

export const auth = {
  /** Mails the address a link (or, if it has an account, a note); answers the same either way. */
  signup: (b: { email: string; company: string; name?: string }) =>
    http<{ message: string }>("POST", "/api/auth/signup", b),
  confirmSignup: (b: { token: string; password: string }) =>
    http<Session>("POST", "/api/auth/signup/confirm", b),
  login: (b: { email: string; password: string }) => http<Session>("POST", "/api/auth/login", b),
  logout: () => http<void>("POST", "/api/auth/logout"),
  me: () => http<Me>("GET", "/api/me"),
  acceptInvite: (b: { token: string; password: string; name?: string }) =>
    http<Session>("POST", "/api/invites/accept", b),
  invitePreview: (token: string) =>
    http<{ company: string; inviter: string | null; email: string; role: string }>(
      "GET",
      `/api/invites/preview?token=${encodeURIComponent(token)}`,
    ),
  changePassword: (b: { currentPassword: string; newPassword: string }) =>
    http<void>("POST", "/api/auth/password", b),
  requestReset: (b: { email: string }) =>
    http<{ message: string }>("POST", "/api/auth/password-reset", b),
  confirmReset: (b: { token: string; password: string }) =>
    http<Session>("POST", "/api/auth/password-reset/confirm", b),
  sessions: () => http<{ sessions: AccountSession[] }>("GET", "/api/auth/sessions"),
  revokeSession: (id: string) => http<void>("DELETE", `/api/auth/sessions/${id}`),
  signOutEverywhere: () => http<void>("POST", "/api/auth/sign-out-everywhere"),
  /** Local runs only: account mail kept instead of sent (a 404 elsewhere). */
  outbox: () => http<{ mails: OutboxMail[] }>("GET", "/api/dev/outbox"),
};

export const team = {
  users: () => http<{ users: User[] }>("GET", "/api/users"),
  updateUser: (
    id: string,
    b: Partial<Pick<User, "role" | "capacity" | "name" | "status" | "language" | "skills">>,
  ) => http<{ user: User }>("PATCH", `/api/users/${id}`, b),
  invites: () => http<{ invites: Invite[] }>("GET", "/api/invites"),
  invite: (b: { email: string; role: Role }) =>
    http<{ invite: Invite; acceptUrl: string; token: string; mailed: "email" | "outbox" | null }>(
      "POST",
      "/api/invites",
      b,
    ),
  revokeInvite: (id: string) => http<void>("DELETE", `/api/invites/${id}`),
  apiKeys: () => http<{ apiKeys: ApiKey[] }>("GET", "/api/api-keys"),
  createApiKey: (b: { name: string; role: Role }) =>
    http<{ apiKey: ApiKey; key: string }>("POST", "/api/api-keys", b),
  revokeApiKey: (id: string) => http<void>("DELETE", `/api/api-keys/${id}`),
  audit: (before?: number) =>
    http<{ entries: AuditEntry[] }>("GET", "/api/audit", undefined, {
      query: { before, limit: 50 },
    }),
};

export interface ConversationQuery {
  view: InboxView;
  status?: string;
  channel?: string;
  tag?: string;
  language?: string;
  q?: string;
  cursor?: string;
  limit?: number;
}

export const conversations = {
  list: (q: ConversationQuery) =>
    http<ConversationList>("GET", "/api/conversations", undefined, { query: { ...q } }),
  get: (id: string) =>
    http<{ conversation: ConversationDetail }>("GET", `/api/conversations/${id}`),
  retryDelivery: (id: string, messageId: string) =>
    http<{ message: Message }>("POST", `/api/conversations/${id}/messages/${messageId}/retry`),
  messages: (id: string, q: { before?: number; after?: number; limit?: number } = {}) =>
    http<{ messages: Message[] }>("GET", `/api/conversations/${id}/messages`, undefined, {
      query: q,
    }),
  send: (id: string, b: { clientId: string; text: string; note?: boolean }) =>
    http<{ message: Message }>("POST", `/api/conversations/${id}/messages`, b),
  /** An agent's reply as a knowledge entry (question: the customer's message it answered). */
  knowledgeDraft: (id: string, messageId: string) =>
    http<{ draft: KnowledgeDraft }>(
      "GET",
      `/api/conversations/${id}/messages/${messageId}/knowledge-draft`,
    ),
  saveToKnowledge: (id: string, messageId: string, entry: KnowledgeDraft) =>
    http<{ entry: { id: string; question: string } }>(
      "POST",
      `/api/conversations/${id}/messages/${messageId}/save-to-knowledge`,
      entry,
    ),
  /** A file for the next message (multipart); the server answers with the stored attachment. */
  upload: (id: string, file: File) => {
    const form = new FormData();
    form.append("file", file, file.name);
    return http<{ attachment: Message["attachments"][number] }>(
      "POST",
      `/api/conversations/${id}/attachments`,
      undefined,
      { raw: form },
    );
  },
  action: (id: string, action: "takeover" | "handback" | "resolve" | "reopen") =>
    http<{ conversation: ConversationSummary }>("POST", `/api/conversations/${id}/${action}`),
  assign: (id: string, assigneeId: string) =>
    http<{ conversation: ConversationSummary }>("POST", `/api/conversations/${id}/assign`, {
      assigneeId,
    }),
  tags: (id: string, b: { add?: string[]; remove?: string[] }) =>
    http<unknown>("POST", `/api/conversations/${id}/tags`, b),
  presence: (status: "online" | "away" | "offline") =>
    http<unknown>("PUT", "/api/presence", { status }),
};

export const contacts = {
  get: (id: string) => http<{ contact: Contact }>("GET", `/api/contacts/${id}`),
  reveal: (id: string, field: string) =>
    http<{ field: string; value: unknown }>("POST", `/api/contacts/${id}/reveal`, { field }),
};

export const assist = {
  suggest: (conversationId: string) =>
    http<{ suggestions: string[] }>("POST", `/api/copilot/${conversationId}/suggest`),
  summary: (conversationId: string) =>
    http<{ summary: string }>("POST", `/api/copilot/${conversationId}/summary`),
  polish: (text: string, mode: "expand" | "polite") =>
    http<{ text: string }>("POST", "/api/copilot/polish", { text, mode }),
  translate: (text: string, to: string) =>
    http<{ text: string; language?: string }>("POST", "/api/translate", { text, to }),
  canned: () => http<{ cannedReplies: CannedReply[] }>("GET", "/api/canned-replies"),
};

export type WhatsAppTemplate = TemplateInfo;
export type { TagRule };
export type TemplatesResult = { templates: WhatsAppTemplate[]; syncedAt: number | null };

export const channels = {
  list: () => http<{ channels: Channel[] }>("GET", "/api/channels"),
  types: () => http<{ types: ChannelTypeInfo[] }>("GET", "/api/channels/types"),
  create: (b: { type: ChannelType; name: string; credentials: Record<string, string> }) =>
    http<{
      channel: Channel;
      webhookUrl: string;
      verifyToken: string;
      eventSecret?: string;
      registration?: { ok: boolean; message?: string };
    }>("POST", "/api/channels", b),
  update: (
    id: string,
    b: { name?: string; status?: "active" | "disabled"; credentials?: Record<string, string> },
  ) => http<{ channel: Channel }>("PATCH", `/api/channels/${id}`, b),
  remove: (id: string) => http<void>("DELETE", `/api/channels/${id}`),
  templates: (id: string) => http<TemplatesResult>("GET", `/api/channels/${id}/templates`),
  syncTemplates: (id: string) =>
    http<TemplatesResult>("POST", `/api/channels/${id}/templates/sync`),
  check: (id: string) => http<{ channel: Channel }>("POST", `/api/channels/${id}/check`),
  rotateEventSecret: (id: string) =>
    http<{ eventSecret: string }>("POST", `/api/channels/${id}/event-secret`),
  test: (id: string, b: { to: string; text: string }) =>
    http<{
      ok: boolean;
      code?: string;
      message?: string;
      externalMessageId?: string;
      retryable?: boolean;
    }>("POST", `/api/channels/${id}/test`, b),
};

export type DocumentFormat = "markdown" | "html" | "text";

export const kb = {
  list: (q: { q?: string; cursor?: string } = {}) =>
    http<{ entries: KbEntry[]; nextCursor: string | null }>("GET", "/api/kb/entries", undefined, {
      query: q,
    }),
  search: (q: string) =>
    http<{ hits: (KbEntry & { score?: number })[] }>("GET", "/api/kb/search", undefined, {
      query: { q },
    }),
  create: (b: KbEntryInput) => http<{ entry: KbEntry }>("POST", "/api/kb/entries", b),
  update: (id: string, b: KbEntryPatch) =>
    http<{ entry: KbEntry }>("PATCH", `/api/kb/entries/${id}`, b),
  get: (id: string) => http<{ entry: KbEntry }>("GET", `/api/kb/entries/${id}`),
  remove: (id: string) => http<void>("DELETE", `/api/kb/entries/${id}`),
  import: (body: string, format: "csv" | "jsonl") =>
    http<{ job: ImportJob }>("POST", "/api/kb/import", undefined, {
      raw: body,
      contentType: format === "csv" ? "text/csv" : "application/x-ndjson",
    }),
  addDocument: (b: { title: string; format: DocumentFormat; content: string; language?: string }) =>
    http<{ document: { id: string; title: string; format: string }; passages: number }>(
      "POST",
      "/api/kb/documents",
      b,
    ),
  importJob: (id: string) => http<{ job: ImportJob }>("GET", `/api/kb/import/${id}`),
  unanswered: () => http<{ questions: UnansweredQuestion[] }>("GET", "/api/kb/unanswered"),
  answer: (id: string, answer: string) =>
    http<{ entry: KbEntry }>("POST", `/api/kb/unanswered/${id}/answer`, { answer }),
  languageGaps: () =>
    http<{
      mainLanguage: string | null;
      mainEntries: number;
      gaps: { language: string; conversations: number; entries: number }[];
      sources: KbEntry[];
    }>("GET", "/api/kb/language-gaps"),
};

export const settings = {
  ai: () => http<{ settings: AiSettings }>("GET", "/api/settings/ai"),
  saveAi: (b: Partial<AiSettings>) => http<{ settings: AiSettings }>("PUT", "/api/settings/ai", b),
  tagRules: () =>
    http<{ rules: TagRule[]; custom: boolean; defaults: TagRule[] }>(
      "GET",
      "/api/settings/ai/tag-rules",
    ),
  tryAi: (b: { message: string; vip?: boolean; country?: string }) =>
    http<TryResult>("POST", "/api/ai/try", b),
  widget: () => http<{ settings: WidgetSettings }>("GET", "/api/settings/widget"),
  saveWidget: (b: WidgetSettings) =>
    http<{ settings: WidgetSettings }>("PUT", "/api/settings/widget", b),
};

type Range = { from: string; to: string };
type DayMetrics = { day: string; metrics: Metrics };

export const analytics = {
  summary: (q: Range) =>
    http<Range & { metrics: Metrics }>("GET", "/api/analytics/summary", undefined, { query: q }),
  breakdown: (q: Range & { dimension: "channel" | "agent" | "language" | "tag" }) =>
    http<Range & { rows: { value: string; metrics: Metrics }[] }>(
      "GET",
      "/api/analytics/breakdown",
      undefined,
      { query: q },
    ),
  timeseries: (q: Range & { dim?: string; value?: string }) =>
    http<Range & { days: DayMetrics[] }>("GET", "/api/analytics/timeseries", undefined, {
      query: q,
    }),
  /** The page's whole picture: totals, plus conversations per day for each channel that had any. */
  async overview(q: Range): Promise<AnalyticsOverview> {
    const [sum, byChannel] = await Promise.all([
      analytics.summary(q),
      analytics.breakdown({ ...q, dimension: "channel" }),
    ]);
    const channels = byChannel.rows.filter((r) => r.metrics.conversations > 0).map((r) => r.value);
    const series = await Promise.all(
      channels.map((value) => analytics.timeseries({ ...q, dim: "channel", value })),
    );
    const perDay = series.flatMap((s, i) =>
      s.days.map((d) => ({ day: d.day, channel: channels[i], count: d.metrics.conversations })),
    );
    return { from: sum.from, to: sum.to, metrics: sum.metrics, perDay };
  },
};
