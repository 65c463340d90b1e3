import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { signupTenant } from "../../../test/helpers";
import { db, fakeStore, message, seedContact, seedConversation } from "../../../test/ops-fixtures";
import type { Auth } from "../../app-env";
import { contacts, kbEntries } from "../../db/schema";
import { newId } from "../../lib/ids";
import type { ConversationStore } from "../../services/conversation-actions";
import { createWorkflow } from "../../automation/workflow-service";
import { createEndpoint } from "../../outgoing-webhooks/endpoints";
import { csvCell } from "./csv";
import { exportCsv, exportJsonl } from "./export-stream";
import { EXPORT_RESOURCES } from "./export-sources";

type Line = { type: string; [k: string]: unknown };
const lines = async (s: ReadableStream<Uint8Array>): Promise<Line[]> =>
  (await new Response(s).text())
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Line);

async function tenantWithData() {
  const t = await signupTenant("Export Co");
  const auth: Auth = {
    tenantId: t.tenantId,
    userId: t.userId,
    role: "owner",
    apiKeyId: null,
    email: null,
  };
  const contactId = await seedContact(t.tenantId, {
    name: 'Zoë "Z" O\'Neil, Jr.',
    attributes: { note: '=HYPERLINK("http://evil")' },
  });
  const conv = await seedConversation(t.tenantId, contactId, { tags: ["vip"] });
  await db()
    .insert(kbEntries)
    .values({
      id: newId("kb"),
      tenantId: t.tenantId,
      question: "Do you ship to Spain?",
      answer: "Yes, in 3 days.",
    });
  await createWorkflow(db(), env.ENCRYPTION_KEY, auth, {
    name: "w",
    definition: { trigger: { type: "conversation.created" }, steps: [{ type: "resolve" }] },
  });
  const { secret } = await createEndpoint(db(), env.ENCRYPTION_KEY, auth, {
    url: "https://crm.example.com/h",
    events: ["*"],
  });
  const store = fakeStore({
    [conv]: [
      message(conv, 1, "Hi, my order is late"),
      message(conv, 2, "Sorry! It ships today.", {
        editedAt: 5,
        history: [{ text: "Sorry! It shipped.", at: 3 }],
      }),
      message(conv, 3, "", { deletedAt: 9, history: [{ text: "never mind", at: 8 }] }),
    ],
  });
  return { t, auth, contactId, conv, store, secret };
}

describe("export", () => {
  it("should stream every resource as JSONL with a header, edit history and an end record", async () => {
    const { t, contactId, conv, store, secret } = await tenantWithData();
    const other = await signupTenant();
    await seedContact(other.tenantId, { name: "Not mine" });
    const out = await lines(exportJsonl(env.DB, store, t.tenantId, [...EXPORT_RESOURCES]));
    expect(out[0]).toMatchObject({ type: "export", version: 1, tenantId: t.tenantId });
    const end = out.at(-1)!;
    expect(end).toMatchObject({
      type: "end",
      errors: 0,
      counts: {
        contact: 1,
        conversation: 1,
        message: 3,
        kb_entry: 1,
        workflow: 1,
        webhook_endpoint: 1,
        user: 1,
        channel: 1,
        tenant: 1,
      },
    });
    expect(out.find((l) => l.type === "contact")).toMatchObject({
      id: contactId,
      attributes: { note: '=HYPERLINK("http://evil")' },
    });
    expect(out.find((l) => l.type === "conversation")).toMatchObject({ id: conv, tags: ["vip"] });
    const edited = out.find((l) => l.type === "message" && l.seq === 2)!;
    expect(edited).toMatchObject({
      conversation_id: conv,
      text: "Sorry! It ships today.",
      history: [{ text: "Sorry! It shipped.", at: 3 }],
    });
    expect(out.find((l) => l.type === "message" && l.seq === 3)).toMatchObject({
      deleted_at: 9,
      history: [{ text: "never mind", at: 8 }],
    });
    const raw = JSON.stringify(out);
    expect(raw).not.toContain("Not mine");
    for (const secretish of ["password_hash", "pbkdf2$", "credentials_enc", "secret_enc", secret])
      expect(raw).not.toContain(secretish);
  });

  it("should page through more rows than one page and record unreadable conversations as errors", async () => {
    const t = await signupTenant();
    const rows = Array.from({ length: 620 }, (_, i) => ({
      id: `con_${String(i).padStart(4, "0")}`,
      tenantId: t.tenantId,
      name: `c${i}`,
    }));
    for (let i = 0; i < rows.length; i += 10)
      await db()
        .insert(contacts)
        .values(rows.slice(i, i + 10));
    const conv = await seedConversation(t.tenantId, rows[0].id);
    const broken: ConversationStore = {
      ...fakeStore(),
      listMessages: async () => Promise.reject(new Error("object unavailable")),
    };
    const out = await lines(exportJsonl(env.DB, broken, t.tenantId, ["contacts", "messages"]));
    expect(out.filter((l) => l.type === "contact")).toHaveLength(620);
    expect(new Set(out.filter((l) => l.type === "contact").map((l) => l.id)).size).toBe(620);
    expect(out.find((l) => l.type === "error")).toMatchObject({
      resource: "messages",
      conversationId: conv,
      message: "object unavailable",
    });
    expect(out.at(-1)).toMatchObject({ type: "end", errors: 1 });
  });

  it("should write CSV with RFC 4180 quoting and neutralised formulas", async () => {
    const { t, store, conv } = await tenantWithData();
    const text = await new Response(exportCsv(env.DB, store, t.tenantId, "contact")).text();
    const [header, row] = text.split("\r\n");
    expect(header.startsWith("id,name,email,phone")).toBe(true);
    expect(row).toContain('"Zoë ""Z"" O\'Neil, Jr."');
    expect(row).toContain('"{""note"":""=HYPERLINK(\\""http://evil\\"")""}"');
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
    const messages = await new Response(exportCsv(env.DB, store, t.tenantId, "message")).text();
    expect(messages.split("\r\n").filter(Boolean)).toHaveLength(4);
    expect(messages).toContain(conv);
  });
});
