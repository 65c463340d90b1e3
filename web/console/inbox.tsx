import { channels } from "../shared/api";
import type { ConversationSummary, InboxView } from "../shared/api-types";
import { Field, formValue, timeAgo, useAsync } from "../shared/ui";
import type { InboxFilters, InboxState } from "./use-inbox";

const VIEWS: [InboxView, string][] = [
  ["mine", "Mine"],
  ["unassigned", "Unassigned"],
  ["waiting", "Waiting"],
  ["all", "All"],
];
const STATUSES = ["bot", "waiting", "assigned", "resolved"];
const LANGS = ["en", "es", "pt", "fr", "de", "zh", "ja", "ar"];

export const STATUS_LABEL: Record<string, string> = {
  bot: "AI",
  waiting: "Waiting",
  assigned: "Assigned",
  resolved: "Resolved",
};
export const STATUS_PILL: Record<string, string> = {
  bot: "pill-info",
  waiting: "pill-warn",
  assigned: "pill-ok",
  resolved: "",
};

export function Views({
  filters,
  counts,
  onChange,
}: {
  filters: InboxFilters;
  counts: InboxState["counts"];
  onChange(f: InboxFilters): void;
}) {
  return (
    <nav aria-label="Inbox views" class="views">
      <ul>
        {VIEWS.map(([v, label]) => (
          <li key={v}>
            <button
              type="button"
              class="btn btn-ghost view"
              aria-pressed={filters.view === v}
              data-view={v}
              onClick={() => onChange({ ...filters, view: v })}
            >
              <span>{label}</span>
              <span class="count">
                <span aria-hidden="true">{counts?.[v] ?? "·"}</span>
                <span class="visually-hidden">{`${counts?.[v] ?? 0} conversations`}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function Filters({
  filters,
  onChange,
  searchRef,
}: {
  filters: InboxFilters;
  onChange(f: InboxFilters): void;
  searchRef: { current: HTMLInputElement | null };
}) {
  const sel = (k: keyof InboxFilters) => (e: Parameters<typeof formValue>[0]) =>
    onChange({ ...filters, [k]: formValue(e) });
  // The registry's channel types, so a new channel is filterable without a console change.
  const types = useAsync(() => channels.types(), []);
  return (
    <form
      class="filters"
      role="search"
      aria-label="Filter conversations"
      onSubmit={(e) => e.preventDefault()}
    >
      <Field label="Search">
        <input
          ref={searchRef}
          type="search"
          name="q"
          value={filters.q}
          onInput={sel("q")}
          placeholder="Name, email or text"
        />
      </Field>
      <Field label="Channel">
        <select name="channel" value={filters.channel} onChange={sel("channel")}>
          <option value="">All channels</option>
          {(types.data?.types ?? []).map((t) => (
            <option value={t.type}>{t.type}</option>
          ))}
        </select>
      </Field>
      <Field label="Status">
        <select name="status" value={filters.status} onChange={sel("status")}>
          <option value="">Any status</option>
          {STATUSES.map((s) => (
            <option value={s}>{STATUS_LABEL[s]}</option>
          ))}
        </select>
      </Field>
      <Field label="Language">
        <select name="language" value={filters.language} onChange={sel("language")}>
          <option value="">Any language</option>
          {LANGS.map((l) => (
            <option value={l}>{l}</option>
          ))}
        </select>
      </Field>
      <Field label="Tag">
        <input name="tag" value={filters.tag} onInput={sel("tag")} placeholder="e.g. refund" />
      </Field>
    </form>
  );
}

export function ConversationList({
  inbox,
  selected,
  onSelect,
}: {
  inbox: InboxState;
  selected: string | null;
  onSelect(id: string): void;
}) {
  return (
    <div class="list-wrap">
      {inbox.items.length === 0 && !inbox.loading && (
        <p class="muted empty">No conversations here.</p>
      )}
      <ul class="conv-list" aria-label="Conversations">
        {inbox.items.map((c) => (
          <ListItem key={c.id} c={c} selected={c.id === selected} onSelect={onSelect} />
        ))}
      </ul>
      {inbox.nextCursor && (
        <button type="button" class="btn btn-secondary more" onClick={inbox.loadMore}>
          Load more
        </button>
      )}
    </div>
  );
}

function ListItem({
  c,
  selected,
  onSelect,
}: {
  c: ConversationSummary;
  selected: boolean;
  onSelect(id: string): void;
}) {
  const name = c.contact.name || c.contact.email || "Visitor";
  return (
    <li>
      <a
        href={`#/c/${c.id}`}
        class={`conv-item ${selected ? "selected" : ""} ${c.unread ? "unread" : ""}`}
        aria-current={selected ? "true" : undefined}
        data-conversation={c.id}
        data-status={c.status}
        onClick={(e) => {
          e.preventDefault();
          onSelect(c.id);
        }}
      >
        <span class="conv-top">
          <strong class="conv-name">{name}</strong>
          <span class="conv-time">{timeAgo(c.lastMessageAt ?? c.createdAt)}</span>
        </span>
        <span class="conv-preview">{c.lastMessageText ?? ""}</span>
        <span class="conv-tags">
          <span class="pill">{c.channelType}</span>
          <span class={`pill ${STATUS_PILL[c.status]}`}>{STATUS_LABEL[c.status]}</span>
          {c.language && <span class="pill">{c.language}</span>}
          {c.unread > 0 && (
            <span class="unread-count">
              <span aria-hidden="true">{c.unread}</span>
              <span class="visually-hidden">{`${c.unread} unread`}</span>
            </span>
          )}
        </span>
      </a>
    </li>
  );
}
