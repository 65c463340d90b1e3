/**
 * Reference worker for `npm run bench -- fanout`: `/ws/<room>?role=shopper|agent` opens a hibernating
 * socket on the room's object; each `{type:"message", clientId, text}` frame is stored in the object's
 * SQLite and broadcast to every socket of the room — the least any chat on Durable Objects does.
 */
import { DurableObject } from "cloudflare:workers";

interface Env {
  ROOM: DurableObjectNamespace<RoomDO>;
}

export class RoomDO extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS messages (seq INTEGER PRIMARY KEY AUTOINCREMENT, client_id TEXT UNIQUE, author TEXT NOT NULL, text TEXT NOT NULL, created_at INTEGER NOT NULL)",
    );
  }

  override async fetch(request: Request): Promise<Response> {
    const role = new URL(request.url).searchParams.get("role") === "agent" ? "agent" : "shopper";
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server, [role]);
    server.serializeAttachment({ role });
    server.send(JSON.stringify({ type: "ready", role }));
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, raw: string | ArrayBuffer): Promise<void> {
    let frame: { type?: unknown; clientId?: unknown; text?: unknown };
    try {
      frame = JSON.parse(
        typeof raw === "string" ? raw : new TextDecoder().decode(raw),
      ) as typeof frame;
    } catch {
      return ws.close(1003, "bad frame");
    }
    if (
      frame.type !== "message" ||
      typeof frame.clientId !== "string" ||
      typeof frame.text !== "string"
    )
      return;
    const { role } = ws.deserializeAttachment() as { role: string };
    const createdAt = Date.now();
    const row = this.ctx.storage.sql
      .exec<{ seq: number }>(
        "INSERT INTO messages (client_id, author, text, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (client_id) DO UPDATE SET client_id = client_id RETURNING seq",
        frame.clientId,
        role,
        frame.text,
        createdAt,
      )
      .one();
    const out = JSON.stringify({
      type: "message",
      message: {
        seq: row.seq,
        clientId: frame.clientId,
        author: { type: role },
        text: frame.text,
        createdAt,
      },
    });
    for (const s of this.ctx.getWebSockets()) s.send(out);
  }

  override async webSocketClose(ws: WebSocket): Promise<void> {
    try {
      ws.close(1000, "bye");
    } catch {
      // already closed by the runtime
    }
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/healthz") return new Response("ok");
    const m = /^\/ws\/([\w-]{1,64})$/.exec(url.pathname);
    if (!m || request.headers.get("upgrade")?.toLowerCase() !== "websocket")
      return new Response("not found", { status: 404 });
    return env.ROOM.get(env.ROOM.idFromName(m[1])).fetch(request);
  },
} satisfies ExportedHandler<Env>;
