/**
 * The export as a stream: JSONL with every resource (one record per line, a header first and an
 * `end` record with counts last, so a cut-off file is detectable), or CSV for one resource.
 */
import type { ConversationStore } from "../../services/conversation-actions";
import { csvRow } from "./csv";
import {
  EXPORT_RESOURCES,
  MESSAGE_COLUMNS,
  messageRows,
  TABLES,
  tableRows,
  type ExportResource,
  type TableSource,
} from "./export-sources";

export const EXPORT_VERSION = 1;
const enc = new TextEncoder();

/** CSV is one table per file: `resource` names the table's record type. */
export const CSV_TYPES = [
  ...Object.values(TABLES)
    .flat()
    .map((t) => t.type),
  "message",
] as const;

function streamOf(gen: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await gen.next();
        if (done) controller.close();
        else controller.enqueue(enc.encode(value));
      } catch (err) {
        // Aborting makes the download fail visibly instead of ending as a silently short file.
        controller.error(err);
      }
    },
    async cancel() {
      await gen.return(undefined);
    },
  });
}

async function* jsonl(
  d1: D1Database,
  store: ConversationStore,
  tenantId: string,
  resources: ExportResource[],
  now: number,
): AsyncGenerator<string> {
  const counts: Record<string, number> = {};
  let errors = 0;
  yield JSON.stringify({
    type: "export",
    version: EXPORT_VERSION,
    tenantId,
    createdAt: now,
    resources,
  }) + "\n";
  const tenant = await d1
    .prepare(`SELECT id, name, public_key, settings, created_at FROM tenants WHERE id = ?`)
    .bind(tenantId)
    .first<Record<string, unknown>>();
  if (resources.includes("settings") && tenant) {
    yield JSON.stringify({
      type: "tenant",
      ...tenant,
      settings: JSON.parse(tenant.settings as string),
    }) + "\n";
    counts.tenant = 1;
  }
  for (const resource of EXPORT_RESOURCES) {
    if (!resources.includes(resource)) continue;
    if (resource === "messages") {
      for await (const item of messageRows(d1, store, tenantId)) {
        if ("error" in item) {
          errors++;
          yield JSON.stringify({ type: "error", resource: "messages", ...item.error }) + "\n";
        } else {
          counts.message = (counts.message ?? 0) + 1;
          yield JSON.stringify({ type: "message", ...item.row }) + "\n";
        }
      }
      continue;
    }
    for (const src of TABLES[resource]) {
      for await (const row of tableRows(d1, tenantId, src)) {
        counts[src.type] = (counts[src.type] ?? 0) + 1;
        yield JSON.stringify({ type: src.type, ...row }) + "\n";
      }
    }
  }
  yield JSON.stringify({ type: "end", counts, errors }) + "\n";
}

async function* csv(
  d1: D1Database,
  store: ConversationStore,
  tenantId: string,
  type: string,
): AsyncGenerator<string> {
  if (type === "message") {
    yield MESSAGE_COLUMNS.join(",") + "\r\n";
    for await (const item of messageRows(d1, store, tenantId)) {
      if ("error" in item)
        throw new Error(
          `messages of ${item.error.conversationId} could not be read: ${item.error.message}`,
        );
      yield csvRow(MESSAGE_COLUMNS, item.row);
    }
    return;
  }
  const src = Object.values(TABLES)
    .flat()
    .find((t): t is TableSource => t.type === type);
  if (!src) throw new Error(`unknown CSV resource ${type}`);
  yield src.columns.join(",") + "\r\n";
  for await (const row of tableRows(d1, tenantId, src)) yield csvRow(src.columns, row);
}

export function exportJsonl(
  d1: D1Database,
  store: ConversationStore,
  tenantId: string,
  resources: ExportResource[],
  now = Date.now(),
): ReadableStream<Uint8Array> {
  return streamOf(jsonl(d1, store, tenantId, resources, now));
}

export function exportCsv(
  d1: D1Database,
  store: ConversationStore,
  tenantId: string,
  type: string,
): ReadableStream<Uint8Array> {
  return streamOf(csv(d1, store, tenantId, type));
}
