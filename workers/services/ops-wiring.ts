/**
 * Workflows, broadcasts and transcripts wired to the real conversation objects and channels, once per
 * env: the jobs consumer, the cron and ConversationDO's alarm all build their dependencies here.
 */
import { createCloudflareMailer } from "../channels/email-send";
import type { SendContext } from "../channels/adapter";
import { getAdapter, parseCredentials } from "../channels/registry";
import type { ChannelType } from "../db/schema";
import { conversationStub } from "../../durable-objects/rpc";
import { doConversationActions, doConversationStore } from "./conversation-actions";
import type { BroadcastOutbound, BroadcastSendFn, BroadcastSendResult } from "../broadcasts/sender";
import { defaultOpsDeps, type OpsDeps, type Waker } from "./ops-deps";
import { transcriptMailer } from "./transcript-mailer";

/** The send_email binding is optional: wrangler.toml declares it only where email sending is set up. */
export type MailEnv = Env & { EMAIL?: SendEmail };

function sendContext(env: MailEnv, fetchFn: typeof fetch): SendContext {
  return { fetch: fetchFn, ...(env.EMAIL ? { mailer: createCloudflareMailer(env.EMAIL) } : {}) };
}

/** Broadcast sends through the channel's own adapter with its decrypted credentials. */
export function broadcastSender(
  env: MailEnv,
  fetchFn: typeof fetch = (input, init) => fetch(input, init),
): BroadcastSendFn {
  return async (
    channelType: ChannelType,
    credentials: unknown,
    out: BroadcastOutbound,
  ): Promise<BroadcastSendResult> => {
    const creds = parseCredentials(channelType, credentials);
    if (!creds.ok)
      return { ok: false, error: "The channel's credentials are incomplete.", retryable: false };
    const adapter = getAdapter(channelType);
    if (!adapter.send)
      return { ok: false, error: `${adapter.label} cannot send broadcasts.`, retryable: false };
    const res = await adapter.send(
      {
        to: out.to,
        ...(out.text !== undefined ? { text: out.text } : {}),
        ...(out.template
          ? {
              template: {
                name: out.template.name,
                language: out.template.language,
                variables: out.template.params,
              },
            }
          : {}),
        idempotencyKey: out.recipientId,
      },
      creds.credentials,
      sendContext(env, fetchFn),
    );
    if (res.ok) return { ok: true, externalId: res.externalMessageId };
    // Without an answer (status 0 after a request) the platform may have accepted it: never resend then.
    const certainlyRefused =
      res.status === 429 || res.status >= 500 || (res.status === 0 && !res.retryable);
    return {
      ok: false,
      error: `${res.code}: ${res.message}`,
      retryable: res.retryable && certainlyRefused,
    };
  };
}

/** Sets the conversation object's alarm for a delayed workflow step. */
export function conversationWaker(env: Pick<Env, "CONVERSATION">): Waker {
  return (conversationId, at) => conversationStub(env, conversationId).scheduleWorkflowAlarm(at);
}

/** What workflows, exports, erasure and the cron call outside D1, wired to this env's objects and mail. */
export function opsDeps(env: MailEnv): OpsDeps {
  return defaultOpsDeps(env, {
    actions: doConversationActions(env.CONVERSATION),
    store: doConversationStore(env.CONVERSATION),
    mailer: transcriptMailer(env),
    wake: conversationWaker(env),
  });
}

/** The jobs consumer's dependencies: the ops ones plus the channels' broadcast sender. */
export interface JobDeps extends OpsDeps {
  sendBroadcast: BroadcastSendFn;
}

export function jobDeps(env: MailEnv): JobDeps {
  return { ...opsDeps(env), sendBroadcast: broadcastSender(env) };
}
