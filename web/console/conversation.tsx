import { useEffect, useRef, useState } from "preact/hooks";
import { conversations } from "../shared/api";
import type { CannedReply, ConversationDetail, Me, ReplyWindow, User } from "../shared/api-types";
import { hasRole } from "../shared/session";
import { ErrorNote, Loading, Notice, useAction } from "../shared/ui";
import { AgentComposer } from "./composer";
import { ContactPanel } from "./contact-panel";
import { ActionCards, ContactOrders } from "./store-cards";
import { LeadCard } from "./lead-card";
import { Copilot } from "./copilot";
import { STATUS_LABEL, STATUS_PILL } from "./inbox";
import { DraftItem, MessageItem, PendingItem } from "./message-view";
import { selfAssigned } from "./notify";
import { TagEditor } from "./tags";
import { useTranslation } from "./translation";
import { useAgentConversation } from "./use-agent-conversation";

export interface PaneActions {
  takeover?(): void;
  handback?(): void;
  resolve?(): void;
  reopen?(): void;
  reply(): void;
  note(): void;
  assign(): void;
}

type Action = "takeover" | "handback" | "resolve" | "reopen";

/** Whether free-form replies are still possible: the server's answer, unless its closing time has passed since. */
export function windowOpen(w: ReplyWindow, now = Date.now()): boolean {
  return w.open && (w.closesAt === null || w.closesAt > now);
}

function WindowIndicator({ d }: { d: ConversationDetail }) {
  const w = d.window;
  if (!w)
    return d.channelType === "whatsapp" ? <span class="pill">24-hour window: unknown</span> : null;
  if (!windowOpen(w))
    return (
      <span
        class="pill pill-danger"
        title="Only approved template messages can be sent until the customer writes again."
      >
        24-hour window closed
      </span>
    );
  if (w.closesAt === null) return <span class="pill pill-ok">24-hour window open</span>;
  const left = Math.max(0, w.closesAt - Date.now());
  const h = Math.floor(left / 3_600_000);
  const m = Math.floor((left % 3_600_000) / 60_000);
  return (
    <span class={`pill ${h < 2 ? "pill-warn" : "pill-ok"}`}>
      24-hour window open · {h}h {m}m left
    </span>
  );
}

/** Folded to one line by default so the thread keeps the room; the reason stays in view. */
function HandoverCard({ h }: { h: NonNullable<ConversationDetail["handover"]> }) {
  return (
    <details class="handover" aria-label="Handover from the AI">
      <summary>
        <strong>Handed over by the AI</strong>
        {h.team && <span class="pill">for {h.team}</span>} — {h.reason}
        {h.rule && <span class="muted"> (rule: {h.rule})</span>}
      </summary>
      <div class="handover-body">
        {h.summary && <p>{h.summary}</p>}
        <p class="muted small">
          {h.intent && <>Intent: {h.intent}. </>}
          {h.sentiment && <>Sentiment: {h.sentiment}.</>}
        </p>
      </div>
    </details>
  );
}

export function ConversationPane({
  id,
  me,
  users,
  canned,
  actionsRef,
}: {
  id: string;
  me: Me;
  users: User[];
  canned: CannedReply[];
  actionsRef: { current: PaneActions | null };
}) {
  const canWrite = hasRole(me.role, "agent");
  const conv = useAgentConversation(id, canWrite);
  const d = conv.detail;
  const [text, setText] = useState("");
  const [note, setNote] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const assignRef = useRef<HTMLSelectElement>(null);
  const endRef = useRef<HTMLLIElement>(null);
  const agentLang = me.user?.language ?? "en";
  const tr = useTranslation(id, conv.log.messages, agentLang);
  useEffect(() => {
    setText("");
    setNote(false);
  }, [id]);
  useEffect(
    () => endRef.current?.scrollIntoView({ block: "end" }),
    [conv.log.messages.length, conv.log.pending.length, conv.log.drafts.length],
  );

  const act = useAction(async (a: Action) => {
    if (a === "takeover" || a === "reopen") selfAssigned.add(id);
    const r = await conversations.action(id, a);
    conv.setDetail((cur) => (cur ? { ...cur, ...r.conversation } : cur));
  });
  const assign = useAction(async (userId: string) => {
    if (userId === me.user?.id) selfAssigned.add(id);
    const r = await conversations.assign(id, userId);
    conv.setDetail((cur) => (cur ? { ...cur, ...r.conversation } : cur));
  });
  const attach = useAction(async (file: File) => {
    const { attachment } = await conversations.upload(id, file);
    conv.send(note ? "" : text.trim(), { note, attachments: [attachment] });
    setText("");
  });
  const send = useAction(async () => {
    const typed = text.trim();
    const out = note ? { text: typed } : await tr.outgoing(typed, d?.language ?? null);
    conv.send(out.text, { note, original: out.original });
    setText("");
  });

  const status = d?.status;
  const mine = !!d && d.assigneeId === me.user?.id;
  const can = {
    takeover:
      canWrite &&
      !!d &&
      (status === "bot" || status === "waiting" || (status === "assigned" && !mine)),
    handback: canWrite && status === "assigned",
    resolve: canWrite && !!d && status !== "resolved",
    reopen: canWrite && status === "resolved",
  };
  actionsRef.current = {
    takeover: can.takeover ? () => void act.run("takeover") : undefined,
    handback: can.handback ? () => void act.run("handback") : undefined,
    resolve: can.resolve ? () => void act.run("resolve") : undefined,
    reopen: can.reopen ? () => void act.run("reopen") : undefined,
    reply: () => {
      setNote(false);
      input.current?.focus();
    },
    note: () => {
      setNote(true);
      input.current?.focus();
    },
    assign: () => assignRef.current?.focus(),
  };

  if (conv.error && !d)
    return (
      <div class="pane">
        <ErrorNote error={conv.error} />
      </div>
    );
  if (!d)
    return (
      <div class="pane">
        <Loading label="Loading conversation…" />
      </div>
    );
  const contactName = d.contact.name || d.contact.email || "Visitor";
  const assignee = users.find((u) => u.id === d.assigneeId);
  const windowClosed = !!d.window && !windowOpen(d.window);
  const disabledReason = !canWrite
    ? "Viewers can read conversations but not reply."
    : windowClosed && !note
      ? "The 24-hour reply window is closed: add a note, or wait for the customer to write."
      : null;
  const labels: Record<Action, string> = {
    takeover: "Take over",
    handback: "Hand back to AI",
    resolve: "Resolve",
    reopen: "Reopen",
  };

  return (
    <div class="pane-grid">
      <section class="pane" aria-labelledby="conv-title">
        <header class="conv-header">
          <div class="conv-title-row">
            <h1 id="conv-title">{contactName}</h1>
            <span class="pill">{d.channelType}</span>
            <span class={`pill ${STATUS_PILL[d.status]}`} data-testid="conv-status">
              {STATUS_LABEL[d.status]}
            </span>
            {d.language && <span class="pill">{d.language}</span>}
            <WindowIndicator d={d} />
            <span class="muted">
              {assignee
                ? `Assigned to ${assignee.name || assignee.email}`
                : d.status === "assigned"
                  ? "Assigned"
                  : "Unassigned"}
            </span>
          </div>
          <TagEditor
            id={d.id}
            tags={d.tags}
            canEdit={canWrite}
            onChange={(tags) => conv.setDetail((cur) => (cur ? { ...cur, tags } : cur))}
          />
          <div class="conv-actions" role="toolbar" aria-label="Conversation actions">
            {(Object.keys(labels) as Action[])
              .filter((a) => can[a])
              .map((a) => (
                <button
                  type="button"
                  key={a}
                  class={`btn btn-small ${a === "resolve" || a === "takeover" ? "" : "btn-secondary"}`}
                  disabled={act.busy}
                  onClick={() => void act.run(a)}
                >
                  {labels[a]}
                </button>
              ))}
            {canWrite && d.status !== "resolved" && (
              <label class="assign">
                <span class="visually-hidden">Assign or transfer to</span>
                <select
                  ref={assignRef}
                  value=""
                  disabled={assign.busy}
                  onChange={(e) => e.currentTarget.value && void assign.run(e.currentTarget.value)}
                >
                  <option value="">Assign / transfer…</option>
                  {users
                    .filter(
                      (u) => u.status === "active" && u.role !== "viewer" && u.id !== d.assigneeId,
                    )
                    .map((u) => (
                      <option value={u.id}>{u.name || u.email}</option>
                    ))}
                </select>
              </label>
            )}
            <label class="check translate-toggle">
              <input type="checkbox" checked={tr.on} onChange={tr.toggle} />
              Translate
            </label>
          </div>
          <ErrorNote error={act.error ?? assign.error ?? (d ? conv.error : null)} />
          {tr.reason && (
            <Notice kind="warn">
              <span data-testid="translate-reason">{tr.reason}</span>
            </Notice>
          )}
          {conv.link !== "open" && conv.link !== "connecting" && (
            <Notice kind="warn">Live updates paused: reconnecting…</Notice>
          )}
        </header>
        {d.handover && <HandoverCard h={d.handover} />}
        <ol class="messages" aria-label="Messages" aria-live="polite">
          {conv.hasOlder && (
            <li class="older">
              <button
                type="button"
                class="btn btn-small btn-secondary"
                onClick={() => void conv.loadOlder()}
              >
                Load earlier messages
              </button>
            </li>
          )}
          {conv.log.messages.map((m) => (
            <MessageItem
              key={m.id}
              m={m}
              contactName={contactName}
              translate={tr.on}
              translated={tr.extra[m.id]}
              canSave={canWrite}
            />
          ))}
          {conv.log.drafts.map((x) => (
            <DraftItem key={x.turnId} d={x} />
          ))}
          {conv.log.pending.map((p) => (
            <PendingItem key={p.clientId} p={p} />
          ))}
          <li ref={endRef} class="end" aria-hidden="true" />
        </ol>
        <ActionCards
          conversationId={d.id}
          reloadKey={conv.log.messages.length}
          canDecide={canWrite}
        />
        {conv.log.typing?.from === "shopper" && (
          <p class="typing muted">{contactName} is typing…</p>
        )}
        <ErrorNote error={send.error} />
        <AgentComposer
          text={text}
          setText={setText}
          note={note}
          setNote={setNote}
          onSend={() => void send.run()}
          onAttach={(f) => void attach.run(f)}
          attachError={attach.error}
          onTyping={conv.typing}
          inputRef={input}
          canned={canned}
          disabledReason={disabledReason}
          busy={send.busy || attach.busy}
        />
      </section>
      <aside class="side" aria-label="Details">
        <ContactPanel contactId={d.contact.id} role={me.role} currentId={d.id} />
        {canWrite && <LeadCard conversationId={d.id} refresh={conv.log.messages.length} />}
        {canWrite && <ContactOrders contactId={d.contact.id} />}
        {canWrite && <Copilot conversationId={d.id} draft={text} setDraft={setText} />}
      </aside>
    </div>
  );
}
