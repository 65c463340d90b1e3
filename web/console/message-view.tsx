import { useEffect, useState } from "preact/hooks";
import { conversations, kb, type KnowledgeDraft } from "../shared/api";
import type { Message } from "../shared/api-types";
import type { RouteUse } from "../../workers/wire/ai-turn";
import type { Draft, PendingMessage } from "../shared/conversation-log";
import { ErrorNote, formatDate, useAction } from "../shared/ui";

/** The stage agent that wrote an AI message and why it was chosen (`meta.agent`, set by the AI turn). */
function agentOf(m: Message): { name: string; reason: string } | null {
  const a = m.meta.agent as { name?: unknown; reason?: unknown } | undefined;
  return a && typeof a.name === "string"
    ? { name: a.name, reason: typeof a.reason === "string" ? a.reason : "" }
    : null;
}

function authorLabel(m: Message, contactName: string): string {
  switch (m.author.type) {
    case "shopper":
      return contactName;
    case "ai":
      return agentOf(m) ? `AI · ${agentOf(m)?.name}` : m.author.name || "AI assistant";
    case "agent":
      return m.author.name || "Agent";
    default:
      return "System";
  }
}

/** Knowledge entries by id, fetched once per console session: a citation shows the entry's question. */
const entryTitles = new Map<string, Promise<string | null>>();

function entryTitle(id: string): Promise<string | null> {
  let p = entryTitles.get(id);
  if (!p) {
    p = kb.get(id).then(
      (r) => r.entry.question,
      () => null,
    );
    entryTitles.set(id, p);
  }
  return p;
}

function Citation({ id }: { id: string }) {
  const [title, setTitle] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    if (id.startsWith("kb_")) void entryTitle(id).then((t) => live && setTitle(t));
    return () => {
      live = false;
    };
  }, [id]);
  if (!id.startsWith("kb_")) return <span>{id}</span>;
  if (title === undefined) return <span title={id}>…</span>;
  return (
    <span title={id}>
      {title === null
        ? `${id} (no longer in the knowledge base)`
        : `“${title.length > 80 ? `${title.slice(0, 79)}…` : title}”`}
    </span>
  );
}

/** Why a platform's media is not here, in words an agent can act on. */
const MEDIA_ERRORS: Record<string, string> = {
  MEDIA_TOO_LARGE: "too large to store",
  MEDIA_TYPE_NOT_ALLOWED: "file type not accepted",
  MEDIA_NOT_FOUND: "no longer on the platform",
  MEDIA_UNAVAILABLE: "the platform would not hand it over",
};

function Attachments({ m }: { m: Message }) {
  if (!m.attachments.length) return null;
  return (
    <div class="attachments">
      {m.attachments.map((a) =>
        a.url && a.mimeType.startsWith("image/") ? (
          <a href={a.url} target="_blank" rel="noopener" key={a.key}>
            <img src={a.url} alt={a.name} loading="lazy" />
          </a>
        ) : a.url ? (
          <a href={a.url} target="_blank" rel="noopener" key={a.key} class="file">
            {a.name} ({Math.ceil(a.size / 1024)} KB)
          </a>
        ) : (
          <span key={a.key} class="file muted" title={a.error ?? undefined}>
            {a.name} ({a.error ? (MEDIA_ERRORS[a.error] ?? "not available") : "not stored"})
          </span>
        ),
      )}
    </div>
  );
}

/** Original and translation side by side when translation is on and there is one. */
function Body({ m, translate, extra }: { m: Message; translate: boolean; extra?: string }) {
  const translated = m.translation?.text ?? extra;
  if (!translate || !translated || translated === m.text) return <p class="msg-text">{m.text}</p>;
  return (
    <div class="msg-translated">
      <div>
        <span class="msg-lang">{m.language ?? "original"}</span>
        <p class="msg-text" lang={m.language ?? undefined}>
          {m.text}
        </p>
      </div>
      <div>
        <span class="msg-lang">{m.translation?.language ?? "translated"}</span>
        <p class="msg-text">{translated}</p>
      </div>
    </div>
  );
}

/** This reply as a knowledge entry: an editor prefilled with the question it most likely answered, then saved. */
/** A reply the platform never took: send it again. The socket's update shows it pending, then sent (or failed again). */
function RetrySend({ m }: { m: Message }) {
  const retry = useAction(async () => {
    await conversations.retryDelivery(m.conversationId, m.id);
  });
  return (
    <>
      <button
        type="button"
        class="btn btn-small btn-secondary msg-retry"
        disabled={retry.busy}
        onClick={() => void retry.run()}
      >
        Retry
      </button>
      <ErrorNote error={retry.error} />
    </>
  );
}

function SaveToKnowledge({ m }: { m: Message }) {
  const [saved, setSaved] = useState<string | null>(null);
  const [draft, setDraft] = useState<KnowledgeDraft | null>(null);
  const open = useAction(async () =>
    setDraft((await conversations.knowledgeDraft(m.conversationId, m.id)).draft),
  );
  const save = useAction(async () => {
    if (!draft) return;
    setSaved((await conversations.saveToKnowledge(m.conversationId, m.id, draft)).entry.question);
    setDraft(null);
  });
  if (saved)
    return (
      <p class="msg-saved muted" role="status">
        Saved to knowledge as “{saved.length > 60 ? `${saved.slice(0, 59)}…` : saved}”
      </p>
    );
  if (draft) {
    const up = (patch: Partial<KnowledgeDraft>) => setDraft({ ...draft, ...patch });
    return (
      <form
        class="kb-draft"
        aria-label="New knowledge entry"
        onSubmit={(e) => {
          e.preventDefault();
          void save.run();
        }}
      >
        <label>
          Question
          <textarea
            name="kb-question"
            rows={2}
            required
            maxLength={1000}
            value={draft.question}
            onInput={(e) => up({ question: e.currentTarget.value })}
          />
        </label>
        <label>
          Answer
          <textarea
            name="kb-answer"
            rows={4}
            required
            maxLength={8000}
            value={draft.answer}
            onInput={(e) => up({ answer: e.currentTarget.value })}
          />
        </label>
        <div class="kb-draft-row">
          <label>
            Language
            <input
              name="kb-language"
              size={5}
              maxLength={8}
              value={draft.language ?? ""}
              onInput={(e) => up({ language: e.currentTarget.value.trim() || null })}
            />
          </label>
          <label>
            Tags (comma-separated)
            <input
              name="kb-tags"
              value={draft.tags.join(", ")}
              onInput={(e) =>
                up({
                  tags: e.currentTarget.value
                    .split(",")
                    .map((t) => t.trim())
                    .filter(Boolean),
                })
              }
            />
          </label>
        </div>
        <div class="kb-draft-row">
          <button type="submit" class="btn btn-small" disabled={save.busy}>
            Save entry
          </button>
          <button type="button" class="btn btn-ghost btn-small" onClick={() => setDraft(null)}>
            Cancel
          </button>
        </div>
        {save.error ? <ErrorNote error={save.error} /> : null}
      </form>
    );
  }
  return (
    <>
      <button
        type="button"
        class="btn btn-ghost btn-small msg-save"
        disabled={open.busy}
        onClick={() => void open.run()}
      >
        Save to knowledge
      </button>
      {open.error ? <ErrorNote error={open.error} /> : null}
    </>
  );
}

export function MessageItem({
  m,
  contactName,
  translate,
  translated,
  canSave = false,
}: {
  m: Message;
  contactName: string;
  translate: boolean;
  translated?: string;
  canSave?: boolean;
}) {
  if (m.kind === "event") {
    return (
      <li class="msg-event" data-seq={m.seq}>
        {m.text} · <time>{formatDate(m.createdAt)}</time>
      </li>
    );
  }
  const side = m.author.type === "shopper" ? "in" : "out";
  const original = typeof m.meta.original === "string" ? m.meta.original : null;
  return (
    <li
      class={`msg msg-${side} ${m.kind === "note" ? "msg-note" : ""} msg-${m.author.type}`}
      data-seq={m.seq}
      data-kind={m.kind}
    >
      <div class="msg-head">
        <strong title={agentOf(m)?.reason || undefined}>{authorLabel(m, contactName)}</strong>
        {m.kind === "note" && <span class="pill pill-warn">Private note</span>}
        <time class="muted">{formatDate(m.createdAt)}</time>
        {m.editedAt && (
          <details class="msg-history">
            <summary>edited</summary>
            <ul>
              {m.history.map((h) => (
                <li key={h.at}>
                  {formatDate(h.at)}: {h.text}
                </li>
              ))}
            </ul>
          </details>
        )}
        {m.deletedAt && <span class="pill pill-danger">unsent by the shopper</span>}
      </div>
      <Body m={m} translate={translate} extra={translated} />
      {original && translate && <p class="msg-original muted">You wrote: {original}</p>}
      <Attachments m={m} />
      {m.author.type === "ai" && <ModelLine m={m} />}
      {canSave && m.author.type === "agent" && m.kind === "text" && m.text.trim() && (
        <SaveToKnowledge m={m} />
      )}
      {m.citations.length > 0 && (
        <p class="msg-cite muted">
          From knowledge:{" "}
          {m.citations.map((id, i) => (
            <span key={id}>
              {i > 0 && "; "}
              <Citation id={id} />
            </span>
          ))}
        </p>
      )}
      {m.delivery && side === "out" && (
        <span
          class={`delivery delivery-${m.delivery.status}`}
          title={m.delivery.error ?? undefined}
        >
          {m.delivery.status}
          {m.delivery.error ? `: ${m.delivery.error}` : ""}
        </span>
      )}
      {m.delivery?.status === "failed" && side === "out" && <RetrySend m={m} />}
    </li>
  );
}

/** The answer's route from an AI message's meta (`RouteUse`, workers/wire/ai-turn.ts), if it has one. */
export function answerRoute(meta: Record<string, unknown>): RouteUse | null {
  const routes = Array.isArray(meta.routes) ? (meta.routes as unknown[]) : [];
  const r = routes.at(-1) as Partial<RouteUse> | undefined;
  return r && r.task === "answer" && typeof r.provider === "string" && typeof r.model === "string"
    ? (r as RouteUse)
    : null;
}

/** Which model answered, whether it was a fallback (and from what), tokens and estimated cost. */
function ModelLine({ m }: { m: Message }) {
  const r = answerRoute(m.meta);
  if (!r) return null;
  const who = r.provider === "builtin" ? "the built-in engine" : `${r.provider}/${r.model}`;
  const why = m.meta.overBudget
    ? " · monthly budget reached"
    : r.failed?.length
      ? ` · after ${r.failed.map((f) => f.route).join(", ")} failed`
      : "";
  const cost =
    r.provider === "builtin"
      ? ""
      : ` · ${r.tokensIn + r.tokensOut} tokens · $${r.costUsd.toFixed(5)}`;
  return (
    <p
      class="msg-model muted"
      data-testid="msg-model"
      title={r.failed?.map((f) => `${f.route}: ${f.error}`).join("\n")}
    >
      Answered by {who}
      {why}
      {cost}
    </p>
  );
}

export function PendingItem({ p }: { p: PendingMessage }) {
  return (
    <li class={`msg msg-out msg-pending ${p.note ? "msg-note" : ""}`} data-client-id={p.clientId}>
      <div class="msg-head">
        <strong>You</strong>
        <span class="muted">sending…</span>
      </div>
      <p class="msg-text">{p.text}</p>
    </li>
  );
}

export function DraftItem({ d }: { d: Draft }) {
  return (
    <li class="msg msg-out msg-ai msg-streaming" aria-busy="true">
      <div class="msg-head">
        <strong>AI assistant</strong>
        <span class="muted">writing…</span>
      </div>
      <p class="msg-text">{d.text}</p>
    </li>
  );
}
