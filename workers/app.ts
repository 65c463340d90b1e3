import { HTTPException } from "hono/http-exception";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import type { AppEnv } from "./app-env";
import { authenticate } from "./middleware/auth";
import { requestContext } from "./middleware/request-context";
import { TURN_CONFIG_PATHS, turnConfigEdits } from "./middleware/turn-config";
import { ApiError, errorResponse, frameworkErrorCode, frameworkErrorResponse } from "./lib/errors";
import { log } from "./lib/log";
import { createRouter } from "./lib/router";
import { mountRoutes } from "./routes";

/** API bodies are small; uploads carry a file, up to the largest kind they accept plus the form's overhead. */
export const API_BODY_LIMIT = 1024 * 1024;
export const UPLOAD_BODY_LIMIT = 26 * 1024 * 1024;
const isUpload = (path: string) =>
  path === "/api/widget/upload" || /^\/api\/conversations\/[^/]+\/attachments$/.test(path);

export function createApp() {
  const app = createRouter();
  app.use("*", requestContext());
  // The widget runs on the shop's origin and calls these without cookies (the visitor token is its
  // only credential), so any origin may; every other /api route stays same-origin.
  app.use(
    "/api/widget/*",
    cors({
      origin: "*",
      allowMethods: ["POST", "PUT", "OPTIONS"],
      allowHeaders: ["content-type", "authorization"],
      maxAge: 600,
    }),
  );
  const limit = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new ApiError("PAYLOAD_TOO_LARGE", `Bodies are limited to ${maxSize} bytes.`);
      },
    });
  const apiLimit = limit(API_BODY_LIMIT);
  const uploadLimit = limit(UPLOAD_BODY_LIMIT);
  app.use("/api/*", (c, next) => (isUpload(c.req.path) ? uploadLimit : apiLimit)(c, next));
  app.use("/api/*", authenticate());
  for (const path of TURN_CONFIG_PATHS) app.use(path, turnConfigEdits());
  app.get("/healthz", (c) =>
    c.json({ ok: true, service: "edgedesk", time: new Date().toISOString() }),
  );
  mountRoutes(app);

  app.notFound((c) => errorResponse("NOT_FOUND", `No route for ${c.req.method} ${c.req.path}.`));
  app.onError((err, c) => {
    if (err instanceof ApiError)
      return errorResponse(err.code, err.message, err.details, err.headers);
    // Hono's and the OpenAPI validators' own exceptions (400 malformed JSON, 415 wrong Content-Type…).
    if (err instanceof HTTPException && err.status < 500)
      return frameworkErrorResponse(err.status, err.message);
    log("error", "unhandled", {
      requestId: c.get("requestId"),
      path: c.req.path,
      error: String(err),
      stack: err instanceof Error ? err.stack : undefined,
    });
    const code = err instanceof HTTPException ? frameworkErrorCode(err.status, "") : "INTERNAL";
    return errorResponse(
      code,
      "Something went wrong on our side. The request id identifies it in our logs.",
      { requestId: c.get("requestId") },
    );
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
export type { AppEnv };
