/**
 * The client's view of one conversation, as a pure reducer over server frames and local sends.
 * Messages are unique by id and by seq (a resume may replay what we already have); a local
 * message waiting for its echo is unique by clientId and disappears when the echo arrives.
 */
import type {
  Attachment,
  ConversationState,
  Message,
  ServerFrame,
  SocketRole,
} from "../../workers/wire/socket";

export interface PendingMessage {
  clientId: string;
  text: string;
  attachments: Attachment[];
  note?: boolean;
  original?: string;
  createdAt: number;
}

export interface Draft {
  turnId: string;
  text: string;
  /** Set by ai_done: the draft stays until that message is in the log, so nothing flickers. */
  messageId: string | null;
  done: boolean;
}

export interface LogState {
  messages: Message[];
  pending: PendingMessage[];
  drafts: Draft[];
  lastSeq: number;
  conversation: ConversationState | null;
  typing: { from: string; name: string | null } | null;
  /** Highest seq the other side has read. */
  readBy: Partial<Record<SocketRole, number>>;
}

export const emptyLog = (): LogState => ({
  messages: [],
  pending: [],
  drafts: [],
  lastSeq: 0,
  conversation: null,
  typing: null,
  readBy: {},
});

export type LogEvent =
  | { type: "frame"; frame: ServerFrame }
  | { type: "queued"; item: PendingMessage }
  | { type: "history"; messages: Message[] }
  | { type: "reset" };

export function insertMessage(list: Message[], m: Message): Message[] {
  const i = list.findIndex((x) => x.id === m.id || x.seq === m.seq);
  if (i >= 0) {
    const next = list.slice();
    next[i] = m;
    return next;
  }
  const next = list.concat(m);
  // Frames arrive in order almost always; sort only when one did not.
  if (list.length && list[list.length - 1].seq > m.seq) next.sort((a, b) => a.seq - b.seq);
  return next;
}

function withMessage(state: LogState, m: Message, turnId?: string): LogState {
  const messages = insertMessage(state.messages, m);
  const pending = m.clientId
    ? state.pending.filter((p) => p.clientId !== m.clientId)
    : state.pending;
  // A streamed draft gives way to its stored message.
  const drafts = state.drafts.filter(
    (d) => d.turnId !== turnId && !(d.done && d.messageId === m.id),
  );
  const typing =
    m.author.type !== "shopper" && state.typing?.from === m.author.type ? null : state.typing;
  return { ...state, messages, pending, drafts, typing, lastSeq: Math.max(state.lastSeq, m.seq) };
}

export function applyFrame(state: LogState, f: ServerFrame): LogState {
  switch (f.type) {
    case "ready":
      return { ...state, conversation: f.conversation };
    case "message":
      return withMessage(state, f.message, f.turnId);
    case "message_update":
      return withMessage(state, f.message);
    case "ai_token": {
      const d = state.drafts.find((x) => x.turnId === f.turnId);
      const drafts = d
        ? state.drafts.map((x) => (x === d ? { ...x, text: x.text + f.token } : x))
        : state.drafts.concat({ turnId: f.turnId, text: f.token, messageId: null, done: false });
      return { ...state, drafts, typing: null };
    }
    case "ai_done": {
      const stored = f.messageId !== null && state.messages.some((m) => m.id === f.messageId);
      const drafts =
        stored || f.messageId === null
          ? state.drafts.filter((d) => d.turnId !== f.turnId)
          : state.drafts.map((d) =>
              d.turnId === f.turnId ? { ...d, done: true, messageId: f.messageId } : d,
            );
      return { ...state, drafts };
    }
    case "ai_cancelled":
      return { ...state, drafts: state.drafts.filter((d) => d.turnId !== f.turnId) };
    case "typing":
      return { ...state, typing: f.on ? { from: f.from, name: f.name } : null };
    case "read":
      return {
        ...state,
        readBy: { ...state.readBy, [f.by]: Math.max(state.readBy[f.by] ?? 0, f.seq) },
      };
    case "state":
      return { ...state, conversation: f.conversation };
    default:
      return state;
  }
}

export function logReducer(state: LogState, e: LogEvent): LogState {
  switch (e.type) {
    case "frame":
      return applyFrame(state, e.frame);
    case "queued":
      if (
        state.pending.some((p) => p.clientId === e.item.clientId) ||
        state.messages.some((m) => m.clientId === e.item.clientId)
      )
        return state;
      return { ...state, pending: state.pending.concat(e.item) };
    case "history":
      return e.messages.reduce((s, m) => withMessage(s, m), state);
    case "reset":
      return emptyLog();
  }
}

/** A client id for a message: random, URL-safe and long enough that two sends never collide. */
export function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let s = "c";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}
