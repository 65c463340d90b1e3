/** Plain-text transcript of a conversation, paged from its object. Private notes are left out. */
import type { Message } from "../wire/socket";
import type { ConversationStore } from "../services/conversation-actions";

const PAGE = 200;
const MAX_MESSAGES = 5000;

export async function collectMessages(
  store: ConversationStore,
  conversationId: string,
  max = MAX_MESSAGES,
): Promise<Message[]> {
  const out: Message[] = [];
  let after = 0;
  while (out.length < max) {
    const page = await store.listMessages(conversationId, after, PAGE);
    out.push(...page);
    if (page.length < PAGE) break;
    after = page[page.length - 1].seq;
  }
  return out;
}

export function renderTranscript(messages: Message[]): string {
  const lines: string[] = [];
  for (const m of messages) {
    if (m.kind === "note") continue;
    const who =
      m.author.type === "shopper"
        ? "Customer"
        : m.author.type === "ai"
          ? "Assistant"
          : m.author.type === "agent"
            ? (m.author.name ?? "Agent")
            : "System";
    const when = new Date(m.createdAt).toISOString().replace("T", " ").slice(0, 16);
    const text = m.deletedAt ? `(unsent) ${m.text}` : m.text;
    lines.push(
      `[${when} UTC] ${who}: ${text}${m.attachments.length ? ` [${m.attachments.length} attachment(s)]` : ""}`,
    );
  }
  return lines.join("\n");
}
