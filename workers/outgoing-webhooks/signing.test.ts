import { describe, expect, it } from "vitest";
import { verifyWebhook } from "../../test/webhook-receiver";
import { newWebhookSecret, signWebhook, webhookHeaders } from "./webhook-signing";

describe("Standard Webhooks signing", () => {
  it("should reproduce the specification's published test vector", async () => {
    const sig = await signWebhook(
      "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      "msg_p5jXN8AQM9LWM0D4loKWxJek",
      1614265330,
      '{"test": 2432232314}',
    );
    expect(sig).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  });

  it("should verify its own headers and reject a changed body, a stale timestamp or another secret", async () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const headers = new Headers(await webhookHeaders(secret, "msg_1", 1_700_000_000, '{"a":1}'));
    expect(await verifyWebhook(secret, headers, '{"a":1}', 1_700_000_010)).toBe(true);
    expect(await verifyWebhook(secret, headers, '{"a":2}', 1_700_000_010)).toBe(false);
    expect(await verifyWebhook(secret, headers, '{"a":1}', 1_700_001_000)).toBe(false);
    expect(await verifyWebhook(newWebhookSecret(), headers, '{"a":1}', 1_700_000_010)).toBe(false);
  });
});
