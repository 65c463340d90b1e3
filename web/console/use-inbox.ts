/**
 * The inbox list for the current view and filters, kept fresh by the inbox socket (/ws/inbox):
 * every frame means "something changed", so the list is refetched (debounced) rather than patched,
 * which keeps the console correct whatever the frame carries.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { conversations, type ConversationQuery } from "../shared/api";
import type { ConversationSummary, InboxView } from "../shared/api-types";
import { LiveSocket, type LinkStatus } from "../shared/live-socket";
import { serial } from "../shared/serial";

export interface InboxFilters {
  view: InboxView;
  status: string;
  channel: string;
  tag: string;
  language: string;
  q: string;
}

export interface InboxState {
  items: ConversationSummary[];
  counts: Record<InboxView, number> | null;
  nextCursor: string | null;
  error: unknown;
  loading: boolean;
  link: LinkStatus;
  refresh(): void;
  loadMore(): void;
}

const REFRESH_DEBOUNCE_MS = 250;

export function useInbox(
  filters: InboxFilters,
  meId: string | null,
  onAssigned: (c: ConversationSummary) => void,
): InboxState {
  const [items, setItems] = useState<ConversationSummary[]>([]);
  const [counts, setCounts] = useState<Record<InboxView, number> | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [link, setLink] = useState<LinkStatus>("connecting");
  const run = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  /** Conversations already assigned to me: anything new in this set is a fresh assignment. */
  const knownMine = useRef<Set<string> | null>(null);
  const query: ConversationQuery = {
    view: filters.view,
    status: filters.status || undefined,
    channel: filters.channel || undefined,
    tag: filters.tag || undefined,
    language: filters.language || undefined,
    q: filters.q || undefined,
    limit: 50,
  };
  const key = JSON.stringify(query);

  const fetchList = async () => {
    const id = ++run.current;
    try {
      const r = await conversations.list(query);
      if (id !== run.current) return;
      setItems(r.conversations);
      setCounts(r.counts);
      setNextCursor(r.nextCursor);
      setError(null);
    } catch (e) {
      if (id === run.current) setError(e);
    } finally {
      if (id === run.current) setLoading(false);
    }
  };

  /**
   * The "mine" view, checked separately so assignments are noticed whatever view is open. Checks run
   * one after another, so they are compared in the order they were asked: the router assigns waiting
   * conversations the moment this console connects, and a check answered after that one must not
   * become the baseline of what was already mine.
   */
  const inOrder = useRef(serial((check: () => Promise<void>) => check()));
  const checkAssignments = () => inOrder.current(checkOnce);
  const checkOnce = async () => {
    if (!meId) return;
    try {
      const r = await conversations.list({ view: "mine", limit: 50 });
      const mine = r.conversations.filter((c) => c.assigneeId === meId && c.status !== "resolved");
      if (knownMine.current) for (const c of mine) if (!knownMine.current.has(c.id)) onAssigned(c);
      knownMine.current = new Set(mine.map((c) => c.id));
    } catch {
      /* the main list shows errors */
    }
  };

  // The socket outlives filter changes; it always calls the newest fetchers through this ref.
  const latest = useRef({ fetchList, checkAssignments });
  latest.current = { fetchList, checkAssignments };
  const refresh = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      void latest.current.fetchList();
      void latest.current.checkAssignments();
    }, REFRESH_DEBOUNCE_MS);
  };

  useEffect(() => {
    setLoading(true);
    void fetchList();
  }, [key]);

  useEffect(() => {
    void checkAssignments();
    const ws = new LiveSocket<{ type: string }>({
      url: () => `${location.origin.replace(/^http/, "ws")}/ws/inbox`,
      onFrame: (f) => {
        if (f.type !== "pong") refresh();
      },
      // After a gap we may have missed frames: catch up once connected.
      onOpen: refresh,
      onStatus: setLink,
    });
    ws.start();
    return () => {
      ws.stop();
      clearTimeout(timer.current);
    };
  }, [meId]);

  const loadMore = () => {
    if (!nextCursor) return;
    conversations.list({ ...query, cursor: nextCursor }).then(
      (r) => {
        setItems((cur) => [
          ...cur,
          ...r.conversations.filter((c) => !cur.some((x) => x.id === c.id)),
        ]);
        setNextCursor(r.nextCursor);
      },
      (e: unknown) => setError(e),
    );
  };

  return { items, counts, nextCursor, error, loading, link, refresh, loadMore };
}
