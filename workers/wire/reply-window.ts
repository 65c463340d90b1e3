/** The platforms' 24-hour reply window (WhatsApp, Messenger, Instagram): free-form replies only while open. */
import type { ChannelType } from "../db/schema";

/** Channels whose platforms only allow free-form replies within 24 h of the contact's last message. */
const WINDOWED: ReadonlySet<string> = new Set<ChannelType>(["whatsapp", "messenger", "instagram"]);
export const REPLY_WINDOW_MS = 24 * 3600_000;

/** The platform's reply window for windowed channels (null elsewhere): free-form text only while open. */
export function replyWindow(s: { channelType: string; lastInboundAt: number | null }, now: number): { open: boolean; closesAt: number | null } | null {
  if (!WINDOWED.has(s.channelType)) return null;
  const closesAt = s.lastInboundAt === null ? null : s.lastInboundAt + REPLY_WINDOW_MS;
  return { open: closesAt !== null && now < closesAt, closesAt };
}
