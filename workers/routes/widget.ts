import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errorResponses, jsonBody, jsonOk } from "../lib/router";
import { widgetUpload } from "../services/uploads";
import { AttachmentSchema } from "../wire/conversations";
import { ApiError } from "../lib/errors";
import { startSession } from "../services/widget";
import { MAX_ATTRIBUTES, mergeVisitorAttributes } from "../services/widget-attributes";

const SessionBody = z
  .strictObject({
    publicKey: z.string().min(4).max(100),
    visitorToken: z.string().max(1000).optional(),
    identity: z
      .strictObject({
        userId: z.string().min(1).max(200),
        hash: z.string().regex(/^[0-9a-fA-F]{64}$/),
        name: z.string().max(200).optional(),
        email: z.string().email().max(254).optional(),
      })
      .optional(),
    language: z.string().min(2).max(16).optional(),
  })
  .openapi("WidgetSessionBody");

const SessionResult = z
  .object({
    visitorToken: z.string(),
    conversationId: z.string().nullable(),
    config: z.object({
      greeting: z.string(),
      color: z.string(),
      position: z.enum(["left", "right"]),
      logoUrl: z.string().nullable(),
      title: z.string(),
      quickReplies: z.array(z.string()),
      statusLines: z.object({
        waiting: z.string(),
        joined: z.string(),
        resolved: z.string(),
        backToAi: z.string(),
        chattingWith: z.string(),
        queuePosition: z.string(),
      }),
      persona: z.string(),
      languages: z.array(z.string()),
    }),
  })
  .openapi("WidgetSession");

const RESERVED_KEYS = new Set(["__proto__", "constructor", "prototype"]);
const AttributesBody = z
  .strictObject({
    attributes: z
      .record(
        z
          .string()
          .min(1)
          .max(64)
          .regex(/^[A-Za-z0-9_.:-]+$/, "letters, digits, _ . : - only")
          .refine((k) => !RESERVED_KEYS.has(k), "reserved key"),
        z.union([z.string().max(500), z.number().finite(), z.boolean()]),
      )
      .refine(
        (a) => Object.keys(a).length >= 1 && Object.keys(a).length <= MAX_ATTRIBUTES,
        `between 1 and ${MAX_ATTRIBUTES} attributes`,
      ),
  })
  .openapi("WidgetAttributesBody");

/** Public (no sign-in): the shop's public key identifies the tenant; later calls carry the visitor token. */
export const widgetRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/session",
      tags: ["Widget"],
      summary: "Start or resume a widget visitor session",
      description:
        "Returns a signed visitor token for /ws/widget. Identified visitors send {userId, hash} with hash = hex HMAC-SHA256(widget identity secret, userId).",
      security: [],
      request: { body: jsonBody(SessionBody) },
      responses: {
        200: jsonOk(SessionResult),
        401: errorResponses[401],
        403: errorResponses[403],
        404: errorResponses[404],
        422: errorResponses[422],
        429: errorResponses[429],
      },
    }),
    async (c) =>
      c.json(
        await startSession(c.get("db"), c.env, c.req.valid("json"), {
          origin: c.req.header("origin"),
          ip: c.req.header("cf-connecting-ip"),
        }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/attributes",
      tags: ["Widget"],
      summary: "Merge shop-supplied attributes into the visitor's contact",
      description:
        "Authorization: Bearer <visitorToken>. Values are strings (≤ 500 chars), numbers or booleans; a contact holds at most 50 attributes.",
      security: [],
      request: { body: jsonBody(AttributesBody) },
      responses: {
        200: jsonOk(z.object({ attributes: z.record(z.string(), z.unknown()) })),
        401: errorResponses[401],
        422: errorResponses[422],
      },
    }),
    async (c) => {
      const token = c.req.header("authorization")?.match(/^Bearer\s+(vt1\.\S+)$/)?.[1];
      if (!token)
        throw new ApiError(
          "UNAUTHENTICATED",
          "Send the visitor token as `Authorization: Bearer <visitorToken>`.",
        );
      return c.json(
        {
          attributes: await mergeVisitorAttributes(
            c.get("db"),
            c.env,
            token,
            c.req.valid("json").attributes,
            c.req.header("origin"),
          ),
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/upload",
      tags: ["Widget"],
      summary: "Upload an image from the widget",
      description:
        "Authorization: Bearer <visitorToken>. multipart/form-data with the image in the field `file` (JPEG, PNG, WebP, GIF, HEIC; 10 MB at most). Returns the stored attachment with a short-lived signed `url`; the widget then sends it in a message frame.",
      security: [],
      responses: {
        201: jsonOk(z.object({ attachment: AttachmentSchema })),
        401: errorResponses[401],
        413: errorResponses[422],
        415: errorResponses[422],
        422: errorResponses[422],
        429: errorResponses[422],
      },
    }),
    async (c) => {
      const token = c.req.header("authorization")?.match(/^Bearer\s+(vt1\.\S+)$/)?.[1];
      return c.json({ attachment: await widgetUpload(c.get("db"), c.env, token, c.req) }, 201);
    },
  );
