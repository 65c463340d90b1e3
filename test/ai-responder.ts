/**
 * The AI turn in tests: each test says how the AI answers (`setAiResponder`), and `null` restores the
 * live responder. The test entry (`test/worker.ts`) wires this into every ConversationDO it creates,
 * so production code carries no override.
 */
import type { AiResponder } from "../workers/wire/ai-turn";

let override: AiResponder | null = null;

/** How every ConversationDO in the test isolate answers from now on; `null` restores the live AI turn. */
export function setAiResponder(responder: AiResponder | null): void {
  override = responder;
}

/** The test's responder when one is set, else `live`. */
export function testResponder(live: AiResponder): AiResponder {
  return (input) => (override ?? live)(input);
}

/** Brings in a person for every message: for tests about queues and routing. */
export const handoverResponder: AiResponder = async () => ({
  kind: "handover",
  text: "I'll get a person to help you.",
  reason: "ai_unavailable",
  rule: null,
});
