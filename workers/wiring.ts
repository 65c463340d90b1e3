/**
 * Where the Durable Objects meet the rest of the Worker. Each object is a leaf: it imports wire types
 * only and receives one dependencies object, built here from its env. The classes exported here are
 * the ones wrangler.toml binds (through `workers/index.ts`).
 */
import { ConversationDO as ConversationObject } from "../durable-objects/conversation-do";
import type { ConversationDeps } from "../durable-objects/conversation/deps";
import { InboxDO as InboxObject } from "../durable-objects/inbox-do";
import type { InboxDeps } from "../durable-objects/inbox/deps";
import { mediaPrefix, presentAttachments } from "./channels/media-url";
import { getDb } from "./db/client";
import { ApiError } from "./lib/errors";
import { runDueSteps } from "./automation/due";
import { createAiResponder } from "./services/ai-responder";
import { assignableUser } from "./services/conversations";
import { opsDeps } from "./services/ops-wiring";
import { loadRoster } from "./services/roster";
import type { WidgetIntakeRpc } from "./wire/intake";
import { fail } from "./wire/objects";

/** The live dependencies of one conversation object. */
export function conversationDeps(ctx: DurableObjectState, env: Env): ConversationDeps {
  return {
    ai: createAiResponder(env),
    async assignableUser(tenantId, userId) {
      try {
        const user = await assignableUser(getDb(env.DB), tenantId, userId);
        return { ok: true, value: { id: user.id, name: user.name } };
      } catch (err) {
        if (err instanceof ApiError) return fail(err.code, err.message);
        throw err;
      }
    },
    async runDueWorkflowSteps(conversationId) {
      await runDueSteps(env, opsDeps(env), { conversationId });
    },
    // Through the Worker's own entrypoint, so the intake runs with the Worker's bindings and code.
    openPending: (pending) =>
      (ctx.exports as unknown as { WidgetIntake: WidgetIntakeRpc }).WidgetIntake.open(pending),
    media: {
      prefix: mediaPrefix,
      present: (m, prefix, now) => presentAttachments(m, prefix, env.SIGNING_KEY, now),
    },
  };
}

/** ConversationDO as bound: the leaf class with its live dependencies. */
export class ConversationDO extends ConversationObject {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env, conversationDeps(ctx, env));
  }
}

/** The live dependencies of one tenant's inbox object. */
export function inboxDeps(env: Env): InboxDeps {
  return { roster: (tenantId) => loadRoster(env.DB, tenantId) };
}

/** TenantShardDO as bound: storage only, it needs nothing from the rest of the Worker. */
export { TenantShardDO } from "../durable-objects/tenant-shard-do";

/** InboxDO as bound: the leaf class with its live dependencies. */
export class InboxDO extends InboxObject {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env, inboxDeps(env));
  }
}
