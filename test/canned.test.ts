import { describe, expect, it } from "vitest";
import { call, signupTenant } from "./helpers";

describe("canned replies", () => {
  it("should add, list and delete canned replies per tenant, rejecting bad shortcuts", async () => {
    const a = await signupTenant();
    const b = await signupTenant();
    const created = await call("POST", "/api/canned-replies", {
      cookie: a.cookie,
      body: { shortcut: "thanks", text: "Thank you for your patience!" },
    });
    expect(created.status).toBe(201);
    const { cannedReply } = (await created.json()) as { cannedReply: { id: string } };
    expect(
      (
        await call("POST", "/api/canned-replies", {
          cookie: a.cookie,
          body: { shortcut: "has space", text: "x" },
        })
      ).status,
    ).toBe(422);
    const listA = (await (
      await call("GET", "/api/canned-replies", { cookie: a.cookie })
    ).json()) as { cannedReplies: { shortcut: string }[] };
    expect(listA.cannedReplies.map((r) => r.shortcut)).toEqual(["thanks"]);
    const listB = (await (
      await call("GET", "/api/canned-replies", { cookie: b.cookie })
    ).json()) as { cannedReplies: unknown[] };
    expect(listB.cannedReplies).toEqual([]);
    expect(
      (await call("DELETE", `/api/canned-replies/${cannedReply.id}`, { cookie: b.cookie })).status,
    ).toBe(404);
    expect(
      (await call("DELETE", `/api/canned-replies/${cannedReply.id}`, { cookie: a.cookie })).status,
    ).toBe(204);
  });
});
