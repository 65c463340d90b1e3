/**
 * The shopper's live conversation: the socket, the reducer over its frames, the persisted outbox,
 * typing and read receipts. Everything the chat's components need comes out of this hook.
 */
import { useCallback, useEffect, useReducer, useRef, useState } from "preact/hooks";
import type { Attachment, ClientFrame, Message, ServerFrame } from "../../../workers/wire/socket";
import type { z } from "zod";
import { emptyLog, logReducer, newClientId } from "../../shared/conversation-log";
import type { LinkStatus, LiveSocket } from "../../shared/live-socket";
import { Outbox, safeLocalStorage } from "../../shared/outbox";
import type { ChatHost, WidgetSession } from "../contract";
import { widgetSocket } from "./widget-socket";

type OutFrame = z.input<typeof ClientFrame>;
const TYPING_IDLE_MS = 4000;

export function useConversation(host: ChatHost, session: WidgetSession, visible: boolean) {
  const [log, dispatch] = useReducer(logReducer, undefined, emptyLog);
  const [link, setLink] = useState<LinkStatus>("connecting");
  const [error, setError] = useState<string | null>(null);
  const sock = useRef<LiveSocket<ServerFrame> | null>(null);
  const outbox = useRef<Outbox | null>(null);
  const lastSeq = useRef(0);
  const readSent = useRef(0);
  const typingUntil = useRef(0);
  const typingTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    const token = session.visitorToken;
    const box = new Outbox(
      safeLocalStorage(),
      `edgedesk:${host.publicKey}:outbox:${token.slice(-24)}`,
    );
    outbox.current = box;
    lastSeq.current = 0;
    readSent.current = 0;
    dispatch({ type: "reset" });
    for (const item of box.items()) dispatch({ type: "queued", item });
    // Messages up to the first `ready` are history; only later ones are news for on("message").
    let liveFrom = Number.POSITIVE_INFINITY;
    const ws = widgetSocket({
      url: () =>
        `${host.base.replace(/^http/, "ws")}/ws/widget?token=${encodeURIComponent(token)}&after=${lastSeq.current}`,
      onFrame(f) {
        if (f.type === "ready" && liveFrom === Number.POSITIVE_INFINITY) liveFrom = f.lastSeq;
        if (f.type === "message") {
          lastSeq.current = Math.max(lastSeq.current, f.message.seq);
          if (f.message.clientId) box.ack(f.message.clientId);
          if (f.message.seq > liveFrom) host.emit("message", f.message);
        }
        if (f.type === "error") setError(f.message);
        dispatch({ type: "frame", frame: f });
      },
      onOpen() {
        setError(null);
        for (const item of box.items())
          ws.send({
            type: "message",
            clientId: item.clientId,
            text: item.text,
            attachments: item.attachments,
          } satisfies OutFrame);
      },
      onStatus: setLink,
      onFatal: (_code, reason) => setError(reason || "The chat session ended."),
    });
    sock.current = ws;
    ws.start();
    return () => ws.stop();
  }, [session.visitorToken]);

  const send = useCallback((text: string, attachments: Attachment[] = []) => {
    const item = { clientId: newClientId(), text, attachments, createdAt: Date.now() };
    outbox.current?.add(item);
    dispatch({ type: "queued", item });
    sock.current?.send({
      type: "message",
      clientId: item.clientId,
      text,
      attachments,
    } satisfies OutFrame);
    if (typingUntil.current) {
      typingUntil.current = 0;
      sock.current?.send({ type: "typing", on: false } satisfies OutFrame);
    }
  }, []);

  /** Typing on at the first key, off after a pause; never more than one frame per pause. */
  const typed = useCallback(() => {
    const now = Date.now();
    if (!typingUntil.current) sock.current?.send({ type: "typing", on: true } satisfies OutFrame);
    typingUntil.current = now + TYPING_IDLE_MS;
    clearTimeout(typingTimer.current);
    typingTimer.current = setTimeout(() => {
      typingUntil.current = 0;
      sock.current?.send({ type: "typing", on: false } satisfies OutFrame);
    }, TYPING_IDLE_MS);
  }, []);

  const frame = useCallback((f: OutFrame) => sock.current?.send(f) ?? false, []);

  // Read receipts: only while the panel is visible and the tab is in front.
  const othersSeq = lastOthersSeq(log.messages);
  useEffect(() => {
    if (
      visible &&
      link === "open" &&
      othersSeq > readSent.current &&
      document.visibilityState === "visible"
    ) {
      if (sock.current?.send({ type: "read", seq: othersSeq } satisfies OutFrame))
        readSent.current = othersSeq;
    }
    host.emit(
      "unread",
      visible
        ? 0
        : log.messages.filter(
            (m) => m.seq > readSent.current && m.author.type !== "shopper" && m.kind !== "event",
          ).length,
    );
  }, [visible, link, othersSeq]);

  return { log, link, error, send, typed, frame };
}

function lastOthersSeq(messages: Message[]): number {
  for (let i = messages.length - 1; i >= 0; i--)
    if (messages[i].author.type !== "shopper") return messages[i].seq;
  return 0;
}
