/**
 * Per-channel broadcast rules, from the platforms' own terms: each channel adapter's `broadcast`
 * policy (workers/channels/*), with defaults filled in. A channel without one takes no broadcasts
 * (the web widget cannot reach a shopper who is not on the page).
 */
import type { BroadcastPolicy } from "../channels/adapter";
import { adapterFor } from "../channels/registry";
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

const NONE: ChannelPolicy = {
  broadcastable: false,
  maxPerMinute: 0,
  requiresTemplate: false,
  requiresOptIn: false,
  windowOnly: false,
  dailyCap: null,
};

const policyOf = (p: BroadcastPolicy): ChannelPolicy => ({
  broadcastable: true,
  maxPerMinute: p.maxPerMinute,
  requiresTemplate: p.requiresTemplate ?? false,
  requiresOptIn: p.requiresOptIn ?? false,
  windowOnly: p.windowOnly ?? false,
  dailyCap: p.dailyCap ?? null,
});

/** The broadcast rules of a channel type. */
export function channelPolicy(channelType: ChannelType): ChannelPolicy {
  const p = adapterFor(channelType)?.broadcast;
  return p ? policyOf(p) : NONE;
}

export function dailyCapFor(
  channelType: ChannelType,
  config: Record<string, unknown>,
): number | null {
  const cap = channelPolicy(channelType).dailyCap;
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
  return list.filter(
    (t): t is TemplateInfo =>
      !!t &&
      typeof t === "object" &&
      typeof t.name === "string" &&
      typeof t.language === "string" &&
      String(t.status).toUpperCase() === "APPROVED",
  );
}
