/** Builds a workflow's context from D1: the conversation's index row, its contact, the tenant's hours. */
import { eq } from "drizzle-orm";
import { inTenant, type Db } from "../db/client";
import { contacts, conversations } from "../db/schema";
import { getSettings } from "../services/tenant-settings";
import type { EventData } from "../services/events";
import { businessHoursFromSettings, openAt } from "../lib/business-hours";
import type { WorkflowContext } from "./context";

export async function loadContext(
  db: Db,
  tenantId: string,
  conversationId: string,
  event: { type: string; at: number; data: EventData },
  vars: Record<string, unknown>,
  now: number,
): Promise<WorkflowContext | null> {
  const [conv] = await db
    .select()
    .from(conversations)
    .where(inTenant(conversations, tenantId, eq(conversations.id, conversationId)));
  if (!conv) return null;
  const [[contact], settings] = await Promise.all([
    db
      .select()
      .from(contacts)
      .where(inTenant(contacts, tenantId, eq(contacts.id, conv.contactId))),
    getSettings(db, tenantId),
  ]);
  const hours = businessHoursFromSettings(settings);
  const d = event.data;
  return {
    tenantId,
    event: { type: event.type, at: event.at },
    conversation: {
      id: conv.id,
      status: conv.status,
      channelType: conv.channelType,
      language: conv.language,
      tags: conv.tags,
      assigneeId: conv.assigneeId,
      lastInboundAt: conv.lastInboundAt,
      lastMessageAt: conv.lastMessageAt,
      handoverAt: conv.handoverAt,
      lastMessageText: conv.lastMessageText,
    },
    contact: contact
      ? {
          id: contact.id,
          name: contact.name,
          email: contact.email,
          phone: contact.phone,
          language: contact.language,
          country: contact.country,
          vip: contact.vip,
          tags: contact.tags,
          attributes: contact.attributes,
        }
      : null,
    message:
      d.text !== undefined
        ? { text: d.text, intent: d.intent ?? null, language: d.language ?? null }
        : null,
    country: d.country?.toUpperCase() ?? contact?.country?.toUpperCase() ?? null,
    businessHours: hours ? openAt(hours, now) : null,
    vars,
  };
}
