/**
 * One conversation as an agent sees it: its detail (REST), its latest messages (REST), then live
 * frames from /ws/conversations/:id?after=<seq>; replies go out over the socket with a clientId and
 * wait in an outbox until echoed, exactly like the widget's.
 */
import { useCallback, useEffect, useReducer, useRef, useState } from "preact/hooks";
import type { z } from "zod";
import {
  type Attachment,
  type ClientFrame,
  type ConversationState,
  ServerFrame,
} from "../../workers/wire/socket";
import { conversations } from "../shared/api";
import type { ConversationDetail } from "../shared/api-types";
import { emptyLog, logReducer, newClientId } from "../shared/conversation-log";
import { LiveSocket, type LinkStatus } from "../shared/live-socket";
import { Outbox } from "../shared/outbox";

type OutFrame = z.input<typeof ClientFrame>;
const PAGE = 50;

function withState(d: ConversationDetail | null, s: ConversationState): ConversationDetail | null {
  if (!d || d.id !== s.id) return d;
  return {
    ...d,
    status: s.status,
    assigneeId: s.assignee?.id ?? null,
    language: s.language ?? d.language,
  };
}

function sessionStore() {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export function useAgentConversation(id: string | null, canWrite: boolean) {
  const [log, dispatch] = useReducer(logReducer, undefined, emptyLog);
  const [detail, setDetail] = useState<ConversationDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [link, setLink] = useState<LinkStatus>("connecting");
  const [hasOlder, setHasOlder] = useState(false);
  const sock = useRef<LiveSocket<ServerFrame> | null>(null);
  const outbox = useRef<Outbox | null>(null);
  const readSent = useRef(0);

  useEffect(() => {
    dispatch({ type: "reset" });
    setDetail(null);
    setError(null);
    readSent.current = 0;
    if (!id) return;
    let cancelled = false;
    let lastSeq = 0;
    const box = new Outbox(sessionStore(), `edgedesk:agent-outbox:${id}`);
    outbox.current = box;
    const start = async () => {
      const [d, m] = await Promise.all([
        conversations.get(id),
        conversations.messages(id, { limit: PAGE }),
      ]);
      if (cancelled) return;
      setDetail(d.conversation);
      dispatch({ type: "history", messages: m.messages });
      setHasOlder(m.messages.length >= PAGE);
      lastSeq = m.messages.reduce((n, x) => Math.max(n, x.seq), 0);
      for (const item of box.items()) dispatch({ type: "queued", item });
      const ws = new LiveSocket<ServerFrame>({
        url: () =>
          `${location.origin.replace(/^http/, "ws")}/ws/conversations/${encodeURIComponent(id)}?after=${lastSeq}`,
        schema: ServerFrame,
        onFrame(f) {
          if (f.type === "message" || f.type === "message_update") {
            lastSeq = Math.max(lastSeq, f.message.seq);
            if (f.message.clientId) box.ack(f.message.clientId);
          }
          if (f.type === "state" || f.type === "ready")
            setDetail((cur) => withState(cur, f.conversation));
          // A new handover carries a new reason and summary, which only the REST detail holds (agents only).
          if (f.type === "state" && f.conversation.status === "waiting") {
            conversations.get(id).then(
              (r) =>
                !cancelled &&
                setDetail((cur) =>
                  cur && cur.id === id ? { ...cur, handover: r.conversation.handover } : cur,
                ),
              () => undefined,
            );
          }
          if (f.type === "error") setError(new Error(f.message));
          dispatch({ type: "frame", frame: f });
        },
        onOpen() {
          for (const i of box.items())
            ws.send({
              type: "message",
              clientId: i.clientId,
              text: i.text,
              attachments: i.attachments,
              note: i.note ?? false,
              original: i.original,
            } satisfies OutFrame);
        },
        onStatus: setLink,
      });
      sock.current = ws;
      ws.start();
    };
    start().catch((e: unknown) => !cancelled && setError(e));
    return () => {
      cancelled = true;
      sock.current?.stop();
      sock.current = null;
    };
  }, [id]);

  const send = useCallback(
    (
      text: string,
      opts: { note?: boolean; original?: string; attachments?: Attachment[] } = {},
    ) => {
      const attachments = opts.attachments ?? [];
      const item = {
        clientId: newClientId(),
        text,
        attachments,
        note: opts.note,
        original: opts.original,
        createdAt: Date.now(),
      };
      outbox.current?.add(item);
      dispatch({ type: "queued", item });
      sock.current?.send({
        type: "message",
        clientId: item.clientId,
        text,
        attachments,
        note: opts.note ?? false,
        original: opts.original,
      } satisfies OutFrame);
    },
    [],
  );

  const typing = useCallback(
    (on: boolean) => sock.current?.send({ type: "typing", on } satisfies OutFrame),
    [],
  );

  // Tell the shopper we read their latest message while this conversation is on screen.
  const shopperSeq = log.messages.reduce(
    (n, m) => (m.author.type === "shopper" ? Math.max(n, m.seq) : n),
    0,
  );
  useEffect(() => {
    if (
      !canWrite ||
      link !== "open" ||
      shopperSeq <= readSent.current ||
      document.visibilityState !== "visible"
    )
      return;
    if (sock.current?.send({ type: "read", seq: shopperSeq } satisfies OutFrame))
      readSent.current = shopperSeq;
  }, [shopperSeq, link, canWrite]);

  const loadOlder = useCallback(async () => {
    if (!id || !log.messages.length) return;
    const r = await conversations.messages(id, { before: log.messages[0].seq, limit: PAGE });
    dispatch({ type: "history", messages: r.messages });
    setHasOlder(r.messages.length >= PAGE);
  }, [id, log.messages]);

  const reloadDetail = useCallback(async () => {
    if (!id) return;
    setDetail((await conversations.get(id)).conversation);
  }, [id]);

  return { log, detail, setDetail, error, link, hasOlder, send, typing, loadOlder, reloadDetail };
}
