import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { signupTenant } from "../../test/helpers";
import { db, seedContact, seedConversation } from "../../test/ops-fixtures";
import { contacts } from "../db/schema";
import { createAiResponder } from "./ai-responder";

const LONG_AGO = 1_000_000;

async function turn(tenantId: string, knownLanguage: string, message: string) {
  const contactId = await seedContact(tenantId, { language: knownLanguage, updatedAt: LONG_AGO });
  const conversationId = await seedConversation(tenantId, contactId);
  const result = await createAiResponder(env)({
    tenantId,
    conversationId,
    contactId,
    message,
    attachments: [],
    history: [],
    contact: { vip: false, language: knownLanguage },
    signal: new AbortController().signal,
    onToken() {},
  });
  const [row] = await db().select().from(contacts).where(eq(contacts.id, contactId));
  return { result, row };
}

describe("live AI turn", () => {
  it("should not write the contact when the conversation's language stays the same", async () => {
    const t = await signupTenant();
    const { result, row } = await turn(
      t.tenantId,
      "en",
      "Hello, where is my order? I ordered it two weeks ago and it has not arrived yet.",
    );
    expect(result.conversationLanguage).toBe("en");
    expect(row.language).toBe("en");
    expect(row.updatedAt).toBe(LONG_AGO);
  });

  it("should store a new conversation language on the contact", async () => {
    const t = await signupTenant();
    const { result, row } = await turn(
      t.tenantId,
      "en",
      "Hola, ¿dónde está mi pedido? Lo pedí hace dos semanas y todavía no ha llegado.",
    );
    expect(result.conversationLanguage).toBe("es");
    expect(row.language).toBe("es");
    expect(row.updatedAt).toBeGreaterThan(LONG_AGO);
  });
});
