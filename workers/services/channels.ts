import { fetchWhatsAppTemplates, type TemplateInfo } from "../channels/whatsapp-templates";
import { and, eq, sql } from "drizzle-orm";
import type { Auth } from "../app-env";
import { inTenant, type Db } from "../db/client";
import { channels, type ChannelType } from "../db/schema";
import type { OutboundMessage, SendContext, SendResult } from "../channels/adapter";
import { credentialsSchemas, splitEventSecret, withEventSecret, type ChannelCredentials } from "../channels/credentials";
import { getAdapter } from "../channels/registry";
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
  return { id: row.id, type: row.type, name: row.name, status: row.status, webhookUrl: webhookUrl(baseUrl, row), createdAt: row.createdAt, lastEventAt: row.lastEventAt, verification: verificationOf(row.config) };
}

/** Validates credentials for a channel type; generates the secrets we own (Telegram webhook secret, widget identity secret). */
export function validateCredentials<T extends ChannelType>(type: T, raw: Record<string, unknown>): ChannelCredentials[T] {
  const withGenerated = { ...raw };
  if (type === "telegram" && !withGenerated.webhookSecret) withGenerated.webhookSecret = randomToken(24);
  if (type === "widget" && !withGenerated.identitySecret) withGenerated.identitySecret = randomToken(32);
  const parsed = credentialsSchemas[type].safeParse(withGenerated);
  if (!parsed.success) {
    throw new ApiError(
      "VALIDATION_FAILED",
      `These are not valid ${type} credentials.`,
      parsed.error.issues.map((i) => ({ path: ["credentials", ...i.path].join("."), message: i.message })),
    );
  }
  return parsed.data as ChannelCredentials[T];
}

/**
 * The non-secret settings kept in clear next to the sealed credentials. An email channel's inbox
 * address lives here so the email() handler can find the channel without decrypting every row.
 */
function channelConfig(type: ChannelType, creds: ChannelCredentials[ChannelType]): Record<string, unknown> {
  return type === "email" && "address" in creds ? { address: creds.address.toLowerCase() } : {};
}

/** Mail is routed by recipient address alone, so one address can belong to one channel only. */
async function assertAddressFree(db: Db, address: string): Promise<void> {
  const taken = await db.query.channels.findFirst({ columns: { id: true }, where: and(eq(channels.type, "email"), sql`json_extract(${channels.config}, '$.address') = ${address}`) });
  if (taken) throw new ApiError("CONFLICT", "Another email channel already receives mail at this address.");
}

/**
 * Telegram has no handshake: the value the page shows beside the webhook URL is the secret Telegram
 * echoes (`secret_token` of setWebhook), so a merchant setting the webhook by hand pastes the right one.
 */
const verifyTokenFor = (type: ChannelType, creds: ChannelCredentials[ChannelType]): string =>
  type === "telegram" && "webhookSecret" in creds && creds.webhookSecret ? creds.webhookSecret : randomToken(16);

/**
 * Connects a channel. The platform is asked whether the credentials work first: a refusal is a 422
 * and stores nothing; an unreachable platform stores the channel as not verified yet. Every type but
 * the widget (whose server events use its identity secret) gets a secret for Edgedesk-format events,
 * returned here once.
 */
export async function createChannel(env: Env, db: Db, auth: Auth, input: { type: ChannelType; name: string; credentials: Record<string, unknown> }, ctx: { fetch: typeof fetch; baseUrl: string }) {
  const creds = validateCredentials(input.type, input.credentials);
  const eventSecret = input.type === "widget" ? undefined : randomToken(32);
  const config = channelConfig(input.type, creds);
  if (typeof config.address === "string") await assertAddressFree(db, config.address);
  const id = newId("chn");
  const verification = await verifyConnection(input.type, creds, { fetch: ctx.fetch, webhookUrl: webhookUrl(ctx.baseUrl, { id, type: input.type }), refusal: "throw", channelId: id });
  const row = {
    id,
    tenantId: auth.tenantId,
    type: input.type,
    name: input.name,
    credentialsEnc: await encryptJson(env.ENCRYPTION_KEY, withEventSecret(creds, eventSecret)),
    verifyToken: verifyTokenFor(input.type, creds),
    config: verification ? { ...config, verification } : config,
  };
  const [created] = await db.insert(channels).values(row).returning();
  await audit(db, auth.tenantId, auth, { action: "channel.created", targetType: "channel", targetId: row.id, data: { type: input.type } });
  return { row: created, creds, eventSecret };
}

export async function getChannel(db: Db, tenantId: string, id: string): Promise<ChannelRow> {
  const row = await db.query.channels.findFirst({ where: inTenant(channels, tenantId, eq(channels.id, id)) });
  if (!row) throw new ApiError("CHANNEL_NOT_FOUND", "No such channel.");
  return row;
}

export async function listChannels(db: Db, tenantId: string): Promise<ChannelRow[]> {
  return db.select().from(channels).where(inTenant(channels, tenantId));
}

export async function updateChannel(env: Env, db: Db, auth: Auth, id: string, patch: { name?: string; status?: "active" | "disabled"; credentials?: Record<string, unknown> }, ctx: { fetch: typeof fetch; baseUrl: string }) {
  const row = await getChannel(db, auth.tenantId, id);
  const set: Partial<ChannelRow> = { updatedAt: Date.now() };
  if (patch.name) set.name = patch.name;
  if (patch.status) set.status = patch.status;
  if (patch.credentials) {
    // Secrets we generated survive an update that does not name them.
    const { credentials: current, eventSecret } = await openSealed(env, row);
    const creds = validateCredentials(row.type, { ...current, ...patch.credentials });
    set.credentialsEnc = await encryptJson(env.ENCRYPTION_KEY, withEventSecret(creds, eventSecret));
    const config = channelConfig(row.type, creds);
    if (typeof config.address === "string" && config.address !== row.config.address) await assertAddressFree(db, config.address);
    // New credentials are asked about like new connections: refused ones change nothing.
    const verification = await verifyConnection(row.type, creds, { fetch: ctx.fetch, webhookUrl: webhookUrl(ctx.baseUrl, row), refusal: "throw", channelId: id });
    set.config = { ...row.config, ...config, ...(verification ? { verification } : {}) };
    if (row.type === "telegram") set.verifyToken = verifyTokenFor(row.type, creds);
  }
  const [updated] = await db.update(channels).set(set).where(inTenant(channels, auth.tenantId, eq(channels.id, id))).returning();
  // Webhook lookups are cached per isolate: a disabled or re-keyed connection must stop here at once.
  forgetChannel(id);
  await audit(db, auth.tenantId, auth, { action: "channel.updated", targetType: "channel", targetId: id, data: { fields: Object.keys(patch) } });
  return updated;
}

export async function deleteChannel(db: Db, auth: Auth, id: string): Promise<void> {
  const res = await db.delete(channels).where(inTenant(channels, auth.tenantId, eq(channels.id, id))).returning({ id: channels.id });
  if (!res.length) throw new ApiError("CHANNEL_NOT_FOUND", "No such channel.");
  forgetChannel(id);
  await audit(db, auth.tenantId, auth, { action: "channel.deleted", targetType: "channel", targetId: id });
}

async function openSealed(env: Pick<Env, "ENCRYPTION_KEY">, row: Pick<ChannelRow, "credentialsEnc">) {
  return splitEventSecret(await decryptJson<Record<string, unknown>>(env.ENCRYPTION_KEY, row.credentialsEnc));
}

/** The platform's credentials of a connection (never its events secret). */
export async function openCredentials<T extends ChannelType>(env: Pick<Env, "ENCRYPTION_KEY">, row: Pick<ChannelRow, "credentialsEnc"> & { type: T }): Promise<ChannelCredentials[T]> {
  return (await openSealed(env, row)).credentials as ChannelCredentials[T];
}

/** The WhatsApp templates last read from the Business Account, and when (null: never synced). */
export function storedTemplates(row: ChannelRow): { templates: TemplateInfo[]; syncedAt: number | null } {
  const list = Array.isArray(row.config.templates) ? (row.config.templates as TemplateInfo[]) : [];
  return { templates: list, syncedAt: typeof row.config.templatesSyncedAt === "number" ? row.config.templatesSyncedAt : null };
}

/**
 * Reads the channel's message templates from its WhatsApp Business Account and stores them on the channel
 * (`config.templates`): broadcasts are checked against the approved ones. A failure changes nothing.
 */
export async function syncWhatsAppTemplates(env: Pick<Env, "ENCRYPTION_KEY">, db: Db, tenantId: string, actor: Pick<Auth, "userId" | "apiKeyId"> | null, id: string, fetchFn: typeof fetch = fetch) {
  const row = await getChannel(db, tenantId, id);
  if (row.type !== "whatsapp") throw new ApiError("INVALID_STATE", "Message templates are a WhatsApp feature.");
  const creds = await openCredentials(env, { ...row, type: "whatsapp" as const });
  const res = await fetchWhatsAppTemplates(creds, fetchFn);
  if (!res.ok) {
    if (res.code === "WABA_ID_MISSING") throw new ApiError("VALIDATION_FAILED", res.message, [{ path: "credentials.wabaId", message: "required to read templates" }]);
    throw new ApiError("UPSTREAM_ERROR", `WhatsApp did not return the templates: ${res.message}`, { code: res.code, status: res.status });
  }
  const syncedAt = Date.now();
  // Only the template keys are written: a credentials update made meanwhile keeps the rest of the config.
  await db
    .update(channels)
    .set({ config: sql`json_set(${channels.config}, '$.templates', json(${JSON.stringify(res.templates)}), '$.templatesSyncedAt', ${syncedAt})`, updatedAt: syncedAt })
    .where(inTenant(channels, tenantId, eq(channels.id, id)));
  await audit(db, tenantId, actor, { action: "channel.templates_synced", targetType: "channel", targetId: id, data: { templates: res.templates.length, by: actor ? "user" : "template webhook" } });
  return { templates: res.templates, syncedAt };
}

/** A new widget identity secret, shown once to the admin who asked for it. */
export async function rotateWidgetSecret(env: Env, db: Db, auth: Auth, id: string): Promise<string> {
  const row = await getChannel(db, auth.tenantId, id);
  if (row.type !== "widget") throw new ApiError("INVALID_STATE", "Only web-widget channels have an identity secret.");
  const creds = await openCredentials(env, { ...row, type: "widget" as const });
  const identitySecret = randomToken(32);
  await db.update(channels).set({ credentialsEnc: await encryptJson(env.ENCRYPTION_KEY, { ...creds, identitySecret }), updatedAt: Date.now() }).where(inTenant(channels, auth.tenantId, eq(channels.id, id)));
  forgetChannel(id);
  await audit(db, auth.tenantId, auth, { action: "channel.secret_rotated", targetType: "channel", targetId: id });
  return identitySecret;
}

/**
 * A new secret for a connection's Edgedesk-format events, shown once to the admin who asked for it;
 * the old one stops working at once. Connections made before these secrets existed get their first.
 */
export async function rotateEventSecret(env: Env, db: Db, auth: Auth, id: string): Promise<string> {
  const row = await getChannel(db, auth.tenantId, id);
  if (row.type === "widget") throw new ApiError("INVALID_STATE", "A web-widget channel's server events are signed with its identity secret.");
  const { credentials } = await openSealed(env, row);
  const eventSecret = randomToken(32);
  await db.update(channels).set({ credentialsEnc: await encryptJson(env.ENCRYPTION_KEY, withEventSecret(credentials, eventSecret)), updatedAt: Date.now() }).where(inTenant(channels, auth.tenantId, eq(channels.id, id)));
  forgetChannel(id);
  await audit(db, auth.tenantId, auth, { action: "channel.event_secret_rotated", targetType: "channel", targetId: id });
  return eventSecret;
}

/**
 * Asks the platform again with the stored credentials (the channels page's "Check again"), keeping
 * the answer, a refusal included: the channel exists already.
 */
export async function recheckChannel(env: Env, db: Db, auth: Auth, id: string, ctx: { fetch: typeof fetch; baseUrl: string }): Promise<ChannelRow> {
  const row = await getChannel(db, auth.tenantId, id);
  const creds = await openCredentials(env, row);
  const verification = await verifyConnection(row.type, creds, { fetch: ctx.fetch, webhookUrl: webhookUrl(ctx.baseUrl, row), refusal: "store", channelId: id });
  if (!verification) throw new ApiError("INVALID_STATE", "Email and widget channels have no platform credentials to check.");
  const [updated] = await db
    .update(channels)
    .set({ config: sql`json_set(${channels.config}, '$.verification', json(${JSON.stringify(verification)}))`, updatedAt: Date.now() })
    .where(inTenant(channels, auth.tenantId, eq(channels.id, id)))
    .returning();
  await audit(db, auth.tenantId, auth, { action: "channel.checked", targetType: "channel", targetId: id, data: { state: verification.state } });
  return updated;
}

/** Sends through a channel's adapter with its stored credentials (test sends, the outbound queue). */
export async function sendVia<T extends ChannelType>(env: Pick<Env, "ENCRYPTION_KEY">, row: ChannelRow & { type: T }, out: OutboundMessage, ctx: SendContext): Promise<SendResult> {
  const creds = await openCredentials<T>(env, row);
  return getAdapter<T>(row.type).send(out, creds, ctx);
}
