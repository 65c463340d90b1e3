/**
 * The platforms' 24-hour reply window (WhatsApp, Messenger, Instagram): free-form messages only within
 * 24 hours of the contact's last inbound message; afterwards only approved templates (WhatsApp) or nothing.
 * The one place this business rule lives: broadcasts, workflow timers and the conversation list read it.
 */
export const WINDOWED_CHANNELS = ["whatsapp", "messenger", "instagram"] as const;
export const REPLY_WINDOW_MS = 24 * 3600_000;

export interface ReplyWindow {
  open: boolean;
  /** When free-form replies stop; null before the contact has written at all. */
  closesAt: number | null;
}

export function isWindowedChannel(channelType: string): boolean {
  return (WINDOWED_CHANNELS as readonly string[]).includes(channelType);
}

/** The window after `lastInboundAt`, whatever the channel. */
export function windowAfter(lastInboundAt: number | null | undefined, now: number): ReplyWindow {
  if (lastInboundAt === null || lastInboundAt === undefined) return { open: false, closesAt: null };
  const closesAt = lastInboundAt + REPLY_WINDOW_MS;
  return { open: now < closesAt, closesAt };
}

/** The reply window of a conversation on a windowed channel; null on channels without one. */
export function replyWindow(
  channelType: string,
  lastInboundAt: number | null | undefined,
  now: number,
): ReplyWindow | null {
  return isWindowedChannel(channelType) ? windowAfter(lastInboundAt, now) : null;
}
