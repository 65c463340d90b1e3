import { useEffect, useRef, useState } from "preact/hooks";
import { assist, conversations, team } from "../shared/api";
import type { ConversationSummary, Me } from "../shared/api-types";
import { navigate, useRoute } from "../shared/router";
import { serial } from "../shared/serial";
import { useSession } from "../shared/session";
import { ErrorNote, Loading, useAsync } from "../shared/ui";
import { ConversationPane, type PaneActions } from "./conversation";
import { ConversationList, Filters, Views } from "./inbox";
import { announce, chime, desktopNotify, notificationsSupported, selfAssigned } from "./notify";
import { SHORTCUTS, useShortcuts } from "./shortcuts";
import { useInbox, type InboxFilters } from "./use-inbox";

type Presence = "online" | "away";
const PRESENCE_KEY = "edgedesk:console:presence";
/** In order: the presence sent on load must not overtake the agent's choice right after it. */
const sendPresence = serial((p: Presence) => conversations.presence(p));

export function App() {
  const session = useSession();
  useEffect(() => {
    if (!session.loading && !session.me && !session.error)
      location.href = `/app/#/login?next=${encodeURIComponent("/console/")}`;
  }, [session.loading, session.me]);
  if (session.me)
    return (
      <Console
        me={session.me}
        onSignOut={() => void session.signOut().then(() => (location.href = "/app/#/login"))}
      />
    );
  return <main id="main">{session.error ? <ErrorNote error={session.error} /> : <Loading />}</main>;
}

function usePresence(): [Presence, (p: Presence) => void, unknown] {
  const [presence, setPresence] = useState<Presence>(() =>
    localStorage.getItem(PRESENCE_KEY) === "away" ? "away" : "online",
  );
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    sendPresence(presence).then(() => setError(null), setError);
    localStorage.setItem(PRESENCE_KEY, presence);
  }, [presence]);
  return [presence, setPresence, error];
}

function Console({ me, onSignOut }: { me: Me; onSignOut(): void }) {
  const route = useRoute();
  const selected = route.path.startsWith("/c/") ? decodeURIComponent(route.path.slice(3)) : null;
  const [filters, setFilters] = useState<InboxFilters>({
    view: me.role === "viewer" ? "all" : "mine",
    status: "",
    channel: "",
    tag: "",
    language: "",
    q: "",
  });
  const [toast, setToast] = useState<string | null>(null);
  const [presence, setPresence, presenceError] = usePresence();
  const [notifyPermission, setNotifyPermission] = useState(() =>
    notificationsSupported() ? Notification.permission : "denied",
  );
  const users = useAsync(() => team.users(), []);
  const canned = useAsync(() => assist.canned().then((r) => r.cannedReplies), []);
  const actions = useRef<PaneActions | null>(null);
  const search = useRef<HTMLInputElement>(null);
  const help = useRef<HTMLDialogElement>(null);

  const onAssigned = (c: ConversationSummary) => {
    if (selfAssigned.has(c.id)) return;
    const who = c.contact.name || c.contact.email || "a visitor";
    const text = `New conversation assigned to you: ${who}`;
    setToast(text);
    announce(text);
    chime();
    desktopNotify("New conversation assigned", `${who}: ${c.lastMessageText ?? ""}`, () =>
      navigate(`/c/${c.id}`),
    );
  };
  const inbox = useInbox(filters, me.user?.id ?? null, onAssigned);
  const capacity = me.user?.capacity ?? 0;

  const move = (delta: number) => {
    const i = inbox.items.findIndex((c) => c.id === selected);
    const next = inbox.items[Math.min(inbox.items.length - 1, Math.max(0, i + delta))];
    if (next) navigate(`/c/${next.id}`);
  };
  useShortcuts({
    next: () => move(1),
    prev: () => move(-1),
    reply: () => actions.current?.reply(),
    note: () => actions.current?.note(),
    takeover: () => actions.current?.takeover?.(),
    handback: () => actions.current?.handback?.(),
    resolve: () => actions.current?.resolve?.(),
    reopen: () => actions.current?.reopen?.(),
    assign: () => actions.current?.assign(),
    search: () => search.current?.focus(),
    help: () => help.current?.showModal(),
  });
  useEffect(() => {
    document.title = `${inbox.counts?.mine ? `(${inbox.counts.mine}) ` : ""}Console · Edgedesk`;
  }, [inbox.counts?.mine]);

  return (
    <div class="console">
      <div id="announcer" class="visually-hidden" aria-live="assertive" />
      <header class="topbar">
        <span class="brand">Edgedesk</span>
        <span class="tenant">{me.tenant.name}</span>
        <span class={`pill ${inbox.link === "open" ? "pill-ok" : "pill-warn"}`} role="status">
          {inbox.link === "open" ? "Live" : "Reconnecting…"}
        </span>
        <span class="spacer" />
        {me.role !== "viewer" && (
          <>
            <label class="presence">
              <span>Presence</span>
              <select
                value={presence}
                onChange={(e) => setPresence(e.currentTarget.value === "away" ? "away" : "online")}
              >
                <option value="online">Online</option>
                <option value="away">Away</option>
              </select>
            </label>
            <span class="capacity" title="Open conversations assigned to you / your capacity">
              Load {inbox.counts?.mine ?? 0} / {capacity}
            </span>
          </>
        )}
        {notificationsSupported() && notifyPermission === "default" && (
          <button
            type="button"
            class="btn btn-small btn-secondary"
            onClick={() => void Notification.requestPermission().then(setNotifyPermission)}
          >
            Enable notifications
          </button>
        )}
        <button
          type="button"
          class="btn btn-small btn-ghost"
          aria-keyshortcuts="?"
          onClick={() => help.current?.showModal()}
        >
          Shortcuts
        </button>
        <a class="btn btn-small btn-ghost" href="/app/">
          Dashboard
        </a>
        <span class="who" title={me.user?.email}>
          {me.user?.email}
        </span>
        <button type="button" class="btn btn-small btn-ghost" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <ErrorNote error={presenceError} />
      <div class="layout">
        <aside class="inbox-side" aria-label="Inbox">
          {/* In the inbox column, by the views it changes: the banner never takes a line from the thread. */}
          {toast && (
            <div class="toast" role="status">
              <span>{toast}</span>
              <button type="button" class="btn btn-small btn-ghost" onClick={() => setToast(null)}>
                Dismiss
              </button>
            </div>
          )}
          <Views filters={filters} counts={inbox.counts} onChange={setFilters} />
          <Filters filters={filters} onChange={setFilters} searchRef={search} />
        </aside>
        <section class="list-col" aria-label="Conversation list">
          <ErrorNote error={inbox.error} />
          <ConversationList
            inbox={inbox}
            selected={selected}
            onSelect={(cid) => navigate(`/c/${cid}`)}
          />
        </section>
        <main id="main" class="detail-col">
          {selected ? (
            <ConversationPane
              key={selected}
              id={selected}
              me={me}
              users={users.data?.users ?? []}
              canned={canned.data ?? []}
              actionsRef={actions}
            />
          ) : (
            <div class="pane empty-pane">
              <h1>Pick a conversation</h1>
              <p class="muted">Press j / k to move through the list, ? for all shortcuts.</p>
            </div>
          )}
        </main>
      </div>
      <dialog ref={help} class="help" aria-labelledby="help-title">
        <h2 id="help-title">Keyboard shortcuts</h2>
        <table>
          <tbody>
            {SHORTCUTS.map(([k, a]) => (
              <tr key={k}>
                <th scope="row">
                  <kbd>{k}</kbd>
                </th>
                <td>{a}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <form method="dialog">
          <button class="btn" type="submit">
            Close
          </button>
        </form>
      </dialog>
    </div>
  );
}
