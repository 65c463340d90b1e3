import { createRoute, z } from "@hono/zod-openapi";
import { ApiError } from "../lib/errors";
import { createRouter, errorResponses } from "../lib/router";
import { demoPublicKey } from "../services/demo";

/** `/demo/` → the demo shop with the seeded demo tenant's widget key, so one short URL shows the product. */
export const demoRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/demo/",
    tags: ["Demo"],
    summary: "Open the demo shop with the demo tenant's widget",
    description:
      "Redirects to /demo-shop/?key=<public key of the tenant owned by demo@edgedesk.dev>; 404 until `npm run dev` has seeded it.",
    security: [],
    responses: {
      302: { description: "To the demo shop", headers: z.object({ location: z.string() }) },
      404: errorResponses[404],
    },
  }),
  async (c) => {
    const key = await demoPublicKey(c.get("db"));
    if (!key) throw new ApiError("NOT_FOUND", "No demo tenant here: `npm run dev` seeds one.");
    return c.redirect(`/demo-shop/?key=${encodeURIComponent(key)}`, 302);
  },
);
