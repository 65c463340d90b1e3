import { createRoute, z } from "@hono/zod-openapi";
import { authOf, requireRole } from "../middleware/auth";
import { ApiError } from "../lib/errors";
import { createRouter, errorResponses, IdParam, jsonBody, jsonOk } from "../lib/router";
import { getAdapter } from "../channels/registry";
import * as svc from "../services/channels";
import {
  ChannelSchema,
  CreateChannelBody,
  TestSendBody,
  UpdateChannelBody,
  ChannelTypeInfoSchema,
} from "../wire/channels";

const TemplatesResult = z.object({
  templates: z.array(
    z.object({
      name: z.string(),
      language: z.string(),
      status: z.string(),
      category: z.string().nullable(),
      body: z.string().nullable(),
      params: z.number(),
    }),
  ),
  syncedAt: z.number().nullable(),
});
const tags = ["Channels"];
const base = (env: Env, url: string) => env.PUBLIC_BASE_URL || new URL(url).origin;

export const channelRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      tags,
      summary: "Connect a channel",
      description:
        "Validates the credentials' shape for the type, asks the platform whether they work (WhatsApp `GET /{phone-number-id}`, Messenger/Instagram `GET /me`, Telegram `getMe`, LINE `GET /v2/bot/info`), stores them encrypted, and returns the webhook URL and verify token to paste into the platform. A refusal is a 422 `CREDENTIALS_REFUSED` and stores nothing; an unreachable platform stores the channel with `verification.state` `unverified`. Telegram webhooks are registered automatically; for Telegram the verify token is the `secret_token` to give setWebhook when setting it by hand. `eventSecret` (every type but the widget) signs Edgedesk-format events for importers and your own integrations; it is shown only here and on rotation.",
      middleware: [requireRole("admin")] as const,
      request: { body: jsonBody(CreateChannelBody) },
      responses: {
        201: jsonOk(
          z.object({
            channel: ChannelSchema,
            webhookUrl: z.string(),
            verifyToken: z.string(),
            eventSecret: z.string().optional(),
            identitySecret: z.string().optional(),
            registration: z.object({ ok: z.boolean(), message: z.string().optional() }).optional(),
          }),
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const baseUrl = base(c.env, c.req.url);
      const { row, creds, eventSecret } = await svc.createChannel(
        c.env,
        c.get("db"),
        authOf(c),
        c.req.valid("json"),
        { fetch, baseUrl },
      );
      const channel = svc.publicChannel(baseUrl, row);
      // Kept for API clients that read it: the webhook registration of channels that register one (Telegram), as the verification says.
      const v = channel.verification;
      const registration =
        getAdapter(row.type).connect && v
          ? v.state === "verified"
            ? { ok: true }
            : { ok: false, message: v.message }
          : undefined;
      // The widget's identity secret is generated here and shown once.
      const identitySecret =
        creds &&
        typeof creds === "object" &&
        "identitySecret" in creds &&
        typeof creds.identitySecret === "string"
          ? creds.identitySecret
          : undefined;
      return c.json(
        {
          channel,
          webhookUrl: channel.webhookUrl,
          verifyToken: row.verifyToken,
          eventSecret,
          identitySecret,
          registration,
        },
        201,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/types",
      tags,
      summary: "The channel types this server speaks, with each one's connect form",
      middleware: [requireRole("viewer")] as const,
      responses: {
        200: jsonOk(z.object({ types: z.array(ChannelTypeInfoSchema) })),
        ...errorResponses,
      },
    }),
    async (c) => c.json({ types: svc.channelTypes() }, 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags,
      summary: "List channels (never their credentials)",
      middleware: [requireRole("viewer")] as const,
      responses: {
        200: jsonOk(
          z.object({
            channels: z.array(ChannelSchema.extend({ verifyToken: z.string().optional() })),
          }),
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const auth = authOf(c);
      const rows = await svc.listChannels(c.get("db"), auth.tenantId);
      // The verify token is not a secret of the merchant's account, but admins are the ones who paste it.
      const showToken = auth.role === "owner" || auth.role === "admin";
      return c.json(
        {
          channels: rows.map((r) => ({
            ...svc.publicChannel(base(c.env, c.req.url), r),
            ...(showToken ? { verifyToken: r.verifyToken } : {}),
          })),
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/{id}",
      tags,
      summary: "Rename, disable/enable or replace credentials",
      middleware: [requireRole("admin")] as const,
      request: { params: IdParam("chn"), body: jsonBody(UpdateChannelBody) },
      responses: { 200: jsonOk(z.object({ channel: ChannelSchema })), ...errorResponses },
    }),
    async (c) => {
      const row = await svc.updateChannel(
        c.env,
        c.get("db"),
        authOf(c),
        c.req.valid("param").id,
        c.req.valid("json"),
        { fetch, baseUrl: base(c.env, c.req.url) },
      );
      return c.json({ channel: svc.publicChannel(base(c.env, c.req.url), row) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/check",
      tags,
      summary: "Ask the platform again whether the channel's credentials work",
      description:
        "Same calls as on connect, with the stored credentials (Telegram: the webhook is registered again). The answer is kept in `verification`, a refusal included (`refused`).",
      middleware: [requireRole("admin")] as const,
      request: { params: IdParam("chn") },
      responses: { 200: jsonOk(z.object({ channel: ChannelSchema })), ...errorResponses },
    }),
    async (c) => {
      const baseUrl = base(c.env, c.req.url);
      const row = await svc.recheckChannel(c.env, c.get("db"), authOf(c), c.req.valid("param").id, {
        fetch,
        baseUrl,
      });
      return c.json({ channel: svc.publicChannel(baseUrl, row) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      tags,
      summary: "Delete a channel",
      middleware: [requireRole("admin")] as const,
      request: { params: IdParam("chn") },
      responses: { 204: { description: "Deleted" }, ...errorResponses },
    }),
    async (c) => {
      await svc.deleteChannel(c.get("db"), authOf(c), c.req.valid("param").id);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/rotate-secret",
      tags,
      summary: "New identity secret for a web-widget channel (shown once)",
      middleware: [requireRole("admin")] as const,
      request: { params: IdParam("chn") },
      responses: { 200: jsonOk(z.object({ identitySecret: z.string() })), ...errorResponses },
    }),
    async (c) =>
      c.json(
        {
          identitySecret: await svc.rotateWidgetSecret(
            c.env,
            c.get("db"),
            authOf(c),
            c.req.valid("param").id,
          ),
        },
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/event-secret",
      tags,
      summary: "New secret for the channel's Edgedesk-format events (shown once)",
      description:
        "Edgedesk-format events (`x-edgedesk-signature: sha256=<hex HMAC-SHA256(secret, body)>`) are accepted on the channel's webhook URL only with this secret; the previous one stops working at once.",
      middleware: [requireRole("admin")] as const,
      request: { params: IdParam("chn") },
      responses: { 200: jsonOk(z.object({ eventSecret: z.string() })), ...errorResponses },
    }),
    async (c) =>
      c.json(
        {
          eventSecret: await svc.rotateEventSecret(
            c.env,
            c.get("db"),
            authOf(c),
            c.req.valid("param").id,
          ),
        },
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/test",
      tags,
      summary: "Send a test message through the channel",
      description:
        "Calls the platform for real with the stored credentials; the platform's answer is returned as is (ok, or its error code and message).",
      middleware: [requireRole("admin")] as const,
      request: { params: IdParam("chn"), body: jsonBody(TestSendBody) },
      responses: {
        200: jsonOk(
          z.object({
            ok: z.boolean(),
            externalMessageId: z.string().optional(),
            status: z.number().optional(),
            code: z.string().optional(),
            message: z.string().optional(),
            retryable: z.boolean().optional(),
          }),
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const auth = authOf(c);
      const row = await svc.getChannel(c.get("db"), auth.tenantId, c.req.valid("param").id);
      if (row.status === "disabled")
        throw new ApiError("CHANNEL_DISABLED", "Enable the channel before testing it.");
      const adapter = getAdapter(row.type);
      if (!adapter.send || !adapter.form?.testTo)
        throw new ApiError(
          "INVALID_STATE",
          "Test sends are for messaging platforms; open the widget or mail the inbox to test these.",
        );
      const { to, text } = c.req.valid("json");
      const result = await svc.sendVia(c.env, row, { to, text }, { fetch });
      return c.json(result, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/templates",
      tags,
      summary: "The WhatsApp message templates last synced from the Business Account",
      middleware: [requireRole("agent")] as const,
      request: { params: IdParam("chn") },
      responses: { 200: jsonOk(TemplatesResult), ...errorResponses },
    }),
    async (c) => {
      const row = await svc.getChannel(c.get("db"), authOf(c).tenantId, c.req.valid("param").id);
      if (row.type !== "whatsapp")
        throw new ApiError("INVALID_STATE", "Message templates are a WhatsApp feature.");
      return c.json(svc.storedTemplates(row), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/templates/sync",
      tags,
      summary: "Read the message templates from the WhatsApp Business Account",
      description:
        "Calls the Graph API (`GET /{waba-id}/message_templates`, every page) with the stored token and keeps the list on the channel; broadcasts may use its approved templates. Needs `wabaId` in the credentials. A platform error is a 502 and changes nothing.",
      middleware: [requireRole("admin")] as const,
      request: { params: IdParam("chn") },
      responses: { 200: jsonOk(TemplatesResult), ...errorResponses, 502: errorResponses[422] },
    }),
    async (c) =>
      c.json(
        await svc.syncWhatsAppTemplates(
          c.env,
          c.get("db"),
          authOf(c).tenantId,
          authOf(c),
          c.req.valid("param").id,
          fetch,
        ),
        200,
      ),
  );
