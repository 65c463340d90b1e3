/**
 * Everything workflows, broadcasts, exports and erasure call outside D1, injected so tests pass fakes;
 * services/ops-wiring.ts builds the real ones:
 * conversation actions and storage (ConversationDO RPC), outgoing fetch, mail, DO alarms.
 */
import {
  doConversationActions,
  doConversationStore,
  type ActionResult,
  type ConversationActions,
  type ConversationStore,
} from "./conversation-actions";
import type { FetchFn } from "../lib/http-safety";

export interface Mail {
  tenantId: string;
  to: string;
  subject: string;
  text: string;
}

/** Sends mail from the tenant (the email channel's transport). */
export interface Mailer {
  send(mail: Mail): Promise<ActionResult>;
}

/** Asks the conversation's object to call `runDueSteps(env, now, {conversationId})` at `at` (its alarm). */
export type Waker = (conversationId: string, at: number) => Promise<void>;

export interface OpsDeps {
  actions: ConversationActions;
  store: ConversationStore;
  fetch: FetchFn;
  mailer: Mailer | null;
  wake: Waker | null;
  now: () => number;
}

export function defaultOpsDeps(
  env: Pick<Env, "CONVERSATION">,
  overrides: Partial<OpsDeps> = {},
): OpsDeps {
  return {
    actions: doConversationActions(env.CONVERSATION),
    store: doConversationStore(env.CONVERSATION),
    fetch: (input, init) => fetch(input, init),
    mailer: null,
    wake: null,
    now: () => Date.now(),
    ...overrides,
  };
}
