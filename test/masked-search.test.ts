/** Search must not confirm a value a role only sees masked: a viewer could otherwise test phone numbers one by one. */
import { describe, expect, it } from "vitest";
import { addMember, call, signupTenant, type Caller } from "./helpers";
import { seedContact, seedConversation } from "./ops-fixtures";

async function setup() {
  const owner = await signupTenant();
  const contactId = await seedContact(owner.tenantId, {
    name: "Noor Haddad",
    email: "noor.private@example.org",
    phone: "+41 79 555 12 34",
  });
  const conversationId = await seedConversation(owner.tenantId, contactId, {
    messageCount: 1,
    lastMessageAt: Date.now(),
    lastMessageText: "Hello",
  });
  const members = {
    owner,
    admin: await addMember(owner, "admin"),
    agent: await addMember(owner, "agent"),
    viewer: await addMember(owner, "viewer"),
  };
  return { ...members, contactId, conversationId };
}

const conversationHits = async (who: Caller, q: string) =>
  (
    (await (
      await call("GET", `/api/conversations?view=all&q=${encodeURIComponent(q)}`, {
        cookie: who.cookie,
      })
    ).json()) as { conversations: { id: string }[] }
  ).conversations.map((c) => c.id);
const contactHits = async (who: Caller, q: string) =>
  (
    (await (
      await call("GET", `/api/contacts?q=${encodeURIComponent(q)}`, { cookie: who.cookie })
    ).json()) as { contacts: { id: string }[] }
  ).contacts.map((c) => c.id);

describe("search over masked contact fields", () => {
  it("should not let a viewer find a conversation by the contact's phone or email", async () => {
    const s = await setup();
    for (const q of ["555 12 34", "noor.private@"]) {
      expect(await conversationHits(s.viewer, q), `viewer: ${q}`).toEqual([]);
      // Agents and above see these fields on the conversation, so they may search them.
      expect(await conversationHits(s.agent, q), `agent: ${q}`).toEqual([s.conversationId]);
      expect(await conversationHits(s.owner, q), `owner: ${q}`).toEqual([s.conversationId]);
    }
    // The name is shown to every role and stays searchable.
    expect(await conversationHits(s.viewer, "Haddad")).toEqual([s.conversationId]);
  });

  it("should let only roles that can reveal them find contacts by phone or email", async () => {
    const s = await setup();
    for (const q of ["555 12 34", "noor.private@"]) {
      expect(await contactHits(s.viewer, q), `viewer: ${q}`).toEqual([]);
      expect(await contactHits(s.agent, q), `agent: ${q}`).toEqual([]);
      expect(await contactHits(s.admin, q), `admin: ${q}`).toEqual([s.contactId]);
      expect(await contactHits(s.owner, q), `owner: ${q}`).toEqual([s.contactId]);
    }
    expect(await contactHits(s.agent, "Noor")).toEqual([s.contactId]);
  });
});
