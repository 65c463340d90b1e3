/**
 * Shop-supplied facts about a widget visitor (plan, cart value, logged-in flag…), merged into the
 * contact's `attributes`. The visitor token is the credential, exactly as for the widget socket.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { inTenant } from "../db/client";
import { contacts } from "../db/schema";
import { ApiError } from "../lib/errors";
import { findOrCreateIdentity } from "./contacts";
import { verifyVisitorToken, widgetChannelOf } from "./widget";

export const MAX_ATTRIBUTES = 50;
export type AttributeValue = string | number | boolean;

export async function mergeVisitorAttributes(
  db: Db,
  env: Pick<Env, "ENCRYPTION_KEY" | "SIGNING_KEY">,
  token: string,
  attributes: Record<string, AttributeValue>,
  origin: string | null | undefined,
): Promise<Record<string, unknown>> {
  const claims = await verifyVisitorToken(env.SIGNING_KEY, token);
  if (!claims)
    throw new ApiError(
      "UNAUTHENTICATED",
      "Start a widget session first; the visitor token is missing, invalid or expired.",
    );
  const channel = await widgetChannelOf(db, env, claims.t, origin);
  if (channel.channelId !== claims.c)
    throw new ApiError("UNAUTHENTICATED", "This visitor token belongs to another widget.");
  // A shop may describe its visitor before the first message: the contact is created then.
  const identity = await findOrCreateIdentity(db, {
    tenantId: claims.t,
    channelId: channel.channelId,
    channelType: "widget",
    externalId: claims.x,
  });
  const row = await db.query.contacts.findFirst({
    columns: { attributes: true },
    where: inTenant(contacts, claims.t, eq(contacts.id, identity.contactId)),
  });
  if (!row) throw new ApiError("CONTACT_NOT_FOUND", "The visitor's contact no longer exists.");
  const merged = { ...row.attributes, ...attributes };
  const count = Object.keys(merged).length;
  if (count > MAX_ATTRIBUTES)
    throw new ApiError(
      "VALIDATION_FAILED",
      `A contact holds at most ${MAX_ATTRIBUTES} attributes.`,
      { count, max: MAX_ATTRIBUTES },
    );
  await db
    .update(contacts)
    .set({ attributes: merged, updatedAt: Date.now() })
    .where(inTenant(contacts, claims.t, eq(contacts.id, identity.contactId)));
  return merged;
}
