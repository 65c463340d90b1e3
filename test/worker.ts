/**
 * The Worker as the workerd tests run it: the real entry, with ConversationDO's AI turn answered by
 * what the running test sets (`test/ai-responder.ts`), and its D1 index writes and jobs counted
 * (`test/binding-tap.ts`). Everything else is the live wiring.
 */
// The entry first: it loads @hono/zod-openapi, which must extend zod before any wire schema is built.
// Named re-exports (not `export *`): the pool reads the entrypoints, `ctx.exports` among them, by name.
export { default, InboxDO, TenantShardDO, WidgetIntake } from "../workers/index";
import { ConversationDO as ConversationObject } from "../durable-objects/conversation-do";
import { conversationDeps } from "../workers/wiring";
import { testResponder } from "./ai-responder";
import { tapBindings } from "./binding-tap";

export class ConversationDO extends ConversationObject {
  constructor(ctx: DurableObjectState, real: Env) {
    const env = tapBindings(real);
    const deps = conversationDeps(ctx, env);
    super(ctx, env, { ...deps, ai: testResponder(deps.ai) });
  }
}
