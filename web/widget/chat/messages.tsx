import { useEffect, useRef } from "preact/hooks";
import type { Message } from "../../../workers/wire/socket";
import type { Draft, PendingMessage } from "../../shared/conversation-log";
import { absoluteUrl } from "./upload";
import { eventText, fill, type Strings } from "./strings";

interface Props {
  /** What sits below the log (the rating card, its thanks): when it changes, the log's end is brought back into view. */
  footer?: string;
  base: string;
  lang: string;
  s: Strings;
  greeting: string;
  /** The assistant's name, for its reply while it is still being written. */
  persona: string | null;
  messages: Message[];
  pending: PendingMessage[];
  drafts: Draft[];
  typing: { from: string; name: string | null } | null;
  agentRead: number;
  online: boolean;
}

const time = (at: number, lang: string) =>
  new Date(at).toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" });

function Images({ base, items }: { base: string; items: Message["attachments"] }) {
  return (
    <>
      {items.map((a) => {
        const url = absoluteUrl(base, a.url);
        return url && a.mimeType.startsWith("image/") ? (
          <img class="ed-img" src={url} alt={a.name} loading="lazy" />
        ) : (
          <span class="ed-file">{a.name}</span>
        );
      })}
    </>
  );
}

function author(m: Message, s: Strings): string {
  if (m.author.type === "ai") return m.author.name || s.assistant;
  return m.author.name || s.agent;
}

export function MessageList(p: Props) {
  const end = useRef<HTMLDivElement>(null);
  const draftLen = p.drafts.reduce((n, d) => n + d.text.length, 0);
  useEffect(() => {
    end.current?.scrollIntoView({ block: "end" });
  }, [p.messages.length, p.pending.length, draftLen, p.typing, p.footer]);

  const visible = p.messages.filter((m) => m.kind !== "note" && !m.deletedAt);
  let lastMine = -1;
  visible.forEach((m, i) => {
    if (m.author.type === "shopper") lastMine = i;
  });

  return (
    <div class="ed-log" role="log" aria-live="polite" aria-relevant="additions">
      <div class="ed-row ed-them">
        <div class="ed-bubble">{p.greeting}</div>
      </div>
      {visible.map((m, i) => {
        // System text (a workflow's welcome, a template) is the shop speaking: a bubble, not a status line.
        if (m.kind === "event") {
          return (
            <p class="ed-event" key={m.id}>
              {eventText(m, p.s)}
            </p>
          );
        }
        const mine = m.author.type === "shopper";
        return (
          <div class={`ed-row ${mine ? "ed-mine" : "ed-them"}`} key={m.id} data-seq={m.seq}>
            {!mine && <span class="ed-name">{author(m, p.s)}</span>}
            <div class="ed-bubble">
              {m.text && <span class="ed-text">{m.text}</span>}
              <Images base={p.base} items={m.attachments} />
            </div>
            <span class="ed-meta">
              {time(m.createdAt, p.lang)}
              {mine && i === lastMine && ` · ${p.agentRead >= m.seq ? p.s.read : p.s.sent}`}
            </span>
          </div>
        );
      })}
      {p.pending.map((m) => (
        <div class="ed-row ed-mine ed-pending" key={m.clientId} data-client-id={m.clientId}>
          <div class="ed-bubble">
            {m.text && <span class="ed-text">{m.text}</span>}
            <Images base={p.base} items={m.attachments} />
          </div>
          <span class="ed-meta">{p.online ? p.s.sending : p.s.offline.split(".")[0]}</span>
        </div>
      ))}
      {p.drafts.map((d) => (
        <div class="ed-row ed-them ed-streaming" key={d.turnId} aria-busy="true">
          <span class="ed-name">{p.persona || p.s.assistant}</span>
          <div class="ed-bubble">
            <span class="ed-text">{d.text}</span>
            <span class="ed-caret" aria-hidden="true" />
          </div>
        </div>
      ))}
      {p.typing && (
        <p class="ed-typing" aria-live="polite">
          {fill(p.s.typing, {
            name: p.typing.name ?? (p.typing.from === "ai" ? p.s.assistant : p.s.agent),
          })}
        </p>
      )}
      <div ref={end} />
    </div>
  );
}
