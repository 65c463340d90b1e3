/**
 * Per-channel broadcast rules, from the platforms' own terms (see docs/broadcasts in the report):
 * - WhatsApp: business-initiated messages only as approved templates, only to opted-in users;
 *   throughput up to 80 msg/s per number and a 24-hour cap on unique recipients by tier
 *   (1,000 for a new number; `channels.config.messagingLimit` raises it).
 * - Messenger / Instagram: standard messaging only inside 24 h of the person's last message.
 * - Telegram: about 30 messages per second per bot; LINE: push API rate limits; email: gentle pacing.
 * - Web widget: cannot reach a shopper who is not on the page, so no broadcasts.
 */
import type { ChannelType } from "../db/schema";

export interface ChannelPolicy {
  broadcastable: boolean;
  /** Upper bound for a broadcast's rate on this channel. */
  maxPerMinute: number;
  requiresTemplate: boolean;
  requiresOptIn: boolean;
  /** Only contacts who wrote within the last 24 hours may be messaged. */
  windowOnly: boolean;
  /** Unique recipients per rolling 24 hours across all broadcasts of the channel, if the platform caps it. */
  dailyCap: number | null;
}

const base = { broadcastable: true, requiresTemplate: false, requiresOptIn: false, windowOnly: false, dailyCap: null };

export const CHANNEL_POLICIES: Record<ChannelType, ChannelPolicy> = {
  whatsapp: { ...base, maxPerMinute: 1200, requiresTemplate: true, requiresOptIn: true, dailyCap: 1000 },
  messenger: { ...base, maxPerMinute: 600, windowOnly: true },
  instagram: { ...base, maxPerMinute: 300, windowOnly: true },
  telegram: { ...base, maxPerMinute: 1500 },
  line: { ...base, maxPerMinute: 1200 },
  email: { ...base, maxPerMinute: 300 },
  widget: { ...base, broadcastable: false, maxPerMinute: 0 },
};

export function dailyCapFor(channelType: ChannelType, config: Record<string, unknown>): number | null {
  const cap = CHANNEL_POLICIES[channelType].dailyCap;
  if (cap === null) return null;
  const custom = config.messagingLimit;
  return typeof custom === "number" && custom > 0 ? custom : cap;
}

interface TemplateInfo {
  name: string;
  language: string;
  status: string;
}

/** Approved templates as synced by the channel (`channels.config.templates`); null if never synced. */
export function approvedTemplates(config: Record<string, unknown>): TemplateInfo[] | null {
  const list = config.templates;
  if (!Array.isArray(list)) return null;
  return list.filter((t): t is TemplateInfo => !!t && typeof t === "object" && typeof t.name === "string" && typeof t.language === "string" && String(t.status).toUpperCase() === "APPROVED");
}
