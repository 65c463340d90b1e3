/**
 * The platforms' 24-hour reply window (WhatsApp, Messenger, Instagram): an hour before it closes the
 * agents get a warning line, so they can answer in time or plan a template. One warning per inbound
 * message that opened the window.
 */
import { replyWindow } from "../../workers/lib/reply-window";
import type { Conversation } from "./conversation-core";
import type { ConvState } from "./state";
import type { ConversationStore } from "./store";

export const WARN_BEFORE_MS = 3600_000;
const WARNED_KEY = "window_warned";

/**
 * When the warning timer should fire: a time, null to clear it (not windowed, already warned for this
 * window, or closed), or undefined when nothing changed since it was last armed.
 */
export function windowTimerAt(
  store: ConversationStore,
  s: ConvState,
  now: number,
): number | null | undefined {
  const window = replyWindow(s.channelType, s.lastInboundAt, now);
  if (!window || window.closesAt === null) return null;
  const armed = store.kv("window_armed");
  if (armed === String(window.closesAt)) return undefined;
  store.setKv("window_armed", String(window.closesAt));
  if (!window.open || store.kv(WARNED_KEY) === String(window.closesAt)) return null;
  return Math.max(now, window.closesAt - WARN_BEFORE_MS);
}

/** Appends the agents-only warning when the window is still open and closes within the hour. */
export function warnWindowClosing(c: Conversation, store: ConversationStore, now: number): boolean {
  const window = replyWindow(c.s.channelType, c.s.lastInboundAt, now);
  if (!window?.open || window.closesAt === null || window.closesAt - now > WARN_BEFORE_MS + 60_000)
    return false;
  if (store.kv(WARNED_KEY) === String(window.closesAt)) return false;
  store.setKv(WARNED_KEY, String(window.closesAt));
  const minutes = Math.max(1, Math.round((window.closesAt - now) / 60_000));
  c.append({
    authorType: "system",
    authorId: null,
    authorName: null,
    kind: "event",
    text: `The 24-hour reply window closes in ${minutes} minutes; after that only approved templates can be sent.`,
    meta: { event: "window_closing", closesAt: window.closesAt, internal: true },
  });
  return true;
}
