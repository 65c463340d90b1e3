/**
 * Whether a connection's credentials work, asked of the platform itself (the adapter's `check`) on
 * connect, on a credentials change and on demand. Kept in the channel's clear config as
 * `verification`, so the channels page shows "not verified yet" instead of a green "Connected" for a
 * platform that could not be reached, and a refusal is a 422 before anything is stored.
 */
import type { z } from "zod";
import type { ChannelAdapter } from "../channels/adapter";
import { ApiError } from "../lib/errors";
import { log } from "../lib/log";
import { VerificationSchema } from "../wire/channels";

/**
 * `verified`: the platform accepted the credentials (and the webhook, where the adapter registers one). `unverified`: it
 * could not be reached; nothing is known yet. `refused`: a re-check was refused (on connect a refusal
 * stores nothing). `webhook_failed`: the credentials work but the platform refused the webhook.
 */
export type Verification = z.infer<typeof VerificationSchema>;

/** The stored verification of a channel; null for channels with nothing to check (email, widget) or connected before checks existed. */
export function verificationOf(config: Record<string, unknown>): Verification | null {
  const parsed = VerificationSchema.safeParse(config.verification);
  return parsed.success ? parsed.data : null;
}

/**
 * Asks the platform. A refusal throws CREDENTIALS_REFUSED (422) when `refusal` is "throw" (connect,
 * credentials change: nothing is stored), else is returned as the `refused` state (a re-check).
 * The adapter's `connect` (Telegram's setWebhook) runs once the credentials are known to work.
 */
export async function verifyConnection(
  adapter: ChannelAdapter,
  creds: unknown,
  opts: { fetch: typeof fetch; webhookUrl: string; refusal: "throw" | "store"; channelId: string },
): Promise<Verification | null> {
  const type = adapter.type;
  if (!adapter.check) return null;
  const checkedAt = Date.now();
  const res = await adapter.check(creds, { fetch: opts.fetch });
  if (!res.ok && !res.retryable) {
    const message = `${adapter.label} refused these credentials: ${res.message}`;
    if (opts.refusal === "throw")
      throw new ApiError("CREDENTIALS_REFUSED", message, {
        platformCode: res.code,
        platformStatus: res.status,
      });
    return { state: "refused", message, checkedAt };
  }
  if (!res.ok) {
    log("warn", "channel not verified: platform unreachable", {
      channelId: opts.channelId,
      type,
      code: res.code,
    });
    return {
      state: "unverified",
      message: `${res.message}. Not verified yet: check again once the platform is reachable.`,
      checkedAt,
    };
  }
  const account = res.account ? { account: res.account } : {};
  if (adapter.connect) {
    const reg = await adapter.connect(creds, { fetch: opts.fetch, webhookUrl: opts.webhookUrl });
    if (!reg.ok) {
      log("warn", "webhook registration failed", {
        channelId: opts.channelId,
        type,
        status: reg.status,
        code: reg.code,
      });
      const state = reg.retryable ? "unverified" : "webhook_failed";
      return {
        state,
        ...account,
        message: `The webhook is not registered: ${reg.message}`,
        checkedAt,
      };
    }
  }
  return { state: "verified", ...account, checkedAt };
}
