import { afterEach, describe, expect, it, vi } from "vitest";
import { addChannel } from "./engine-helpers";
import { call, signupTenant } from "./helpers";

afterEach(() => vi.restoreAllMocks());

function captureLogs(): string[] {
  const lines: string[] = [];
  for (const level of ["log", "warn", "error"] as const)
    vi.spyOn(console, level).mockImplementation(
      (...args: unknown[]) => void lines.push(args.map(String).join(" ")),
    );
  return lines;
}

describe("request logs", () => {
  it("should log one line per request with its id, and never a verify token, password or cookie it carried", async () => {
    const owner = await signupTenant();
    const wa = await addChannel(owner.tenantId, "whatsapp");
    const lines = captureLogs();
    const handshake = await call(
      "GET",
      `/webhooks/whatsapp/${wa.id}?hub.mode=subscribe&hub.verify_token=${wa.verifyToken}&hub.challenge=42`,
      { headers: { "x-request-id": "req-log-handshake" } },
    );
    expect(handshake.status).toBeLessThan(500);
    const login = await call("POST", "/api/auth/login", {
      body: { email: owner.email, password: "wrong-password-xyz" },
      headers: { "x-request-id": "req-log-login" },
    });
    expect(login.status).toBe(401);
    await call("GET", "/api/conversations", {
      cookie: owner.cookie,
      headers: { "x-request-id": "req-log-list" },
    });
    vi.restoreAllMocks();
    const all = lines.join("\n");
    for (const secret of [wa.verifyToken, "wrong-password-xyz", owner.cookie.split("=")[1]])
      expect(all).not.toContain(secret);
    const requests = lines.flatMap((l) => {
      try {
        const j = JSON.parse(l) as {
          msg?: string;
          requestId?: string;
          path?: string;
          status?: number;
        };
        return j.msg === "request" ? [j] : [];
      } catch {
        return [];
      }
    });
    expect(requests.map((r) => r.requestId)).toEqual([
      "req-log-handshake",
      "req-log-login",
      "req-log-list",
    ]);
    expect(requests[0].path).toBe(`/webhooks/whatsapp/${wa.id}`);
    expect(requests[2]).toMatchObject({ status: 200 });
  });
});
