import { describe, expect, it } from "vitest";
import { Outbox, type KeyValueStore } from "./outbox";

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}
const item = (clientId: string) => ({ clientId, text: clientId, attachments: [], createdAt: 1 });

describe("Outbox", () => {
  it("should survive a reload until each message is acknowledged", () => {
    const store = memoryStore();
    const a = new Outbox(store, "k");
    a.add(item("c-one-1111"));
    a.add(item("c-two-2222"));
    a.add(item("c-one-1111"));
    const b = new Outbox(store, "k");
    expect(b.items().map((i) => i.clientId)).toEqual(["c-one-1111", "c-two-2222"]);
    b.ack("c-one-1111");
    expect(new Outbox(store, "k").items().map((i) => i.clientId)).toEqual(["c-two-2222"]);
    b.ack("c-two-2222");
    expect(store.data.has("k")).toBe(false);
  });

  it("should start empty on corrupt or foreign storage content", () => {
    const store = memoryStore();
    store.setItem("k", "{not json");
    expect(new Outbox(store, "k").items()).toEqual([]);
    store.setItem("k", JSON.stringify([{ nope: 1 }, item("c-ok-12345")]));
    expect(new Outbox(store, "k").items().map((i) => i.clientId)).toEqual(["c-ok-12345"]);
  });

  it("should keep working in memory when storage throws", () => {
    const broken: KeyValueStore = {
      getItem: () => null,
      setItem: () => {
        throw new Error("quota");
      },
      removeItem: () => undefined,
    };
    const box = new Outbox(broken, "k");
    box.add(item("c-mem-12345"));
    expect(box.items()).toHaveLength(1);
  });
});
