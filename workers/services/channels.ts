import { fetchWhatsAppTemplates, type TemplateInfo } from "../channels/whatsapp-templates";
import { and, eq, sql } from "drizzle-orm";
import type { Auth } from "../app-env";
import { inTenant, type Db } from "../db/client";
import { channels, type ChannelType } from "../db/schema";
import type { ChannelAdapter, OutboundMessage, SendContext, SendResult } from "../channels/adapter";
import { splitEventSecret, withEventSecret } from "../channels/credentials";
import {
  adapterFor,
  getAdapter,
  isChannelType,
  registeredChannels,
  type ChannelCredentials,
} from "../channels/registry";
import { decryptJson, encryptJson, randomToken } from "../lib/crypto";
import { ApiError } from "../lib/errors";
import { newId } from "../lib/ids";
import { audit } from "./audit";
import { forgetChannel } from "./channel-lookup";
import { verificationOf, verifyConnection } from "./channel-verification";

export type ChannelRow = typeof channels.$inferSelect;

export function webhookUrl(baseUrl: string, row: Pick<ChannelRow, "id" | "type">): string {
  return `${baseUrl.replace(/\/$/, "")}/webhooks/${row.type}/${row.id}`;
}

/** The API's view of a channel: never the credentials. */
export function publicChannel(baseUrl: string, row: ChannelRow) {
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    status: row.status,
    webhookUrl: webhookUrl(baseUrl, row),
    createdAt: row.createdAt,
    lastEventAt: row.lastEventAt,
    verification: verificationOf(row.config),
  };
}

/** The channel types the API accepts: the registry's. An unknown one is a 404, like an unknown channel. */
export function adapterOf(type: string): ChannelAdapter {
  const adapter = adapterFor(type);
  if (!adapter) throw new ApiError("CHANNEL_NOT_FOUND", `No channel type ${type}.`);
  return adapter;
}

/** What the dashboard needs to offer a channel: its name and connect form (GET /channels/types). */
export function channelTypes() {
  return registeredChannels().map((a) => ({
    type: a.type,
    label: a.label,
    form: a.form ?? null,
    broadcasts: a.broadcast !== undefined,
  }));
}

/** Validates credentials for a channel type, generating the secrets we own (the adapter's `generatedSecrets`). */
export function validateCredentials(
  adapter: ChannelAdapter,
  raw: Record<string, unknown>,
): unknown {
  const withGenerated = { ...raw };
  for (const [field, bytes] of Object.entries(adapter.generatedSecrets ?? {}))
    if (!withGenerated[field]) withGenerated[field] = randomToken(bytes);
  const parsed = adapter.credentialsSchema.safeParse(withGenerated);
  if (!parsed.success) {
    throw new ApiError(
      "VALIDATION_FAILED",
      `These are not valid ${adapter.type} credentials.`,
      parsed.error.issues.map((i) => ({
        path: ["credentials", ...i.path].join("."),
        message: i.message,
      })),
    );
  }
  return parsed.data;
}

/**
 * The non-secret settings kept in clear next to the sealed credentials (an email inbox's address, so
 * the email() handler can find the channel without decrypting every row).
 */
const channelConfig = (adapter: ChannelAdapter, creds: unknown): Record<string, unknown> =>
  adapter.config?.(creds) ?? {};

/** Mail is routed by recipient address alone, so one address can belong to one channel only. */
async function assertAddressFree(db: Db, address: string): Promise<void> {
  const taken = await db.query.channels.findFirst({
    columns: { id: true },
    where: and(
      eq(channels.type, "email"),
      sql`json_extract(${channels.config}, '$.address') = ${address}`,
    ),
  });
  if (taken)
    throw new ApiError("CONFLICT", "Another email channel already receives mail at this address.");
}

/**
 * The value the page shows beside the webhook URL: the platform's handshake token, or what the
 * adapter says the platform echoes instead (Telegram's `secret_token`), so a merchant setting the
 * webhook by hand pastes the right one.
 */
const verifyTokenFor = (adapter: ChannelAdapter, creds: unknown): string =>
  adapter.verifyToken?.(creds) || randomToken(16);

/**
 * Connects a channel. The platform is asked whether the credentials work first: a refusal is a 422
 * and stores nothing; an unreachable platform stores the channel as not verified yet. Every type but
 * the widget (whose server events use its identity secret) gets a secret for Edgedesk-format events,
 * returned here once.
 */
export async function createChannel(
  env: Env,
  db: Db,
  auth: Auth,
  input: { type: string; name: string; credentials: Record<string, unknown> },
  ctx: { fetch: typeof fetch; baseUrl: string },
) {
  const adapter = adapterOf(input.type);
  const type = adapter.type;
  if (!isChannelType(type)) throw new ApiError("CHANNEL_NOT_FOUND", `No channel type ${type}.`);
  const creds = validateCredentials(adapter, input.credentials);
  const eventSecret = adapter.edgedeskEvents === false ? undefined : randomToken(32);
  const config = channelConfig(adapter, creds);
  if (typeof config.address === "string") await assertAddressFree(db, config.address);
  const id = newId("chn");
  const verification = await verifyConnection(adapter, creds, {
    fetch: ctx.fetch,
    webhookUrl: webhookUrl(ctx.baseUrl, { id, type }),
    refusal: "throw",
    channelId: id,
  });
  const row = {
    id,
    tenantId: auth.tenantId,
    type,
    name: input.name,
    credentialsEnc: await encryptJson(
      env.ENCRYPTION_KEY,
      withEventSecret(creds as object, eventSecret),
    ),
    verifyToken: verifyTokenFor(adapter, creds),
    config: verification ? { ...config, verification } : config,
  };
  const [created] = await db.insert(channels).values(row).returning();
  await audit(db, auth.tenantId, auth, {
    action: "channel.created",
    targetType: "channel",
    targetId: row.id,
    data: { type: input.type },
  });
  return { row: created, creds, eventSecret };
}

export async function getChannel(db: Db, tenantId: string, id: string): Promise<ChannelRow> {
  const row = await db.query.channels.findFirst({
    where: inTenant(channels, tenantId, eq(channels.id, id)),
  });
  if (!row) throw new ApiError("CHANNEL_NOT_FOUND", "No such channel.");
  return row;
}

export async function listChannels(db: Db, tenantId: string): Promise<ChannelRow[]> {
  return db.select().from(channels).where(inTenant(channels, tenantId));
}

export async function updateChannel(
  env: Env,
  db: Db,
  auth: Auth,
  id: string,
  patch: { name?: string; status?: "active" | "disabled"; credentials?: Record<string, unknown> },
  ctx: { fetch: typeof fetch; baseUrl: string },
) {
  const row = await getChannel(db, auth.tenantId, id);
  const set: Partial<ChannelRow> = { updatedAt: Date.now() };
  if (patch.name) set.name = patch.name;
  if (patch.status) set.status = patch.status;
  if (patch.credentials) {
    // Secrets we generated survive an update that does not name them.
    const { credentials: current, eventSecret } = await openSealed(env, row);
    const adapter = getAdapter(row.type);
    const creds = validateCredentials(adapter, { ...current, ...patch.credentials });
    set.credentialsEnc = await encryptJson(
      env.ENCRYPTION_KEY,
      withEventSecret(creds as object, eventSecret),
    );
    const config = channelConfig(adapter, creds);
    if (typeof config.address === "string" && config.address !== row.config.address)
      await assertAddressFree(db, config.address);
    // New credentials are asked about like new connections: refused ones change nothing.
    const verification = await verifyConnection(adapter, creds, {
      fetch: ctx.fetch,
      webhookUrl: webhookUrl(ctx.baseUrl, row),
      refusal: "throw",
      channelId: id,
    });
    set.config = { ...row.config, ...config, ...(verification ? { verification } : {}) };
    // Only an echoed secret follows the credentials; a random handshake token stays what the merchant pasted.
    if (adapter.verifyToken) set.verifyToken = verifyTokenFor(adapter, creds);
  }
  const [updated] = await db
    .update(channels)
    .set(set)
    .where(inTenant(channels, auth.tenantId, eq(channels.id, id)))
    .returning();
  // Webhook lookups are cached per isolate: a disabled or re-keyed connection must stop here at once.
  forgetChannel(id);
  await audit(db, auth.tenantId, auth, {
    action: "channel.updated",
    targetType: "channel",
    targetId: id,
    data: { fields: Object.keys(patch) },
  });
  return updated;
}

export async function deleteChannel(db: Db, auth: Auth, id: string): Promise<void> {
  const res = await db
    .delete(channels)
    .where(inTenant(channels, auth.tenantId, eq(channels.id, id)))
    .returning({ id: channels.id });
  if (!res.length) throw new ApiError("CHANNEL_NOT_FOUND", "No such channel.");
  forgetChannel(id);
  await audit(db, auth.tenantId, auth, {
    action: "channel.deleted",
    targetType: "channel",
    targetId: id,
  });
}

async function openSealed(
  env: Pick<Env, "ENCRYPTION_KEY">,
  row: Pick<ChannelRow, "credentialsEnc">,
) {
  return splitEventSecret(
    await decryptJson<Record<string, unknown>>(env.ENCRYPTION_KEY, row.credentialsEnc),
  );
}

/** The platform's credentials of a connection (never its events secret). */
type CredentialsOf<T extends string> = T extends keyof ChannelCredentials
  ? ChannelCredentials[T]
  : Record<string, unknown>;

export async function openCredentials<T extends string>(
  env: Pick<Env, "ENCRYPTION_KEY">,
  row: Pick<ChannelRow, "credentialsEnc"> & { type: T },
): Promise<CredentialsOf<T>> {
  return (await openSealed(env, row)).credentials as CredentialsOf<T>;
}

/** The WhatsApp templates last read from the Business Account, and when (null: never synced). */
export function storedTemplates(row: ChannelRow): {
  templates: TemplateInfo[];
  syncedAt: number | null;
} {
  const list = Array.isArray(row.config.templates) ? (row.config.templates as TemplateInfo[]) : [];
  return {
    templates: list,
    syncedAt:
      typeof row.config.templatesSyncedAt === "number" ? row.config.templatesSyncedAt : null,
  };
}

/**
 * Reads the channel's message templates from its WhatsApp Business Account and stores them on the channel
 * (`config.templates`): broadcasts are checked against the approved ones. A failure changes nothing.
 */
export async function syncWhatsAppTemplates(
  env: Pick<Env, "ENCRYPTION_KEY">,
  db: Db,
  tenantId: string,
  actor: Pick<Auth, "userId" | "apiKeyId"> | null,
  id: string,
  fetchFn: typeof fetch = fetch,
) {
  const row = await getChannel(db, tenantId, id);
  if (row.type !== "whatsapp")
    throw new ApiError("INVALID_STATE", "Message templates are a WhatsApp feature.");
  const creds = await openCredentials(env, { ...row, type: "whatsapp" as const });
  const res = await fetchWhatsAppTemplates(creds, fetchFn);
  if (!res.ok) {
    if (res.code === "WABA_ID_MISSING")
      throw new ApiError("VALIDATION_FAILED", res.message, [
        { path: "credentials.wabaId", message: "required to read templates" },
      ]);
    throw new ApiError("UPSTREAM_ERROR", `WhatsApp did not return the templates: ${res.message}`, {
      code: res.code,
      status: res.status,
    });
  }
  const syncedAt = Date.now();
  // Only the template keys are written: a credentials update made meanwhile keeps the rest of the config.
  await db
    .update(channels)
    .set({
      config: sql`json_set(${channels.config}, '$.templates', json(${JSON.stringify(res.templates)}), '$.templatesSyncedAt', ${syncedAt})`,
      updatedAt: syncedAt,
    })
    .where(inTenant(channels, tenantId, eq(channels.id, id)));
  await audit(db, tenantId, actor, {
    action: "channel.templates_synced",
    targetType: "channel",
    targetId: id,
    data: { templates: res.templates.length, by: actor ? "user" : "template webhook" },
  });
  return { templates: res.templates, syncedAt };
}

/** A new widget identity secret, shown once to the admin who asked for it. */
export async function rotateWidgetSecret(
  env: Env,
  db: Db,
  auth: Auth,
  id: string,
): Promise<string> {
  const row = await getChannel(db, auth.tenantId, id);
  if (row.type !== "widget")
    throw new ApiError("INVALID_STATE", "Only web-widget channels have an identity secret.");
  const creds = await openCredentials(env, { ...row, type: "widget" as const });
  const identitySecret = randomToken(32);
  await db
    .update(channels)
    .set({
      credentialsEnc: await encryptJson(env.ENCRYPTION_KEY, { ...creds, identitySecret }),
      updatedAt: Date.now(),
    })
    .where(inTenant(channels, auth.tenantId, eq(channels.id, id)));
  forgetChannel(id);
  await audit(db, auth.tenantId, auth, {
    action: "channel.secret_rotated",
    targetType: "channel",
    targetId: id,
  });
  return identitySecret;
}

/**
 * A new secret for a connection's Edgedesk-format events, shown once to the admin who asked for it;
 * the old one stops working at once. Connections made before these secrets existed get their first.
 */
export async function rotateEventSecret(env: Env, db: Db, auth: Auth, id: string): Promise<string> {
  const row = await getChannel(db, auth.tenantId, id);
  if (getAdapter(row.type).edgedeskEvents === false)
    throw new ApiError(
      "INVALID_STATE",
      "A web-widget channel's server events are signed with its identity secret.",
    );
  const { credentials } = await openSealed(env, row);
  const eventSecret = randomToken(32);
  await db
    .update(channels)
    .set({
      credentialsEnc: await encryptJson(
        env.ENCRYPTION_KEY,
        withEventSecret(credentials, eventSecret),
      ),
      updatedAt: Date.now(),
    })
    .where(inTenant(channels, auth.tenantId, eq(channels.id, id)));
  forgetChannel(id);
  await audit(db, auth.tenantId, auth, {
    action: "channel.event_secret_rotated",
    targetType: "channel",
    targetId: id,
  });
  return eventSecret;
}

/**
 * Asks the platform again with the stored credentials (the channels page's "Check again"), keeping
 * the answer, a refusal included: the channel exists already.
 */
export async function recheckChannel(
  env: Env,
  db: Db,
  auth: Auth,
  id: string,
  ctx: { fetch: typeof fetch; baseUrl: string },
): Promise<ChannelRow> {
  const row = await getChannel(db, auth.tenantId, id);
  const creds = await openCredentials(env, row);
  const verification = await verifyConnection(getAdapter(row.type), creds, {
    fetch: ctx.fetch,
    webhookUrl: webhookUrl(ctx.baseUrl, row),
    refusal: "store",
    channelId: id,
  });
  if (!verification)
    throw new ApiError(
      "INVALID_STATE",
      "Email and widget channels have no platform credentials to check.",
    );
  const [updated] = await db
    .update(channels)
    .set({
      config: sql`json_set(${channels.config}, '$.verification', json(${JSON.stringify(verification)}))`,
      updatedAt: Date.now(),
    })
    .where(inTenant(channels, auth.tenantId, eq(channels.id, id)))
    .returning();
  await audit(db, auth.tenantId, auth, {
    action: "channel.checked",
    targetType: "channel",
    targetId: id,
    data: { state: verification.state },
  });
  return updated;
}

/** Sends through a channel's adapter with its stored credentials (the channels page's test sends). */
export async function sendVia(
  env: Pick<Env, "ENCRYPTION_KEY">,
  row: ChannelRow,
  out: OutboundMessage,
  ctx: SendContext,
): Promise<SendResult> {
  const adapter = getAdapter(row.type);
  if (!adapter.send)
    throw new ApiError("INVALID_STATE", `${adapter.label} replies are not sent by the platform.`);
  return adapter.send(out, await openCredentials(env, row), ctx);
}
