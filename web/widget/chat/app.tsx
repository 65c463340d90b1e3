import { useEffect, useRef, useState } from "preact/hooks";
import type { Message } from "../../../workers/wire/socket";
import type { ChatHost, WidgetSession } from "../contract";
import { localized, pickLanguage } from "../languages";
import { Composer, Icon } from "./composer";
import { MessageList } from "./messages";
import { Rating } from "./rating";
import { fill, stringsFor } from "./strings";
import { uploadImage } from "./upload";
import { useConversation } from "./use-conversation";

/** What the loader changes after mount: visibility and (after identify) the session. */
export interface ChatBus {
  visible: boolean;
  session: WidgetSession;
  notify(): void;
  subscribe(fn: () => void): () => void;
}

const CLOSE =
  "M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z";

function quickReplies(messages: Message[], fallback: string[] | undefined): string[] {
  const last = messages[messages.length - 1];
  if (!last) return fallback ?? [];
  const q = last.author.type !== "shopper" ? last.meta.quickReplies : undefined;
  return Array.isArray(q) ? q.filter((x): x is string => typeof x === "string").slice(0, 6) : [];
}

export function ChatApp({
  host,
  bus,
  inputRef,
}: {
  host: ChatHost;
  bus: ChatBus;
  inputRef: { current: HTMLTextAreaElement | null };
}) {
  const [session, setSession] = useState(bus.session);
  const [visible, setVisible] = useState(bus.visible);
  const [askedHuman, setAskedHuman] = useState(false);
  const [rated, setRated] = useState(false);
  useEffect(() => {
    const sync = () => {
      setSession(bus.session);
      setVisible(bus.visible);
    };
    const off = bus.subscribe(sync);
    // The loader may have called shown() between the first render and this effect.
    sync();
    return off;
  }, []);
  const lang = pickLanguage([host.language]);
  const cfg = session.config;
  // The merchant's wording of the status lines (in the shopper's language) replaces the built-in one.
  const s = { ...stringsFor(lang), ...cfg.statusLines };
  const { log, link, error, send, typed, frame } = useConversation(host, session, visible);
  const conv = log.conversation;
  // Once a person is involved the request is answered; after a hand-back the shopper may ask again.
  useEffect(() => {
    if (conv?.status === "waiting" || conv?.status === "assigned") setAskedHuman(false);
    // A reopened conversation can be rated again when it is resolved the next time.
    if (conv?.status !== "resolved") setRated(false);
  }, [conv?.status]);
  const online = link === "open";
  // A short grace period keeps the banner from flashing on every quick reconnect.
  const [showBanner, setShowBanner] = useState(false);
  useEffect(() => {
    if (online) return setShowBanner(false);
    const t = setTimeout(() => setShowBanner(true), 1200);
    return () => clearTimeout(t);
  }, [online]);
  // The log's status line already says "waiting"; the header adds only what the line cannot: the place in the queue.
  const status =
    conv?.status === "waiting"
      ? conv.queuePosition
        ? fill(s.queuePosition, { position: conv.queuePosition })
        : null
      : conv?.status === "assigned" && conv.assignee
        ? fill(s.chattingWith, { name: conv.assignee.name })
        : null;
  const replies = quickReplies(log.messages, cfg.quickReplies);
  const resolved = conv?.status === "resolved";
  const canAskHuman =
    !resolved &&
    conv?.status !== "waiting" &&
    conv?.status !== "assigned" &&
    log.messages.length > 0;

  return (
    <div class="ed-chat">
      <header class="ed-head">
        {cfg.logoUrl && <img class="ed-logo" src={cfg.logoUrl} alt="" />}
        <div class="ed-titles">
          <h2 class="ed-title">{cfg.title || s.title}</h2>
          {status && (
            <p class="ed-status" role="status">
              {status}
            </p>
          )}
        </div>
        <button
          type="button"
          class="ed-iconbtn ed-close"
          aria-label={s.close}
          title={s.close}
          onClick={() => host.close()}
        >
          <Icon d={CLOSE} />
        </button>
      </header>
      {showBanner && (
        <p class="ed-banner" role="alert">
          {navigator.onLine ? s.reconnecting : s.offline}
        </p>
      )}
      {error && (
        <p class="ed-banner ed-error" role="alert">
          {fill(s.failed, { name: error })}
        </p>
      )}
      <MessageList
        footer={resolved && !conv?.rating && !rated ? "rating" : rated ? "thanks" : ""}
        base={host.base}
        lang={lang}
        s={s}
        greeting={localized(cfg.greeting, lang) ?? s.greeting}
        persona={cfg.persona ?? null}
        messages={log.messages}
        pending={log.pending}
        drafts={log.drafts}
        typing={log.typing}
        agentRead={Math.max(log.readBy.agent ?? 0, log.readBy.supervisor ?? 0)}
        online={online}
      />
      {resolved && !conv?.rating && !rated && (
        <Rating
          s={s}
          onRate={(score, comment) => {
            const sent = frame({ type: "rating", score, comment: comment || undefined });
            if (sent) setRated(true);
            return sent;
          }}
        />
      )}
      {rated && (
        <p class="ed-thanks" role="status">
          {s.rateThanks}
        </p>
      )}
      {replies.length > 0 && !resolved && (
        <div class="ed-quick" role="group" aria-label={s.suggestions}>
          {replies.map((r) => (
            <button type="button" class="ed-chip" key={r} onClick={() => send(r)}>
              {r}
            </button>
          ))}
        </div>
      )}
      {canAskHuman && (
        <div class="ed-human">
          <button
            type="button"
            class="ed-link"
            disabled={!online || askedHuman}
            onClick={() => {
              if (frame({ type: "handover_request" })) setAskedHuman(true);
            }}
          >
            {askedHuman ? s.humanAsked : s.human}
          </button>
        </div>
      )}
      <Composer
        s={s}
        inputRef={inputRef}
        onSend={send}
        onTyping={typed}
        upload={(f) => uploadImage(host.base, session.visitorToken, f)}
      />
    </div>
  );
}
