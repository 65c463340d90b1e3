import { afterEach, describe, expect, it, vi } from "vitest";
import { log, scrub } from "./log";

afterEach(() => vi.restoreAllMocks());

describe("scrub", () => {
  it("should mask every key that may hold a secret, at any depth and in arrays", () => {
    const out = scrub({
      password: "p1",
      newPassword: "p2",
      Authorization: "Bearer t",
      headers: {
        cookie: "sid=1",
        "set-cookie": "sid=2",
        "x-hub-signature-256": "sha256=x",
        "x-telegram-bot-api-secret-token": "tg",
      },
      channels: [{ verifyToken: "v", credentials: { botToken: "b" } }],
      openai: { apiKey: "sk-1", api_key: "sk-2" },
      orderLookup: { secretValue: "s" },
      keys: { ENCRYPTION_KEY: "e", SIGNING_KEY: "g", privateKey: "k" },
      kept: { path: "/api/x", status: 200 },
    });
    const text = JSON.stringify(out);
    for (const secret of [
      "p1",
      "p2",
      "Bearer t",
      "sid=1",
      "sid=2",
      "sha256=x",
      '"tg"',
      '"v"',
      '"b"',
      "sk-1",
      "sk-2",
      '"s"',
      '"e"',
      '"g"',
      '"k"',
    ])
      expect(text, secret).not.toContain(secret);
    expect(out).toMatchObject({ kept: { path: "/api/x", status: 200 } });
  });

  it("should not hand back objects nested deeper than it walks", () => {
    let deep: Record<string, unknown> = { token: "deep-secret" };
    for (let i = 0; i < 12; i++) deep = { next: deep };
    expect(JSON.stringify(scrub(deep))).not.toContain("deep-secret");
  });
});

describe("log", () => {
  it("should write one JSON line with the secrets masked", () => {
    const lines: string[] = [];
    vi.spyOn(console, "warn").mockImplementation((l: unknown) => void lines.push(String(l)));
    log("warn", "login failed", {
      email: "a@b.c",
      password: "hunter2",
      nested: { authorization: "Bearer abc" },
    });
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(line).toMatchObject({
      level: "warn",
      msg: "login failed",
      email: "a@b.c",
      password: "[redacted]",
      nested: { authorization: "[redacted]" },
    });
    expect(lines[0]).not.toContain("hunter2");
  });
});
