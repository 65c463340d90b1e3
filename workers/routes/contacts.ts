import { createRoute, z } from "@hono/zod-openapi";
import { CHANNEL_TYPES } from "../channels/registry";
import {
  createRouter,
  ErrorSchema,
  errorResponses,
  IdParam,
  jsonBody,
  jsonOk,
} from "../lib/router";
import { authOf, requireRole } from "../middleware/auth";
import * as contacts from "../privacy/masked-contacts";
import { defaultOpsDeps } from "../services/ops-deps";
import { eraseContact } from "../privacy/erase";
import { Limit, Obj } from "../wire/api-fields";
import { ContactDetailSchema, ContactSchema } from "../wire/contacts";
import { clientIp } from "./auth";

const tags = ["Contacts"];
const Tag = z.string().trim().min(1).max(64);
const Patch = z
  .strictObject({
    name: z.string().trim().max(200).nullable().optional(),
    tags: z.array(Tag).max(50).optional(),
    attributes: z
      .record(
        z.string().regex(/^[\w.-]{1,64}$/),
        z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]),
      )
      .optional(),
    vip: z.boolean().optional(),
    language: z.string().min(2).max(16).nullable().optional(),
    optOut: z
      .array(z.enum([...CHANNEL_TYPES, "all"]))
      .max(8)
      .optional(),
    optIn: z.partialRecord(z.enum(CHANNEL_TYPES), z.boolean()).optional(),
  })
  .openapi("ContactPatch");
const RevealField = z
  .string()
  .regex(
    /^(email|phone|attributes\.[\w.-]{1,64}|identities\.[\w-]{1,64})$/,
    "email, phone, attributes.<key> or identities.<id>",
  );

export const contactRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags,
      summary: "Search contacts (masked)",
      middleware: [requireRole("viewer")] as const,
      request: {
        query: z.object({
          q: z.string().trim().min(1).max(120).optional(),
          tag: Tag.optional(),
          cursor: z.string().max(64).optional(),
          limit: Limit(),
        }),
      },
      responses: {
        200: jsonOk(
          z.object({ contacts: z.array(ContactSchema), nextCursor: z.string().nullable() }),
        ),
        ...errorResponses,
      },
    }),
    async (c) =>
      c.json(await contacts.listContacts(c.get("db"), authOf(c), c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      tags,
      summary: "A contact with identities and past conversations (masked)",
      middleware: [requireRole("viewer")] as const,
      request: { params: IdParam("con") },
      responses: { 200: jsonOk(z.object({ contact: ContactDetailSchema })), ...errorResponses },
    }),
    async (c) =>
      c.json(
        {
          contact: await contacts.getContact(
            c.get("db"),
            authOf(c).tenantId,
            c.req.valid("param").id,
          ),
        },
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/{id}",
      tags,
      summary: "Update tags, attributes, VIP, language or consent",
      middleware: [requireRole("agent")] as const,
      request: { params: IdParam("con"), body: jsonBody(Patch) },
      responses: { 200: jsonOk(z.object({ contact: ContactDetailSchema })), ...errorResponses },
    }),
    async (c) =>
      c.json(
        {
          contact: await contacts.updateContact(
            c.get("db"),
            authOf(c),
            c.req.valid("param").id,
            c.req.valid("json"),
          ),
        },
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/reveal",
      tags,
      summary: "Reveal one masked field (owner/admin; audited)",
      middleware: [requireRole("admin")] as const,
      request: { params: IdParam("con"), body: jsonBody(z.strictObject({ field: RevealField })) },
      responses: {
        200: jsonOk(z.object({ field: z.string(), value: z.unknown() })),
        ...errorResponses,
      },
    }),
    async (c) =>
      c.json(
        await contacts.revealField(
          c.get("db"),
          authOf(c),
          c.req.valid("param").id,
          c.req.valid("json").field,
          clientIp(c),
        ),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/erase",
      tags,
      summary: "Erase a contact and everything about them (GDPR/CCPA/PIPL)",
      description:
        "Deletes the conversation objects' storage, media, vectors and every D1 row; writes a receipt to the audit log. 503 ERASURE_INCOMPLETE leaves the index untouched: retry.",
      middleware: [requireRole("admin")] as const,
      request: { params: IdParam("con") },
      responses: {
        200: jsonOk(z.object({ receipt: Obj })),
        ...errorResponses,
        503: {
          description: "ERASURE_INCOMPLETE: nothing was deleted from the index; retry",
          content: { "application/json": { schema: ErrorSchema } },
        },
      },
    }),
    async (c) =>
      c.json(
        {
          receipt: {
            ...(await eraseContact(
              c.env,
              defaultOpsDeps(c.env).store,
              authOf(c),
              c.req.valid("param").id,
            )),
          },
        },
        200,
      ),
  );
