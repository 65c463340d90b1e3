/**
 * Socket plumbing for ConversationDO: who a socket is (kept in its attachment, so it survives
 * hibernation), what each role may see, per-socket flood control and frame parsing.
 */
import {
  ClientFrame,
  type Attachment,
  type Message,
  type ServerFrame,
  type SocketRole,
} from "../../workers/wire/socket";
import type { SocketIdentity } from "../../workers/wire/socket-identity";

/** Larger text frames are refused outright (1009); message text has its own, smaller limit. */
export const MAX_FRAME_BYTES = 16 * 1024;
/** Token bucket per socket: bursts of 30 frames, 10 frames a second sustained. */
const BUCKET_SIZE = 30;
const REFILL_PER_SEC = 10;
/**
 * Messages a conversation takes from its shopper, whatever number of sockets they send from: one
 * bucket per conversation, kept in storage, bursts of 10 and one a second sustained.
 */
export const SHOPPER_MESSAGES = { burst: 10, perSecond: 1 } as const;
/** Malformed frames tolerated before the socket is closed. */
const MAX_STRIKES = 3;

export const CLOSE_POLICY = 1008;
export const CLOSE_TOO_BIG = 1009;

export interface SocketAttachment extends SocketIdentity {
  connectedAt: number;
  tokens: number;
  refilledAt: number;
  strikes: number;
}

export function newAttachment(id: SocketIdentity, now: number): SocketAttachment {
  return { ...id, connectedAt: now, tokens: BUCKET_SIZE, refilledAt: now, strikes: 0 };
}

/** A signed-in teammate's socket: its access is checked on every frame and closed when it changes. */
export function personOf(id: SocketIdentity): string | null {
  return id.role !== "shopper" && id.userId && !id.apiKey ? id.userId : null;
}

/** Hibernation tag of a teammate's sockets in this conversation. */
export const userTag = (userId: string): string => `u:${userId}`;

export function attachmentOf(ws: WebSocket): SocketAttachment | null {
  return (ws.deserializeAttachment() as SocketAttachment | null) ?? null;
}

export interface Bucket {
  tokens: number;
  refilledAt: number;
}

/** Spends one token of a token bucket (refilled for the time since it was last used); false when empty. */
export function spend(b: Bucket, now: number, size: number, perSecond: number): boolean {
  b.tokens = Math.min(size, b.tokens + ((now - b.refilledAt) / 1000) * perSecond);
  b.refilledAt = now;
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

/** Spends one token; false when the socket is flooding. */
export function takeToken(att: SocketAttachment, now: number): boolean {
  return spend(att, now, BUCKET_SIZE, REFILL_PER_SEC);
}

export type ParsedFrame =
  | { ok: true; frame: ClientFrame }
  | {
      ok: false;
      close?: { code: number; reason: string };
      error?: { code: string; message: string };
      strike: boolean;
    };

/** Turns raw socket data into a typed frame, or says how to answer it. */
export function parseFrame(data: string | ArrayBuffer): ParsedFrame {
  if (typeof data !== "string")
    return {
      ok: false,
      close: { code: CLOSE_POLICY, reason: "binary frames are not accepted" },
      strike: true,
    };
  if (data.length > MAX_FRAME_BYTES)
    return {
      ok: false,
      close: { code: CLOSE_TOO_BIG, reason: `frames are limited to ${MAX_FRAME_BYTES} bytes` },
      strike: true,
    };
  let raw: unknown;
  try {
    raw = JSON.parse(data);
  } catch {
    return {
      ok: false,
      error: { code: "INVALID_JSON", message: "Frames are JSON objects." },
      strike: true,
    };
  }
  const parsed = ClientFrame.safeParse(raw);
  if (parsed.success) return { ok: true, frame: parsed.data };
  const tooLong = parsed.error.issues.some((i) => i.code === "too_big" && i.path[0] === "text");
  if (tooLong)
    return {
      ok: false,
      error: {
        code: "PAYLOAD_TOO_LARGE",
        message: "The message is too long (4000 characters at most).",
      },
      strike: false,
    };
  return {
    ok: false,
    error: {
      code: "VALIDATION_FAILED",
      message: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
    },
    strike: true,
  };
}

export function strike(att: SocketAttachment): boolean {
  att.strikes += 1;
  return att.strikes >= MAX_STRIKES;
}

/**
 * Attachments a client names in a message must be media uploaded to this conversation (the upload
 * routes store them under its prefix); links and errors are the server's to set, never the client's.
 */
export function clientAttachments(
  list: Attachment[],
  prefix: string,
): { ok: true; value: Attachment[] } | { ok: false; code: "VALIDATION_FAILED"; message: string } {
  const foreign = list.find((a) => !a.key.startsWith(prefix) || a.key.includes(".."));
  if (foreign)
    return {
      ok: false,
      code: "VALIDATION_FAILED",
      message: "Attachments must be uploaded to this conversation first.",
    };
  return { ok: true, value: list.map(({ url: _url, error: _error, ...a }) => a) };
}

/** Shoppers never see notes, internal system lines, edit history or who sent what internally. */
export function visibleTo(role: SocketRole, m: Message): Message | null {
  if (role !== "shopper") return m;
  if (m.kind === "note" || m.meta.internal === true) return null;
  // Status lines keep what the widget needs to say them in the shopper's language.
  const status =
    m.kind === "event" && m.meta.event === "status"
      ? {
          event: "status",
          to: m.meta.to,
          ...(typeof m.meta.assignee === "string" ? { assignee: m.meta.assignee } : {}),
        }
      : {};
  return { ...m, text: m.deletedAt ? "" : m.text, history: [], meta: status };
}

export function send(ws: WebSocket, frame: ServerFrame): void {
  try {
    ws.send(JSON.stringify(frame));
  } catch {
    // The peer is gone; its close event cleans up.
  }
}
