/** The tenant's shard object: its SQLite has FTS5 with trigram tokens, and the search index works in it. */
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { shardStub } from "../durable-objects/rpc";
import type { TenantShardDO } from "../durable-objects/tenant-shard-do";

describe("TenantShardDO", () => {
  it("should have FTS5 with the trigram tokenizer in its SQLite", async () => {
    const id = env.TENANT_SHARD.idFromName(`probe-${crypto.randomUUID()}`);
    const rows = await runInDurableObject(env.TENANT_SHARD.get(id), (_o: TenantShardDO, state) => {
      state.storage.sql.exec("CREATE VIRTUAL TABLE probe USING fts5(text, tokenize = 'trigram')");
      state.storage.sql.exec(
        "INSERT INTO probe (text) VALUES ('我的订单还没有发货'), ('Paquete ROTO')",
      );
      return [
        state.storage.sql.exec("SELECT text FROM probe WHERE probe MATCH '\"订单还\"'").toArray(),
        state.storage.sql.exec("SELECT text FROM probe WHERE probe MATCH '\"paquete\"'").toArray(),
        state.storage.sql.exec("SELECT text FROM probe WHERE probe MATCH '\"xyz\"'").toArray(),
      ];
    });
    expect(rows).toEqual([[{ text: "我的订单还没有发货" }], [{ text: "Paquete ROTO" }], []]);
  });

  it("should index each message once, keep every version, skip erased conversations and stay in its tenant", async () => {
    const tenant = `t-${crypto.randomUUID()}`;
    const shard = shardStub(env, tenant);
    const at = Date.now();
    const doc = (conversationId: string, messageId: string, text: string, dt = 0) => ({
      conversationId,
      messageId,
      text,
      at: at + dt,
    });
    expect(
      await shard.indexMessages([
        doc("c1", "m1", "Mi paquete PX-4471 llegó roto"),
        doc("c2", "m2", "我的订单还没有发货", 1),
        doc("c1", "m1", "Mi paquete PX-4471 llegó roto"),
        doc("c3", "m3", "   "),
      ]),
    ).toBe(2);
    // A redelivery adds nothing; an edit adds its text to the message's row.
    expect(await shard.indexMessages([doc("c1", "m1", "Mi paquete PX-4471 llegó roto")])).toBe(0);
    expect(await shard.indexMessages([doc("c1", "m1", "paquete para Sevilla")])).toBe(0);
    const ids = async (q: string) => (await shard.searchConversations(q, 50)).conversationIds;
    expect(await ids("llego")).toEqual(["c1"]);
    expect(await ids("sevilla roto")).toEqual(["c1"]);
    expect(await ids("订单还")).toEqual(["c2"]);
    expect(await ids("我的订单 发货")).toEqual(["c2"]);
    expect(await ids("paquete xy")).toEqual([]);
    expect(await ids("ab")).toEqual([]);
    expect(
      await shardStub(env, `t-${crypto.randomUUID()}`).searchConversations("paquete", 50),
    ).toEqual({ conversationIds: [], legacy: true });
    await shard.eraseConversations(["c1"]);
    expect(await ids("paquete")).toEqual([]);
    expect(await shard.indexMessages([doc("c1", "m9", "paquete otra vez")])).toBe(0);
    expect(await ids("paquete")).toEqual([]);
  });
});
