/**
 * Messages written while the link was down (or sent but not yet echoed). Kept in storage so a
 * reload does not lose them; re-sent with the same clientId, which the server stores only once.
 */
import type { PendingMessage } from "./conversation-log";

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export class Outbox {
  private list: PendingMessage[];

  constructor(
    private readonly store: KeyValueStore | null,
    private readonly key: string,
  ) {
    this.list = Outbox.read(store, key);
  }

  private static read(store: KeyValueStore | null, key: string): PendingMessage[] {
    try {
      const raw = store?.getItem(key);
      const v: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(v)
        ? v.filter(
            (x): x is PendingMessage =>
              !!x && typeof x === "object" && typeof (x as PendingMessage).clientId === "string",
          )
        : [];
    } catch {
      return [];
    }
  }

  items(): PendingMessage[] {
    return this.list.slice();
  }

  add(item: PendingMessage): void {
    if (this.list.some((x) => x.clientId === item.clientId)) return;
    this.list.push(item);
    this.save();
  }

  /** The server echoed this clientId: it is stored, stop re-sending it. */
  ack(clientId: string): void {
    const before = this.list.length;
    this.list = this.list.filter((x) => x.clientId !== clientId);
    if (this.list.length !== before) this.save();
  }

  clear(): void {
    this.list = [];
    this.save();
  }

  private save(): void {
    try {
      if (this.list.length) this.store?.setItem(this.key, JSON.stringify(this.list));
      else this.store?.removeItem(this.key);
    } catch {
      /* storage full or blocked (private mode): the in-memory copy still works for this page */
    }
  }
}

/** localStorage when the page may use it; null in sandboxes that throw on access. */
export function safeLocalStorage(): KeyValueStore | null {
  try {
    const s = window.localStorage;
    s.getItem("edgedesk:probe");
    return s;
  } catch {
    return null;
  }
}
