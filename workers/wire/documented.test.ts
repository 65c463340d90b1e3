import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import { jsonOk } from "../lib/router";
import { documented } from "./documented";
import { Attachment, ClientFrame, Message } from "./socket";

const attachment = { key: "media/t/c/a.png", name: "a.png", mimeType: "image/png", size: 10 };

describe("documented", () => {
  it("should accept and reject what the zod/mini schema does, with the same output", () => {
    const cases: [z.core.$ZodType, unknown][] = [
      [Attachment, attachment],
      [Attachment, { ...attachment, size: -1 }],
      [Attachment, { ...attachment, key: "k".repeat(301) }],
      [ClientFrame, { type: "message", clientId: "c-12345678", text: "hi" }],
      [ClientFrame, { type: "rating", score: 6 }],
      [ClientFrame, { type: "nope" }],
    ];
    for (const [schema, value] of cases) {
      const mini = z.safeParse(schema, value);
      const classic = documented(schema).safeParse(value);
      expect(classic.success, JSON.stringify(value)).toBe(mini.success);
      expect(classic.data).toEqual(mini.data);
    }
  });

  it("should let the OpenAPI generator document a socket shape, which the mini schema cannot", () => {
    const docOf = (schema: z.ZodType) => {
      const app = new OpenAPIHono();
      app.openapi(
        createRoute({
          method: "get",
          path: "/m",
          responses: { 200: jsonOk(z.object({ message: schema })) },
        }),
        (c) => c.json({ message: null } as never, 200),
      );
      return app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "t", version: "1" } });
    };
    expect(() => docOf(Message as unknown as z.ZodType)).toThrow();
    const doc = docOf(documented(Message));
    const body = doc.paths?.["/m"]?.get?.responses?.[200] as {
      content: { "application/json": { schema: { properties: { message: unknown } } } };
    };
    const { $schema: _, ...expected } = z.toJSONSchema(Message, {
      target: "openapi-3.0",
    }) as Record<string, unknown>;
    expect(body.content["application/json"].schema.properties.message).toMatchObject({
      type: "object",
      required: expected.required,
    });
  });
});
