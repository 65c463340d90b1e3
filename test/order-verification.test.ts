import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Message } from "../workers/wire/socket";

import { addChannel, inbound, readMessages, waitFor } from "./engine-helpers";
import { call, shopifyTenant, type Caller } from "./helpers";

afterEach(() => vi.restoreAllMocks());

const JANE = "jane.smith@mail.example.com";

/** A tenant with the Shopify fixture store connected, and a Telegram chat (which vouches for nobody). */
async function telegramShopper(user: string) {
  const { owner, seen } = await shopifyTenant();
  const tg = await addChannel(owner.tenantId, "telegram");
  let conv = "";
  /** Sends one shopper message and returns the AI's answer to it. */
  const say = async (text: string): Promise<Message> => {
    const before = conv ? await aiMessages(owner, conv) : [];
    conv = await inbound(owner.tenantId, tg, "telegram", user, [text]);
    return waitFor(
      async () => (await aiMessages(owner, conv))[before.length],
      `the AI's answer to "${text}"`,
      20_000,
    );
  };
  return { owner, say, conv: () => conv, seen };
}

const aiMessages = async (owner: Caller, conv: string) =>
  (await readMessages(owner.cookie, conv)).filter((m) => m.author.type === "ai");

/** The newest row of the mail outbox now: a mail sent later has a higher rowid. */
async function lastMailRow(): Promise<number> {
  return (await env.DB.prepare("SELECT COALESCE(MAX(rowid), 0) AS n FROM mail_outbox").first<{
    n: number;
  }>())!.n;
}

/**
 * The code in the newest mail to `to` written after row `after`. The mail goes out just after the AI's
 * answer, so it is waited for (a read at once could find an earlier test's mail to the same address).
 */
async function mailedCode(to: string, after: number): Promise<string> {
  const row = await waitFor(
    () =>
      env.DB.prepare(
        "SELECT subject, text FROM mail_outbox WHERE to_address = ? AND rowid > ? ORDER BY rowid DESC LIMIT 1",
      )
        .bind(to, after)
        .first<{ subject: string; text: string }>(),
    `a mail to ${to}`,
  );
  expect(row.subject).toBe("Your code for order 1002");
  return row.text.match(/\b(\d{6})\b/)![1];
}

async function auditOf(tenantId: string) {
  const rows = await env.DB.prepare(
    "SELECT action, data FROM audit_log WHERE tenant_id = ? AND action LIKE 'order_verification.%' ORDER BY created_at, rowid",
  )
    .bind(tenantId)
    .all<{ action: string; data: string }>();
  return rows.results;
}

const other = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

describe("one-time code for an order the channel does not vouch for", () => {
  it("should offer a code to the masked order email, send it, refuse a wrong one and show the order after the right one", async () => {
    const started = await lastMailRow();
    const { owner, say } = await telegramShopper("tg-jane-1");
    const offer = await say("Hi, where is my order #1002?");
    expect(offer.text).toContain("j***@m***.com");
    expect(offer.text).not.toMatch(/processing|jane\.smith|6135550143|199/i);
    const sent = await say("yes please");
    expect(sent.text).toContain("6-digit code to j***@m***.com");
    const code = await mailedCode(JANE, started);
    const wrong = await say(other(code));
    expect(wrong.text).toBe("That code isn't right. You have 4 more tries.");
    const right = await say(code);
    expect(right.text).toContain("you're verified for order 1002");
    expect(right.text).toContain("processing");
    // Nothing the AI said carries the code or the address.
    for (const m of [offer, sent, wrong, right]) {
      expect(m.text).not.toContain(code);
      expect(m.text).not.toContain(JANE);
    }
    const trail = await auditOf(owner.tenantId);
    expect(trail.map((r) => r.action)).toEqual([
      "order_verification.offered",
      "order_verification.sent",
      "order_verification.wrong",
      "order_verification.verified",
    ]);
    expect(JSON.stringify(trail)).not.toContain(code);
    expect(JSON.stringify(trail)).not.toContain("jane.smith");
    // Only a hash is stored.
    const stored = await env.DB.prepare(
      "SELECT code_hash, state FROM order_verifications WHERE tenant_id = ?",
    )
      .bind(owner.tenantId)
      .first<{ code_hash: string; state: string }>();
    expect(stored).toMatchObject({ state: "verified" });
    expect(stored!.code_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("should propose a cancellation asked for before the code once the code is right, without asking again", async () => {
    const started = await lastMailRow();
    const { owner, say, conv } = await telegramShopper("tg-jane-resume");
    const offer = await say("Please cancel my order #1002");
    expect(offer.text).toContain("j***@m***.com");
    await say("yes");
    const right = await say(await mailedCode(JANE, started));
    expect(right.text).toBe(
      "I've asked a colleague to approve cancelling order 1002. You'll hear back here shortly.",
    );
    const res = await call("GET", `/api/conversations/${conv()}/actions`, { cookie: owner.cookie });
    expect(res.status).toBe(200);
    const { actions } = (await res.json()) as {
      actions: { kind: string; orderNumber: string; state: string }[];
    };
    expect(actions).toMatchObject([{ kind: "cancel", orderNumber: "1002", state: "proposed" }]);
  });

  it("should say an expired code has expired and show nothing of the order", async () => {
    const started = await lastMailRow();
    const { owner, say } = await telegramShopper("tg-jane-2");
    await say("Where is my order #1002?");
    await say("yes");
    const code = await mailedCode(JANE, started);
    // Ten minutes later: the row's expiry is moved into the past.
    await env.DB.prepare("UPDATE order_verifications SET expires_at = ? WHERE tenant_id = ?")
      .bind(Date.now() - 1, owner.tenantId)
      .run();
    const late = await say(code);
    expect(late.text).toMatch(/^That code has expired\./);
    expect(late.text).not.toMatch(/processing|verified/);
    const again = await say("Where is my order #1002?");
    expect(again.text).not.toContain("processing");
  });

  it("should lock after five wrong codes and hand the shopper to a person", async () => {
    const started = await lastMailRow();
    const { say, owner, conv } = await telegramShopper("tg-jane-3");
    await say("Where is order #1002?");
    await say("yes");
    const code = await mailedCode(JANE, started);
    for (let i = 0; i < 4; i++) await say(other(code));
    const fifth = await say(other(code));
    expect(fifth.text).toContain("too many tries");
    // D1's row follows the conversation object's coalesced flush (within a second or so).
    const status = await waitFor(async () => {
      const row = await env.DB.prepare("SELECT status FROM conversations WHERE id = ?")
        .bind(conv())
        .first<{ status: string }>();
      return row?.status === "bot" ? undefined : row;
    }, "the handover in D1's conversation row");
    expect(status?.status).toBe("waiting");
    const stored = await env.DB.prepare(
      "SELECT state, attempts FROM order_verifications WHERE tenant_id = ?",
    )
      .bind(owner.tenantId)
      .first<{ state: string; attempts: number }>();
    expect(stored).toEqual({ state: "locked", attempts: 5 });
  });
});
