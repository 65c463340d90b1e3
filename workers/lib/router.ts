import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { ApiError } from "./errors";

/** Every router shares one validation hook: a zod failure becomes a 422 in the one error shape. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook(result) {
      if (!result.success) {
        throw new ApiError(
          "VALIDATION_FAILED",
          "The request did not pass validation.",
          result.error.issues.map((i) => ({
            path: i.path.join("."),
            message: i.message,
            code: i.code,
          })),
        );
      }
    },
  });
}

export const ErrorSchema = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
  })
  .openapi("Error");

const err = (description: string) => ({
  description,
  content: { "application/json": { schema: ErrorSchema } },
});

/** Standard error responses for the OpenAPI document, merged into each route's own. */
export const errorResponses = {
  401: err("Not signed in"),
  403: err("Role too low"),
  404: err("Not found (or owned by another tenant)"),
  422: err("Validation failed"),
  429: err("Rate limited"),
} as const;

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { "application/json": { schema } } } as const;
}

export function jsonOk<T extends z.ZodType>(schema: T, description = "OK") {
  return { description, content: { "application/json": { schema } } } as const;
}

export const IdParam = (name: string) =>
  z.object({
    id: z
      .string()
      .min(1)
      .max(64)
      .openapi({ param: { name: "id", in: "path" }, example: `${name}_…` }),
  });
