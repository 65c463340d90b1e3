/**
 * What an export contains, resource by resource, paged from D1 by id (keyset) and, for messages,
 * from each conversation's object. Secrets (password hashes, credentials, webhook and workflow
 * secrets) are never exported. docs/export-format.md documents every record type.
 */
import type { ConversationStore } from "../../services/conversation-actions";

export const EXPORT_RESOURCES = [
  "contacts",
  "conversations",
  "messages",
  "knowledge",
  "settings",
  "audit",
] as const;
export type ExportResource = (typeof EXPORT_RESOURCES)[number];

export interface TableSource {
  type: string;
  table: string;
  /** Columns exported (and the CSV header), in order. JSON columns are parsed back for JSONL. */
  columns: readonly string[];
  json?: readonly string[];
}

const T = (type: string, table: string, columns: string[], json: string[] = []): TableSource => ({
  type,
  table,
  columns,
  json,
});

export const TABLES: Record<Exclude<ExportResource, "messages">, TableSource[]> = {
  contacts: [
    T(
      "contact",
      "contacts",
      [
        "id",
        "name",
        "email",
        "phone",
        "language",
        "country",
        "vip",
        "tags",
        "attributes",
        "opt_out",
        "created_at",
        "updated_at",
        "last_seen_at",
      ],
      ["tags", "attributes", "opt_out"],
    ),
    T("contact_identity", "contact_identities", [
      "id",
      "contact_id",
      "channel_id",
      "channel_type",
      "external_id",
      "created_at",
    ]),
    T("contact_opt_in", "contact_opt_ins", ["contact_id", "channel_type", "source", "created_at"]),
  ],
  conversations: [
    T(
      "conversation",
      "conversations",
      [
        "id",
        "contact_id",
        "channel_id",
        "channel_type",
        "status",
        "assignee_id",
        "team_id",
        "language",
        "tags",
        "subject",
        "message_count",
        "first_inbound_at",
        "first_ai_response_at",
        "first_human_response_at",
        "handover_at",
        "handover_reason",
        "human_message_count",
        "resolved_at",
        "reopen_count",
        "csat_score",
        "csat_comment",
        "last_message_at",
        "created_at",
        "updated_at",
      ],
      ["tags"],
    ),
  ],
  knowledge: [
    T(
      "kb_entry",
      "kb_entries",
      [
        "id",
        "question",
        "phrasings",
        "answer",
        "language",
        "tags",
        "source",
        "document_id",
        "created_at",
        "updated_at",
      ],
      ["phrasings", "tags"],
    ),
    T("kb_document", "kb_documents", ["id", "title", "format", "content", "created_at"]),
    T("unanswered_question", "unanswered_questions", [
      "id",
      "conversation_id",
      "text",
      "language",
      "reason",
      "resolved_entry_id",
      "created_at",
    ]),
    T("canned_reply", "canned_replies", ["id", "shortcut", "text", "created_at"]),
  ],
  settings: [
    T(
      "user",
      "users",
      [
        "id",
        "email",
        "name",
        "role",
        "status",
        "capacity",
        "language",
        "skills",
        "created_at",
        "last_login_at",
      ],
      ["skills"],
    ),
    T(
      "team",
      "teams",
      ["id", "name", "languages", "channels", "members", "created_at"],
      ["languages", "channels", "members"],
    ),
    T(
      "channel",
      "channels",
      ["id", "type", "name", "status", "config", "created_at", "updated_at"],
      ["config"],
    ),
    T("tag", "tags", ["id", "name", "color", "created_at"]),
    T(
      "workflow",
      "workflows",
      ["id", "name", "enabled", "definition", "template_id", "created_at", "updated_at"],
      ["definition"],
    ),
    T(
      "webhook_endpoint",
      "webhook_endpoints",
      ["id", "url", "description", "events", "enabled", "created_at"],
      ["events"],
    ),
    T(
      "broadcast",
      "broadcasts",
      [
        "id",
        "name",
        "channel_id",
        "channel_type",
        "audience",
        "variants",
        "status",
        "scheduled_at",
        "rate_per_minute",
        "created_at",
        "started_at",
        "finished_at",
      ],
      ["audience", "variants"],
    ),
  ],
  audit: [
    T(
      "audit_entry",
      "audit_log",
      [
        "id",
        "actor_type",
        "actor_id",
        "action",
        "target_type",
        "target_id",
        "data",
        "ip",
        "created_at",
      ],
      ["data"],
    ),
  ],
};

export const MESSAGE_COLUMNS = [
  "conversation_id",
  "id",
  "seq",
  "author_type",
  "author_id",
  "author_name",
  "kind",
  "text",
  "language",
  "translation",
  "attachments",
  "created_at",
  "edited_at",
  "deleted_at",
  "history",
  "delivery",
] as const;

const PAGE = 500;

/** Rows of one table for one tenant, by primary key order; tables without an `id` page by rowid. */
export async function* tableRows(
  d1: D1Database,
  tenantId: string,
  src: TableSource,
): AsyncGenerator<Record<string, unknown>> {
  const hasId = src.columns.includes("id");
  const key = hasId ? "id" : "rowid";
  let cursor: string | number = hasId ? "" : -1;
  for (;;) {
    const { results } = await d1
      .prepare(
        `SELECT ${key} AS _k, ${src.columns.join(", ")} FROM ${src.table} WHERE tenant_id = ? AND ${key} > ? ORDER BY ${key} LIMIT ${PAGE}`,
      )
      .bind(tenantId, cursor)
      .all<Record<string, unknown>>();
    for (const { _k, ...row } of results) {
      for (const j of src.json ?? [])
        if (typeof row[j] === "string") row[j] = JSON.parse(row[j] as string);
      yield row;
    }
    if (results.length < PAGE) return;
    cursor = results[results.length - 1]._k as string | number;
  }
}

/** Every message of every conversation, oldest first; a conversation that cannot be read yields one error. */
export async function* messageRows(
  d1: D1Database,
  store: ConversationStore,
  tenantId: string,
): AsyncGenerator<
  { row: Record<string, unknown> } | { error: { conversationId: string; message: string } }
> {
  for await (const conv of tableRows(d1, tenantId, {
    type: "conversation",
    table: "conversations",
    columns: ["id"],
  })) {
    const conversationId = conv.id as string;
    let after = 0;
    try {
      for (;;) {
        const page = await store.listMessages(conversationId, after, 200);
        for (const m of page) {
          yield {
            row: {
              conversation_id: conversationId,
              id: m.id,
              seq: m.seq,
              author_type: m.author.type,
              author_id: m.author.id,
              author_name: m.author.name,
              kind: m.kind,
              text: m.text,
              language: m.language,
              translation: m.translation,
              attachments: m.attachments,
              created_at: m.createdAt,
              edited_at: m.editedAt,
              deleted_at: m.deletedAt,
              history: m.history,
              delivery: m.delivery,
            },
          };
        }
        if (page.length < 200) break;
        after = page[page.length - 1].seq;
      }
    } catch (err) {
      yield {
        error: { conversationId, message: err instanceof Error ? err.message : String(err) },
      };
    }
  }
}
