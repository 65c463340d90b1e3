/**
 * Widget sessions. A visitor token (HMAC with SIGNING_KEY) names the widget contact: anonymous
 * visitors keep theirs in the browser and so keep their conversation across page loads; identified
 * visitors prove `userId` with HMAC-SHA256(identitySecret, userId) and get the same contact on every
 * device.
 */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { WidgetCredentialsSchema } from "../channels/credentials";
import { originAllowed } from "../channels/widget";
import { widgetUserKey, widgetVisitorKey } from "../channels/widget-server";
import type { Db } from "../db/client";
import { inTenant } from "../db/client";
import { channels, tenants } from "../db/schema";
import {
  fromBase64,
  hmacSha256,
  randomToken,
  timingSafeEqual,
  toBase64Url,
  toHex,
} from "../lib/crypto";
import { DEFAULT_PERSONA_NAME } from "../ai/ai-settings";
import { ApiError } from "../lib/errors";
import { WidgetSettings } from "../wire/widget-settings";
import { widgetTextsFor } from "../wire/widget-texts";
import { loadChannel, type ChannelRecord } from "./channel-lookup";
import { takeLimits } from "./rate-limit";
import { conversationFor, findIdentity, findOrCreateIdentity, type IdentityKey } from "./contacts";

const TOKEN_TTL_MS = 365 * 24 * 3600_000;
/**
 * Sessions started per client IP (Cloudflare's `CF-Connecting-IP`; a request without it, such as a
 * local call, has only the tenant limit) and per tenant, each in a one-minute window.
 */
export const SESSION_LIMITS = {
  perIp: { max: 120, windowMs: 60_000 },
  perTenant: { max: 3000, windowMs: 60_000 },
} as const;
export const sessionLimitKeys = (k: { tenantId?: string; ip?: string }) => ({
  ip: `widget-session:ip:${k.ip}`,
  tenant: `widget-session:tenant:${k.tenantId}`,
});
/** t tenant, c channel, x visitor key; `l`: the browser's language, so a new conversation starts in it. */
const Claims = z.object({
  t: z.string(),
  c: z.string(),
  x: z.string(),
  iat: z.number(),
  exp: z.number(),
  l: z.string().max(16).optional(),
});
export type VisitorClaims = z.infer<typeof Claims>;

async function sig(key: string, payload: string): Promise<string> {
  return toBase64Url(await hmacSha256(key, `vt1.${payload}`));
}

export async function signVisitorToken(signingKey: string, claims: VisitorClaims): Promise<string> {
  const payload = toBase64Url(new TextEncoder().encode(JSON.stringify(claims)));
  return `vt1.${payload}.${await sig(signingKey, payload)}`;
}

export async function verifyVisitorToken(
  signingKey: string,
  token: string,
  now = Date.now(),
): Promise<VisitorClaims | null> {
  const [v, payload, mac] = token.split(".");
  if (v !== "vt1" || !payload || !mac || token.length > 1000) return null;
  if (!timingSafeEqual(await sig(signingKey, payload), mac)) return null;
  try {
    const b64 = payload.replace(/-/g, "+").replace(/_/g, "/");
    const claims = Claims.parse(
      JSON.parse(
        new TextDecoder().decode(fromBase64(b64 + "==".slice(0, (4 - (b64.length % 4)) % 4))),
      ),
    );
    return claims.exp > now ? claims : null;
  } catch {
    return null;
  }
}

export interface SessionInput {
  publicKey: string;
  visitorToken?: string;
  identity?: { userId: string; hash: string; name?: string; email?: string };
  language?: string;
}

interface AiPart {
  ai?: { persona?: string | { name?: string }; languages?: string[] };
}

/**
 * What the widget needs to draw itself, in the shopper's language. The widget section goes through its
 * schema so a tenant who never saved it still gets the built-in texts in the shopper's language.
 */
function configOf(settings: Record<string, unknown>, language: string | undefined) {
  const parsed = WidgetSettings.safeParse(settings.widget ?? {});
  const w = parsed.success ? parsed.data : WidgetSettings.parse({});
  const s = settings as AiPart;
  const languages = s.ai?.languages?.length ? s.ai.languages : ["en"];
  const persona =
    typeof s.ai?.persona === "string"
      ? s.ai.persona
      : (s.ai?.persona?.name ?? DEFAULT_PERSONA_NAME);
  const { title, greeting, quickReplies, ...statusLines } = widgetTextsFor(w, language);
  return {
    greeting,
    color: w.color,
    position: w.position,
    logoUrl: w.logoUrl,
    title,
    quickReplies,
    statusLines,
    persona,
    languages,
  };
}

/**
 * The tenant's active widget channel, for a request from the page at `origin` (the `Origin` header):
 * every widget entry point starts here, so a page the channel's `allowedOrigins` does not list is
 * refused before anything is read or created.
 */
export async function widgetChannelOf(
  db: Db,
  env: Pick<Env, "ENCRYPTION_KEY">,
  tenantId: string,
  origin: string | null | undefined,
): Promise<ChannelRecord> {
  const row = await db.query.channels.findFirst({
    columns: { id: true },
    where: inTenant(
      channels,
      tenantId,
      and(eq(channels.type, "widget"), eq(channels.status, "active")),
    ),
  });
  const channel = row ? await loadChannel(db, env, row.id) : null;
  if (!channel) throw new ApiError("CHANNEL_DISABLED", "This shop's chat is switched off.");
  const origins = WidgetCredentialsSchema.pick({ allowedOrigins: true }).safeParse(
    channel.credentials,
  );
  if (!origins.success || !originAllowed(origins.data, origin)) {
    throw new ApiError("FORBIDDEN", "This shop's chat does not run on this website.", {
      origin: origin ?? null,
    });
  }
  return channel;
}

/** Where a session request comes from: the page (`Origin`) and the client's IP when Cloudflare names it. */
export interface SessionSource {
  origin: string | null | undefined;
  ip: string | null | undefined;
}

export async function startSession(
  db: Db,
  env: Pick<Env, "ENCRYPTION_KEY" | "SIGNING_KEY">,
  input: SessionInput,
  from: SessionSource,
) {
  if (from.ip)
    await takeLimits(db, [{ key: sessionLimitKeys({ ip: from.ip }).ip, ...SESSION_LIMITS.perIp }]);
  const tenant = await db.query.tenants.findFirst({
    where: eq(tenants.publicKey, input.publicKey),
  });
  if (!tenant) throw new ApiError("NOT_FOUND", "Unknown widget key.");
  await takeLimits(db, [
    { key: sessionLimitKeys({ tenantId: tenant.id }).tenant, ...SESSION_LIMITS.perTenant },
  ]);
  const channel = await widgetChannelOf(db, env, tenant.id, from.origin);
  let externalId: string;
  if (input.identity) {
    const secret = channel.credentials.identitySecret;
    const expected =
      typeof secret === "string" ? toHex(await hmacSha256(secret, input.identity.userId)) : "";
    if (!expected || !timingSafeEqual(expected, input.identity.hash.toLowerCase()))
      throw new ApiError("INVALID_SIGNATURE", "The identity hash does not match this user id.");
    externalId = widgetUserKey(input.identity.userId);
  } else {
    const claims = input.visitorToken
      ? await verifyVisitorToken(env.SIGNING_KEY, input.visitorToken)
      : null;
    // A stale or foreign token is not an error: the visitor simply starts fresh.
    externalId =
      claims && claims.t === tenant.id && claims.c === channel.channelId
        ? claims.x
        : widgetVisitorKey(randomToken(16));
  }
  const key: IdentityKey = {
    tenantId: tenant.id,
    channelId: channel.channelId,
    channelType: "widget",
    externalId,
  };
  const identity = input.identity
    ? await findOrCreateIdentity(db, key, {
        name: input.identity.name,
        email: input.identity.email,
        language: input.language,
      })
    : await findIdentity(db, key);
  const conversation = identity ? await conversationFor(db, key, identity, false) : null;
  const now = Date.now();
  const visitorToken = await signVisitorToken(env.SIGNING_KEY, {
    t: tenant.id,
    c: channel.channelId,
    x: externalId,
    iat: now,
    exp: now + TOKEN_TTL_MS,
    ...(input.language ? { l: input.language } : {}),
  });
  return {
    visitorToken,
    conversationId: conversation?.conversationId ?? null,
    config: configOf(tenant.settings, input.language),
  };
}
