import {
  createExecutionContext,
  createScheduledController,
  waitOnExecutionContext,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../index";
import { jsonResponse, mockFetch } from "../channels/testing/mock-fetch";
import { broadcastSender } from "./ops-wiring";
import { transcriptMailer } from "./transcript-mailer";
import { signupTenant } from "../../test/helpers";

const creds = { botToken: "123456:ABC-def_ghi" };
const out = {
  to: "777",
  text: "Spring sale!",
  contactId: "con_1",
  broadcastId: "brd_1",
  recipientId: "brr_1",
};

describe("broadcastSender", () => {
  it("should send through the channel's adapter with its credentials", async () => {
    const fetchFn = mockFetch(
      jsonResponse({
        ok: true,
        result: { message_id: 42, date: 1, chat: { id: 777, type: "private" } },
      }),
    );
    expect(await broadcastSender(env, fetchFn)("telegram", creds, out)).toEqual({
      ok: true,
      externalId: "777:42",
    });
    expect(fetchFn.calls[0].url).toBe("https://api.telegram.org/bot123456:ABC-def_ghi/sendMessage");
    expect(fetchFn.calls[0].json).toMatchObject({ chat_id: "777", text: "Spring sale!" });
  });

  it("should retry only what the platform certainly refused, never a send that may have gone out", async () => {
    const limited = await broadcastSender(
      env,
      mockFetch(
        jsonResponse(
          {
            ok: false,
            error_code: 429,
            description: "Too Many Requests",
            parameters: { retry_after: 3 },
          },
          429,
        ),
      ),
    )("telegram", creds, out);
    expect(limited).toMatchObject({ ok: false, retryable: true });
    const lost = await broadcastSender(env, mockFetch(new TypeError("network connection lost")))(
      "telegram",
      creds,
      out,
    );
    expect(lost).toMatchObject({ ok: false, retryable: false });
    expect(
      await broadcastSender(env, mockFetch())("telegram", { botToken: "nope" }, out),
    ).toMatchObject({ ok: false, retryable: false });
  });
});

describe("transcriptMailer", () => {
  it("should report that email sending is not configured when there is no EMAIL binding", async () => {
    // wrangler.toml declares EMAIL now; a deployment without email routing removes it.
    expect(
      await transcriptMailer({ ...env, EMAIL: undefined }).send({
        tenantId: "ten_x",
        to: "a@b.co",
        subject: "Transcript",
        text: "...",
      }),
    ).toMatchObject({ ok: false, code: "EMAIL_NOT_CONFIGURED" });
  });
});

describe("scheduled()", () => {
  it("should run the ops cron: a due workflow step left by a lost alarm runs", async () => {
    const { tenantId } = await signupTenant();
    const id = `wfs_${crypto.randomUUID().slice(0, 8)}`;
    // A time-based check for a conversation that no longer applies still gets claimed and finished by the cron.
    await env.DB.prepare(
      "INSERT INTO workflow_scheduled_steps (id, tenant_id, conversation_id, workflow_id, kind, step_index, anchor, due_at, status, attempts) VALUES (?, ?, 'cnv_gone', 'wf_gone', 'waiting_reply', 0, 1, ?, 'pending', 0)",
    )
      .bind(id, tenantId, Date.now() - 1000)
      .run();
    const ctx = createExecutionContext();
    await worker.scheduled(
      createScheduledController({ scheduledTime: Date.now(), cron: "*/5 * * * *" }),
      env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    const row = await env.DB.prepare("SELECT status FROM workflow_scheduled_steps WHERE id = ?")
      .bind(id)
      .first<{ status: string }>();
    expect(row?.status).toBe("done");
  });
});
