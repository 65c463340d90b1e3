/**
 * Whether a connection's credentials work, asked of the platform itself (the adapter's `check`) on
 * connect, on a credentials change and on demand. Kept in the channel's clear config as
 * `verification`, so the channels page shows "not verified yet" instead of a green "Connected" for a
 * platform that could not be reached, and a refusal is a 422 before anything is stored.
 */
import type { z } from "zod";
import type { ChannelType } from "../db/schema";
import type { ChannelCredentials, TelegramCredentials } from "../channels/credentials";
import { getAdapter } from "../channels/registry";
import { registerTelegramWebhook } from "../channels/telegram";
import { ApiError } from "../lib/errors";
import { log } from "../lib/log";
import { VerificationSchema } from "../wire/channels";

/**
 * `verified`: the platform accepted the credentials (and, for Telegram, the webhook). `unverified`: it
 * could not be reached; nothing is known yet. `refused`: a re-check was refused (on connect a refusal
 * stores nothing). `webhook_failed`: the credentials work but the platform refused the webhook.
 */
export type Verification = z.infer<typeof VerificationSchema>;

const LABELS: Record<ChannelType, string> = { whatsapp: "WhatsApp", messenger: "Messenger", instagram: "Instagram", telegram: "Telegram", line: "LINE", email: "Email", widget: "The widget" };

/** The stored verification of a channel; null for channels with nothing to check (email, widget) or connected before checks existed. */
export function verificationOf(config: Record<string, unknown>): Verification | null {
  const parsed = VerificationSchema.safeParse(config.verification);
  return parsed.success ? parsed.data : null;
}

/**
 * Asks the platform. A refusal throws CREDENTIALS_REFUSED (422) when `refusal` is "throw" (connect,
 * credentials change: nothing is stored), else is returned as the `refused` state (a re-check).
 * Telegram's webhook is registered once the token is known to work.
 */
export async function verifyConnection<T extends ChannelType>(
  type: T,
  creds: ChannelCredentials[T],
  opts: { fetch: typeof fetch; webhookUrl: string; refusal: "throw" | "store"; channelId: string },
): Promise<Verification | null> {
  const check = getAdapter(type).check;
  if (!check) return null;
  const checkedAt = Date.now();
  const res = await check(creds, { fetch: opts.fetch });
  if (!res.ok && !res.retryable) {
    const message = `${LABELS[type]} refused these credentials: ${res.message}`;
    if (opts.refusal === "throw") throw new ApiError("CREDENTIALS_REFUSED", message, { platformCode: res.code, platformStatus: res.status });
    return { state: "refused", message, checkedAt };
  }
  if (!res.ok) {
    log("warn", "channel not verified: platform unreachable", { channelId: opts.channelId, type, code: res.code });
    return { state: "unverified", message: `${res.message}. Not verified yet: check again once the platform is reachable.`, checkedAt };
  }
  const account = res.account ? { account: res.account } : {};
  if (type === "telegram" && "botToken" in creds) {
    const tg = creds as TelegramCredentials;
    const reg = await registerTelegramWebhook(tg, opts.webhookUrl, tg.webhookSecret ?? "", { fetch: opts.fetch });
    if (!reg.ok) {
      log("warn", "telegram setWebhook failed", { channelId: opts.channelId, status: reg.status, code: reg.code });
      const state = reg.retryable ? "unverified" : "webhook_failed";
      return { state, ...account, message: `The webhook is not registered: ${reg.message}`, checkedAt };
    }
  }
  return { state: "verified", ...account, checkedAt };
}
