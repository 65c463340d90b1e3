/**
 * The inbox list for the current view and filters, kept fresh by the inbox socket (/ws/inbox):
 * every frame means "something changed", so the list is refetched (debounced) rather than patched,
 * which keeps the console correct whatever the frame carries. An `assigned` frame naming this agent
 * is also announced (banner, chime, desktop notification) unless this console made it.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { conversations, type ConversationQuery } from "../shared/api";
import type { ConversationSummary, InboxView } from "../shared/api-types";
import { InboxServerFrame } from "../../workers/wire/inbox";
import { LiveSocket, type LinkStatus } from "../shared/live-socket";

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
   * An assignment to me, announced by the inbox (`assigned` frame) wherever it was made: the router,
   * another agent, the API. The frame names the conversation; the banner needs its contact.
   */
  const announceAssigned = async (conversationId: string) => {
    try {
      const r = await conversations.get(conversationId);
      if (r.conversation.assigneeId === meId && r.conversation.status === "assigned")
        onAssigned(r.conversation);
    } catch {
      /* the list shows it either way */
    }
  };

  // The socket outlives filter changes; it always calls the newest fetchers through this ref.
  const latest = useRef({ fetchList, announceAssigned });
  latest.current = { fetchList, announceAssigned };
  const refresh = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void latest.current.fetchList(), REFRESH_DEBOUNCE_MS);
  };

  useEffect(() => {
    setLoading(true);
    void fetchList();
  }, [key]);

  useEffect(() => {
    const ws = new LiveSocket<InboxServerFrame>({
      url: () => `${location.origin.replace(/^http/, "ws")}/ws/inbox`,
      schema: InboxServerFrame,
      onFrame: (f) => {
        if (f.type === "pong") return;
        if (f.type === "assigned" && meId && f.agentId === meId)
          void latest.current.announceAssigned(f.conversationId);
        refresh();
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
