import { describe, expect, it } from "vitest";
import { createApp } from "../workers/app";
import { API_OPERATIONS, APP_ROUTES } from "./fixtures/route-list";
import { call } from "./helpers";

/** "METHOD path" of every operation in the OpenAPI document, sorted. */
async function operations(): Promise<string[]> {
  const doc = (await (await call("GET", "/api/openapi.json")).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  return Object.entries(doc.paths)
    .flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();
}

describe("route list", () => {
  it("should document the same operations as before the routers got their own prefixes", async () => {
    expect(await operations()).toEqual(API_OPERATIONS);
  });

  it("should register every handler and middleware on the same method and path as before", () => {
    const routes = createApp()
      .routes.map((r) => `${r.method} ${r.path}`)
      .sort();
    expect(routes).toEqual(APP_ROUTES);
  });
});
