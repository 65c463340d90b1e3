import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addMember, call, errorOf, signupTenant } from "../helpers";
import { db, seedContact, seedConversation } from "../ops-fixtures";
import { contactIdentities } from "../../workers/db/schema";
import { newId } from "../../workers/lib/ids";

type ContactBody = {
  contact: {
    id: string;
    email: string | null;
    phone: string | null;
    attributes: Record<string, unknown>;
    masked: string[];
    tags: string[];
    vip: boolean;
    identities: { id: string; externalId: string }[];
    conversations: { id: string }[];
    optIns: { channelType: string }[];
  };
};

async function contactRow(id: string) {
  return env.DB.prepare(
    "SELECT name, tags, vip, attributes, language, email FROM contacts WHERE id = ?",
  )
    .bind(id)
    .first();
}

async function auditActions(tenantId: string): Promise<string[]> {
  const { results } = await env.DB.prepare("SELECT action FROM audit_log WHERE tenant_id = ?")
    .bind(tenantId)
    .all<{ action: string }>();
  return results.map((r) => r.action);
}

async function setup() {
  const owner = await signupTenant();
  const contactId = await seedContact(owner.tenantId, {
    name: "Jane Shopper",
    email: "jane.shopper@gmail.com",
    phone: "+34 612 345 612",
    tags: ["vip"],
    attributes: { cardLast: "4242 4242 4242 4242", plan: "gold" },
  });
  const identityId = newId("cid");
  await db()
    .insert(contactIdentities)
    .values({
      id: identityId,
      tenantId: owner.tenantId,
      contactId,
      channelId: newId("chn"),
      channelType: "whatsapp",
      externalId: "+34612345612",
    });
  const conv = await seedConversation(owner.tenantId, contactId);
  return { owner, contactId, identityId, conv };
}

describe("contacts API", () => {
  it("should list and show contacts with email, phone and payment data masked for every role", async () => {
    const { owner, contactId, conv } = await setup();
    await seedContact(owner.tenantId, { name: "Other", email: "o@x.com", tags: ["new"] });
    const viewer = await addMember(owner, "viewer");
    for (const who of [owner, viewer]) {
      const res = await call("GET", `/api/contacts/${contactId}`, { cookie: who.cookie });
      expect(res.status).toBe(200);
      const { contact } = (await res.json()) as ContactBody;
      expect(contact).toMatchObject({
        email: "j***@g***.com",
        phone: "+34 *** *** 12",
        attributes: { cardLast: "**** 4242", plan: "gold" },
      });
      expect(contact.masked.sort()).toEqual(["attributes.cardLast", "email", "phone"]);
      expect(contact.identities[0].externalId).toBe("+34 *** *** 12");
      expect(contact.conversations.map((c) => c.id)).toEqual([conv]);
      expect(JSON.stringify(contact)).not.toContain("jane.shopper");
    }
    const byTag = (await (
      await call("GET", "/api/contacts?tag=vip", { cookie: owner.cookie })
    ).json()) as { contacts: { id: string }[] };
    expect(byTag.contacts.map((c) => c.id)).toEqual([contactId]);
    const byText = (await (
      await call("GET", "/api/contacts?q=jane.shop", { cookie: owner.cookie })
    ).json()) as { contacts: { id: string }[] };
    expect(byText.contacts.map((c) => c.id)).toEqual([contactId]);
    expect((await call("GET", "/api/contacts?limit=0", { cookie: owner.cookie })).status).toBe(422);
    expect((await call("GET", "/api/contacts")).status).toBe(401);
  });

  it("should let owners and admins reveal one field, audited, and never viewers or agents", async () => {
    const { owner, contactId, identityId } = await setup();
    const admin = await addMember(owner, "admin");
    const res = await call("POST", `/api/contacts/${contactId}/reveal`, {
      cookie: admin.cookie,
      body: { field: "email" },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ field: "email", value: "jane.shopper@gmail.com" });
    expect(
      (
        (await (
          await call("POST", `/api/contacts/${contactId}/reveal`, {
            cookie: owner.cookie,
            body: { field: `identities.${identityId}` },
          })
        ).json()) as { value: string }
      ).value,
    ).toBe("+34612345612");
    expect(
      (
        (await (
          await call("POST", `/api/contacts/${contactId}/reveal`, {
            cookie: owner.cookie,
            body: { field: "attributes.cardLast" },
          })
        ).json()) as { value: string }
      ).value,
    ).toBe("4242 4242 4242 4242");
    const reveals = (await auditActions(owner.tenantId)).filter((a) => a === "pii.revealed");
    expect(reveals).toHaveLength(3);
    const entry = await env.DB.prepare(
      "SELECT actor_id, data FROM audit_log WHERE tenant_id = ? AND action = 'pii.revealed' ORDER BY created_at LIMIT 1",
    )
      .bind(owner.tenantId)
      .first<{ actor_id: string; data: string }>();
    expect(entry!.actor_id).toBe(admin.userId);
    expect(entry!.data).not.toContain("jane.shopper");

    for (const role of ["viewer", "agent"] as const) {
      const m = await addMember(owner, role);
      const denied = await call("POST", `/api/contacts/${contactId}/reveal`, {
        cookie: m.cookie,
        body: { field: "phone" },
      });
      expect(denied.status).toBe(403);
      expect((await errorOf(denied)).code).toBe("FORBIDDEN");
    }
    expect((await auditActions(owner.tenantId)).filter((a) => a === "pii.revealed")).toHaveLength(
      3,
    );
    expect(
      (
        await call("POST", `/api/contacts/${contactId}/reveal`, {
          cookie: owner.cookie,
          body: { field: "password" },
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await call("POST", `/api/contacts/${contactId}/reveal`, {
          cookie: owner.cookie,
          body: { field: "attributes.nope" },
        })
      ).status,
    ).toBe(404);
  });

  it("should update tags, attributes, VIP, language and consent, and reject bad input changing nothing", async () => {
    const { owner, contactId } = await setup();
    const agent = await addMember(owner, "agent");
    const res = await call("PATCH", `/api/contacts/${contactId}`, {
      cookie: agent.cookie,
      body: {
        tags: ["vip", "repeat"],
        attributes: { plan: null, size: "M" },
        vip: true,
        language: "es",
        optIn: { whatsapp: true },
        optOut: ["telegram"],
      },
    });
    expect(res.status).toBe(200);
    const { contact } = (await res.json()) as ContactBody;
    expect(contact).toMatchObject({
      tags: ["vip", "repeat"],
      vip: true,
      attributes: { size: "M", cardLast: "**** 4242" },
    });
    expect(contact.attributes).not.toHaveProperty("plan");
    expect(contact.optIns.map((o) => o.channelType)).toEqual(["whatsapp"]);
    expect(await auditActions(owner.tenantId)).toContain("contact.consent_changed");

    const before = await contactRow(contactId);
    for (const body of [{ vip: "yes" }, { tags: [""] }, { unknown: 1 }, { optOut: ["fax"] }]) {
      const bad = await call("PATCH", `/api/contacts/${contactId}`, { cookie: agent.cookie, body });
      expect(bad.status).toBe(422);
      expect((await errorOf(bad)).code).toBe("VALIDATION_FAILED");
    }
    const viewer = await addMember(owner, "viewer");
    expect(
      (
        await call("PATCH", `/api/contacts/${contactId}`, {
          cookie: viewer.cookie,
          body: { vip: false },
        })
      ).status,
    ).toBe(403);
    expect(await contactRow(contactId)).toEqual(before);
  });

  it("should answer 404 for another tenant's contact on every route and change nothing", async () => {
    const { contactId } = await setup();
    const intruder = await signupTenant();
    const before = await contactRow(contactId);
    for (const [method, path, body] of [
      ["GET", `/api/contacts/${contactId}`, undefined],
      ["PATCH", `/api/contacts/${contactId}`, { vip: false }],
      ["POST", `/api/contacts/${contactId}/reveal`, { field: "email" }],
      ["POST", `/api/contacts/${contactId}/erase`, undefined],
    ] as const) {
      const res = await call(method, path, { cookie: intruder.cookie, body });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect((await errorOf(res)).code).toBe("CONTACT_NOT_FOUND");
    }
    expect(await contactRow(contactId)).toEqual(before);
    const list = (await (
      await call("GET", "/api/contacts", { cookie: intruder.cookie })
    ).json()) as { contacts: unknown[] };
    expect(list.contacts).toEqual([]);
  });

  it("should erase a contact end to end, refused to viewers", async () => {
    const { owner, contactId } = await setup();
    const viewer = await addMember(owner, "viewer");
    expect(
      (await call("POST", `/api/contacts/${contactId}/erase`, { cookie: viewer.cookie })).status,
    ).toBe(403);
    expect(await contactRow(contactId)).not.toBeNull();
    // Conversation objects now erase themselves (refusals are covered with a fake store in privacy.test.ts).
    const erased = await call("POST", `/api/contacts/${contactId}/erase`, { cookie: owner.cookie });
    expect(erased.status).toBe(200);
    expect(await contactRow(contactId)).toBeNull();

    const lonely = await seedContact(owner.tenantId, { email: "gone@x.com" });
    await db()
      .insert(contactIdentities)
      .values({
        id: newId("cid"),
        tenantId: owner.tenantId,
        contactId: lonely,
        channelId: newId("chn"),
        channelType: "email",
        externalId: "gone@x.com",
      });
    const ok = await call("POST", `/api/contacts/${lonely}/erase`, { cookie: owner.cookie });
    expect(ok.status).toBe(200);
    expect(
      ((await ok.json()) as { receipt: { contactId: string; rowsDeleted: number } }).receipt,
    ).toMatchObject({ contactId: lonely, rowsDeleted: 2 });
    expect(await contactRow(lonely)).toBeNull();
    expect((await call("GET", `/api/contacts/${lonely}`, { cookie: owner.cookie })).status).toBe(
      404,
    );
    expect(await auditActions(owner.tenantId)).toContain("contact.erased");
  });
});
