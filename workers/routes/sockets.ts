/**
 * WebSocket entry points. The Worker authenticates, then hands the upgrade to the Durable Object with
 * the caller's identity in a header only it can set (DOs are not reachable from outside).
 *   /ws/widget?token=<visitor token>&after=<seq>        shopper → ConversationDO
 *   /ws/conversations/:id?after=<seq>[&mode=supervisor] agent or read-only supervisor → ConversationDO
 *   /ws/inbox                                           console → InboxDO (presence, queue, list updates)
 */
import { eq } from "drizzle-orm";
import type { Context } from "hono";
import { inboxStub } from "../../durable-objects/rpc";
import type { AppEnv } from "../app-env";
import { inTenant } from "../db/client";
import { users } from "../db/schema";
import { ApiError } from "../lib/errors";
import { createRouter } from "../lib/router";
import { authenticate, authOf, hasRole } from "../middleware/auth";
import { conversationFor, edgeCountry, findIdentity } from "../services/contacts";
import { nextConversationId } from "../services/widget-intake";
import type { PendingConversation } from "../wire/intake";
import {
  CONSOLE_IDENTITY_HEADER,
  IDENTITY_HEADER,
  type ConsoleIdentity,
  type SocketIdentity,
} from "../wire/socket-identity";
import { actorOf, assertConversation, conversationStub, metaOf } from "../services/conversations";
import { verifyVisitorToken, widgetChannelOf } from "../services/widget";

function requireUpgrade(c: Context<AppEnv>): void {
  if (c.req.header("upgrade")?.toLowerCase() !== "websocket")
    throw new ApiError("UPGRADE_REQUIRED", "This endpoint speaks WebSocket only.");
}

/** The DO sees only `after` from the client's query, never its token. */
function forward(c: Context<AppEnv>, headers: Record<string, string>): Request {
  const after = c.req.query("after");
  const url = new URL("https://do.internal/socket");
  if (after && /^\d{1,12}$/.test(after)) url.searchParams.set("after", after);
  return new Request(url, { headers: { upgrade: "websocket", ...headers } });
}

export const socketRoutes = createRouter()
  .get("/widget", async (c) => {
    requireUpgrade(c);
    const claims = await verifyVisitorToken(c.env.SIGNING_KEY, c.req.query("token") ?? "");
    if (!claims)
      throw new ApiError(
        "UNAUTHENTICATED",
        "Start a widget session first; the visitor token is missing, invalid or expired.",
      );
    const db = c.get("db");
    const channel = await widgetChannelOf(db, c.env, claims.t, c.req.header("origin"));
    if (channel.channelId !== claims.c)
      throw new ApiError("UNAUTHENTICATED", "This visitor token belongs to another widget.");
    const key = {
      tenantId: claims.t,
      channelId: channel.channelId,
      channelType: "widget" as const,
      externalId: claims.x,
    };
    const identity = await findIdentity(db, key);
    const current = identity && (await conversationFor(db, key, identity, false));
    if (identity && current) {
      const stub = conversationStub(c.env, current.conversationId);
      await stub.init(metaOf(key, identity, current.conversationId));
      const id: SocketIdentity = {
        role: "shopper",
        userId: null,
        name: identity.name,
        contactId: identity.contactId,
      };
      return stub.fetch(forward(c, { [IDENTITY_HEADER]: JSON.stringify(id) }));
    }
    // No conversation yet: the socket waits in the one the first message will create (nothing is written now).
    // The browser's language (from the session) names a new contact's language; a known one is kept.
    const conversationId = await nextConversationId(
      c.env.SIGNING_KEY,
      key,
      identity?.conversationId ?? null,
    );
    const pending: PendingConversation = {
      conversationId,
      tenantId: key.tenantId,
      channelId: key.channelId,
      externalId: key.externalId,
      language: claims.l ?? null,
      country: edgeCountry(c.req.raw),
    };
    const id: SocketIdentity = {
      role: "shopper",
      userId: null,
      name: identity?.name ?? null,
      contactId: identity?.contactId ?? null,
      pending,
    };
    return conversationStub(c.env, conversationId).fetch(
      forward(c, { [IDENTITY_HEADER]: JSON.stringify(id) }),
    );
  })
  .get("/conversations/:id", authenticate(), async (c) => {
    requireUpgrade(c);
    const auth = authOf(c);
    const id = c.req.param("id");
    await assertConversation(c.get("db"), auth.tenantId, id);
    const actor = await actorOf(c.get("db"), auth);
    const watchOnly = auth.role === "viewer" || c.req.query("mode") === "supervisor";
    const identity: SocketIdentity = {
      role: watchOnly ? "supervisor" : "agent",
      userId: actor.id,
      name: actor.name,
      contactId: null,
      apiKey: !auth.userId,
    };
    return conversationStub(c.env, id).fetch(
      forward(c, { [IDENTITY_HEADER]: JSON.stringify(identity) }),
    );
  })
  .get("/inbox", authenticate(), async (c) => {
    requireUpgrade(c);
    const auth = authOf(c);
    if (!auth.userId)
      throw new ApiError("FORBIDDEN", "The console socket is for signed-in people, not API keys.");
    const user = await c
      .get("db")
      .query.users.findFirst({ where: inTenant(users, auth.tenantId, eq(users.id, auth.userId)) });
    if (!user) throw new ApiError("UNAUTHENTICATED", "Sign in again.");
    const identity: ConsoleIdentity = {
      userId: user.id,
      name: user.name || user.email,
      role: hasRole(auth.role, "agent") ? auth.role : "viewer",
      capacity: user.capacity,
    };
    const stub = inboxStub(c.env, auth.tenantId);
    return stub.fetch(
      new Request("https://do.internal/console", {
        headers: {
          upgrade: "websocket",
          [CONSOLE_IDENTITY_HEADER]: JSON.stringify(identity),
          "x-edgedesk-tenant": auth.tenantId,
        },
      }),
    );
  });
