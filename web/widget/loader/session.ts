import type { Identity, WidgetSession } from "../contract";
import type { KeyValueStore } from "../../shared/outbox";

export interface SessionRequest {
  publicKey: string;
  visitorToken?: string;
  identity?: Identity;
  language: string;
}

/** POST /api/widget/session: cross-origin, no cookies; the visitor token is the only credential. */
export async function fetchSession(base: string, body: SessionRequest): Promise<WidgetSession> {
  const res = await fetch(`${base}/api/widget/session`, {
    method: "POST",
    mode: "cors",
    credentials: "omit",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`widget session: HTTP ${res.status}`);
  const data = (await res.json()) as Partial<WidgetSession>;
  if (typeof data.visitorToken !== "string") throw new Error("widget session: no visitor token");
  return {
    visitorToken: data.visitorToken,
    conversationId: data.conversationId ?? null,
    config: data.config ?? {},
  };
}

/** Where an anonymous visitor's token and the last known look are kept between page loads. */
export function sessionStore(store: KeyValueStore | null, publicKey: string) {
  const k = (name: string) => `edgedesk:${publicKey}:${name}`;
  const get = <T>(name: string): T | null => {
    try {
      const raw = store?.getItem(k(name));
      return raw ? (JSON.parse(raw) as T) : null;
    } catch {
      return null;
    }
  };
  const set = (name: string, v: unknown) => {
    try {
      store?.setItem(k(name), JSON.stringify(v));
    } catch {
      /* blocked storage: the visitor simply starts fresh next time */
    }
  };
  return {
    token: () => get<string>("visitor"),
    config: () => get<WidgetSession["config"]>("config"),
    save: (s: WidgetSession) => {
      set("visitor", s.visitorToken);
      set("config", s.config);
    },
  };
}
