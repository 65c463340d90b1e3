/**
 * Delivery receipts of broadcast messages: a WhatsApp status webhook for a message a broadcast sent
 * (no conversation holds it) must reach the broadcast's recipient row, so the broadcasts page's
 * delivered/read counts move.
 */
import { env } from "cloudflare:workers";
import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { channels } from "../workers/db/schema";
import { broadcastRecipients, contactOptIns } from "../workers/db/schema-ops";
import type { Auth } from "../workers/app-env";
import { handleBroadcastJob } from "../workers/broadcasts/sender";
import { createBroadcast, scheduleBroadcast } from "../workers/broadcasts/broadcast-service";
import { broadcastSender } from "../workers/services/ops-wiring";
import { connectChannel, consumeInOrder, postFixtures } from "./channel-fixture-helpers";
import { db, fakeQueue, seedContact, seedIdentity } from "./ops-fixtures";
import { call, signupTenant } from "./helpers";

afterEach(() => vi.restoreAllMocks());

/** The id every WhatsApp status fixture refers to, and the number it was sent to. */
const WAMID = "wamid.xyzxyz";
const RECIPIENT = "972987654321";

describe("broadcast delivery statuses", () => {
  it("should count a WhatsApp broadcast message as delivered, then read, from the real status webhooks", async () => {
    const owner = await signupTenant();
    const appSecret = "wa-broadcast-secret";
    const ch = await connectChannel(owner, "whatsapp", {
      accessToken: "EAAG-token",
      phoneNumberId: "1234567890",
      appSecret,
    });
    await db()
      .update(channels)
      .set({
        config: sql`json_set(${channels.config}, '$.templates', json(${JSON.stringify([{ name: "promo", language: "en", status: "APPROVED" }])}))`,
      })
      .where(eq(channels.id, ch.id));
    const contactId = await seedContact(owner.tenantId, { name: "Ada" });
    await seedIdentity(owner.tenantId, contactId, ch.id, "whatsapp", RECIPIENT);
    await db()
      .insert(contactOptIns)
      .values({ tenantId: owner.tenantId, contactId, channelType: "whatsapp" });

    const auth: Auth = {
      tenantId: owner.tenantId,
      userId: owner.userId,
      role: "owner",
      apiKeyId: null,
      email: null,
    };
    const broadcast = await createBroadcast(db(), auth, {
      name: "Spring",
      channelId: ch.id,
      audience: { tags: [], anyTags: [], attributes: {}, languages: [] },
      variants: [{ id: "a", weight: 1, template: { name: "promo", language: "en", params: [] } }],
    });
    const queue = fakeQueue();
    await scheduleBroadcast(db(), queue, auth, broadcast.id, undefined);

    // The real WhatsApp adapter sends; the Graph API answers with the id the status fixtures carry.
    const graph = vi.fn(async () =>
      Response.json({ messaging_product: "whatsapp", messages: [{ id: WAMID }] }),
    );
    const send = broadcastSender(env, graph as unknown as typeof fetch);
    const testEnv = { ...env, JOBS_QUEUE: queue };
    for (let i = 0; i < 5 && queue.sent.length; i++)
      await handleBroadcastJob(testEnv, queue.sent.splice(0).at(-1)!.body, send);
    expect(graph).toHaveBeenCalledTimes(1);
    const [row] = await db()
      .select()
      .from(broadcastRecipients)
      .where(eq(broadcastRecipients.broadcastId, broadcast.id));
    expect(row).toMatchObject({ status: "sent", externalMessageId: WAMID, deliveryStatus: null });

    const progress = async () =>
      (
        (await (
          await call("GET", `/api/broadcasts/${broadcast.id}`, { cookie: owner.cookie })
        ).json()) as { progress: { sent: number; delivered: number; read: number } }
      ).progress;
    expect(await progress()).toMatchObject({ sent: 1, delivered: 0, read: 0 });

    const delivered = await postFixtures("whatsapp", ch.id, appSecret, [
      "webhooks/whatsapp/flat/message_status__delivered.json",
    ]);
    await consumeInOrder([...delivered.values()]);
    expect(await progress()).toMatchObject({ sent: 1, delivered: 1, read: 0 });

    const read = await postFixtures("whatsapp", ch.id, appSecret, [
      "webhooks/whatsapp/flat/message_status__read.json",
    ]);
    await consumeInOrder([...read.values()]);
    expect(await progress()).toMatchObject({ sent: 1, delivered: 1, read: 1 });
    // A late "delivered" (redelivered webhook) does not undo "read".
    await consumeInOrder([...delivered.values()]);
    const [after] = await db()
      .select()
      .from(broadcastRecipients)
      .where(eq(broadcastRecipients.broadcastId, broadcast.id));
    expect(after.deliveryStatus).toBe("read");
  });
});
