/**
 * An events job's work in the tenant's shard, one call: the conversation's facts refreshed, the events'
 * markers and usage, their search rows, and the hook copies the job asked for.
 */
import type {
  FactsOutcome,
  LegacyFacts,
  SearchDoc,
  ShardEventMark,
  ShardEventsRequest,
  ShardEventsResult,
  LeadMark,
} from "../../workers/wire/shard";
import type { HooksCache } from "./hooks-cache";

export interface EventsParts {
  refreshFacts(
    conversationId: string,
    confirmed: boolean | undefined,
    legacy?: LegacyFacts | null,
  ): Promise<FactsOutcome>;
  recordEvents(marks: ShardEventMark[]): boolean[];
  indexMessages(docs: SearchDoc[]): number;
  hooks: HooksCache;
  leadMark(conversationId: string): LeadMark | null;
}

export async function applyEvents(
  parts: EventsParts,
  req: ShardEventsRequest,
  now: number,
): Promise<ShardEventsResult> {
  const facts = await parts.refreshFacts(req.conversationId, req.confirmed, req.legacy);
  if (facts === "need_legacy") return { facts, firsts: [], indexed: 0, hooks: {} };
  const firsts = parts.recordEvents(req.marks);
  const docs = req.docs.filter((d) => d.text.trim());
  const indexed = docs.length ? parts.indexMessages(docs) : 0;
  const hooks: ShardEventsResult["hooks"] = {};
  for (const kind of req.hooks) hooks[kind] = parts.hooks.get(kind, now);
  return { facts, firsts, indexed, hooks, lead: parts.leadMark(req.conversationId) };
}
