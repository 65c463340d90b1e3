/**
 * The conversation's live sockets: the upgrade (replaying exactly what the client has not seen), frames
 * from shoppers and teammates turned into commands, and every change broadcast as each role may see it.
 * Hibernation-safe: who a socket is lives in its attachment and tags, never in fields.
 */
import { log } from "../../workers/lib/log";
import { fail, type Actor, type DoResult } from "../../workers/wire/objects";
import type { PendingConversation } from "../../workers/wire/intake";
import {
  CLOSE_ACCESS_CHANGED,
  type ClientFrame,
  type ConversationState,
  type Message,
  type ServerFrame,
  type SocketRole,
} from "../../workers/wire/socket";
import { IDENTITY_HEADER, SocketIdentity } from "../../workers/wire/socket-identity";
import { inboxStub } from "../rpc";
import type { ConversationCommands } from "./commands";
import type { ConversationDeps } from "./deps";
import { handOver } from "./handover-claims";
import { agentMessage, shopperMessage } from "./posting-messages";
import { publicState } from "./public-state";
import { markRead, rate } from "./tags-rating-reads";
import {
  attachmentOf,
  clientAttachments,
  CLOSE_POLICY,
  newAttachment,
  parseFrame,
  personOf,
  send,
  SHOPPER_MESSAGES,
  spend,
  strike,
  takeToken,
  userTag,
  visibleTo,
  type Bucket,
  type SocketAttachment,
} from "./sockets";

const PAGE = 200;

export class SocketHub {
  private claiming: Promise<DoResult<null>> | null = null;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly env: Env,
    private readonly deps: ConversationDeps,
    private readonly commands: ConversationCommands,
  ) {}

  /** A WebSocket upgrade the Worker forwarded, with the identity it vouches for. */
  async accept(request: Request): Promise<Response> {
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket")
      return new Response("Expected a WebSocket upgrade.", { status: 426 });
    const identity = SocketIdentity.safeParse(
      JSON.parse(request.headers.get(IDENTITY_HEADER) ?? "null"),
    );
    if (!identity.success) return new Response("Bad socket identity.", { status: 400 });
    const store = this.commands.store;
    const s = store.state();
    if (!s)
      return identity.data.pending
        ? this.acceptPending(identity.data)
        : new Response("No such conversation.", { status: 404 });
    const after = Math.max(
      0,
      Math.floor(Number(new URL(request.url).searchParams.get("after") ?? 0)) || 0,
    );
    const person = personOf(identity.data);
    // Registered before it opens: a later change to the person's access must find this conversation.
    if (person)
      await inboxStub(this.env, s.tenantId).socketOpened(s.tenantId, person, s.conversationId);
    const { 0: client, 1: server } = new WebSocketPair();
    const now = Date.now();
    this.ctx.acceptWebSocket(
      server,
      person ? [identity.data.role, userTag(person)] : [identity.data.role],
    );
    server.serializeAttachment(newAttachment(identity.data, now));
    send(server, {
      type: "ready",
      role: identity.data.role,
      conversation: publicState(s),
      lastSeq: store.lastSeq(),
    });
    // Exactly what the client has not seen: every message after `after`, in order, page by page.
    for (let cursor = after; ; ) {
      const page = store.range(s.conversationId, { after: cursor, limit: PAGE });
      for (const m of page) {
        const visible = this.present(identity.data.role, m);
        if (visible) send(server, { type: "message", message: visible });
      }
      if (page.length < PAGE) break;
      cursor = page[page.length - 1].seq;
    }
    // Read receipts given before this socket opened (a reload) are replayed like the messages.
    const reads = { agent: 0, shopper: 0 };
    for (const p of store.participants()) {
      if (p.type === "shopper") reads.shopper = Math.max(reads.shopper, p.lastReadSeq);
      else if (p.type === "agent") reads.agent = Math.max(reads.agent, p.lastReadSeq);
    }
    for (const by of ["agent", "shopper"] as const)
      if (reads[by] > 0) send(server, { type: "read", by, seq: reads[by] });
    return new Response(null, { status: 101, webSocket: client });
  }

  /** A widget visitor's socket before their conversation exists: it waits here, where the first message creates it. */
  private acceptPending(identity: SocketIdentity): Response {
    const pending = identity.pending!;
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, [identity.role]);
    server.serializeAttachment(newAttachment(identity, Date.now()));
    const conversation: ConversationState = {
      id: pending.conversationId,
      status: "bot",
      assignee: null,
      queuePosition: null,
      language: pending.language,
      channelType: "widget",
      rating: null,
    };
    send(server, { type: "ready", role: identity.role, conversation, lastSeq: 0 });
    return new Response(null, { status: 101, webSocket: client });
  }

  /**
   * The first shopper message of a waiting socket creates the contact and the conversation (through the
   * Worker's widget intake); concurrent first messages share one creation.
   */
  private claim(pending: PendingConversation): Promise<DoResult<null>> {
    this.claiming ??= (async (): Promise<DoResult<null>> => {
      try {
        const res = await this.deps.openPending(pending);
        if (!res.ok) return fail(res.code, res.message);
        // Another conversation won the visitor (it was created elsewhere meanwhile): the socket reconnects there.
        if (res.value.conversationId !== pending.conversationId)
          return fail("CONFLICT", "The conversation moved.");
        if (!this.commands.state()) await this.commands.init(res.value);
        return { ok: true, value: null };
      } finally {
        this.claiming = null;
      }
    })();
    return this.claiming;
  }

  async message(ws: WebSocket, data: string | ArrayBuffer): Promise<void> {
    const att = attachmentOf(ws);
    if (!att) return ws.close(1011, "lost socket identity");
    if (!takeToken(att, Date.now())) return ws.close(CLOSE_POLICY, "rate limit exceeded");
    const parsed = parseFrame(data);
    if (!parsed.ok) {
      if (parsed.close) return ws.close(parsed.close.code, parsed.close.reason);
      if (parsed.error) send(ws, { type: "error", ...parsed.error });
      if (parsed.strike && strike(att)) return ws.close(CLOSE_POLICY, "too many invalid frames");
      ws.serializeAttachment(att);
      return;
    }
    ws.serializeAttachment(att);
    await this.onFrame(ws, att, parsed.frame);
  }

  async close(ws: WebSocket, code: number): Promise<void> {
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, "closing");
    } catch {
      // Already closed.
    }
    const att = attachmentOf(ws);
    const person = att && personOf(att);
    const s = this.commands.state();
    if (!person || !s) return;
    if (
      this.ctx
        .getWebSockets(userTag(person))
        .some((w) => w !== ws && w.readyState === WebSocket.OPEN)
    )
      return;
    try {
      await inboxStub(this.env, s.tenantId).socketsClosed(person, s.conversationId);
    } catch (err) {
      // A stale registration only costs one extra call when the person's access changes.
      log("warn", "socket unregistration failed", {
        conversationId: s.conversationId,
        error: String(err),
      });
    }
  }

  error(ws: WebSocket, err: unknown): void {
    log("warn", "conversation socket error", { error: String(err), role: attachmentOf(ws)?.role });
  }

  /** Closes every socket of one person here (their access changed); returns how many. */
  closeUser(userId: string): number {
    const sockets = this.ctx.getWebSockets(userTag(userId));
    for (const ws of sockets) {
      try {
        ws.close(CLOSE_ACCESS_CHANGED, "access changed");
      } catch {
        // Already closed.
      }
    }
    return sockets.length;
  }

  /** Closes every socket (the conversation is being erased). */
  closeAll(reason: string): void {
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.close(1000, reason);
      } catch {
        // Already closed.
      }
    }
  }

  /** One bucket for the shopper's messages, shared by all their sockets (a socket's own bucket counts its frames). */
  private takeShopperToken(): boolean {
    const now = Date.now();
    const store = this.commands.store;
    const raw = store.kv("shopper_bucket");
    const bucket: Bucket = raw
      ? (JSON.parse(raw) as Bucket)
      : { tokens: SHOPPER_MESSAGES.burst, refilledAt: now };
    const ok = spend(bucket, now, SHOPPER_MESSAGES.burst, SHOPPER_MESSAGES.perSecond);
    store.setKv("shopper_bucket", JSON.stringify(bucket));
    return ok;
  }

  /** A teammate's frame counts only while their current role allows it: writing needs agent or above, watching any active role. */
  private async mayAct(att: SocketAttachment): Promise<boolean> {
    const person = personOf(att);
    const s = this.commands.state();
    if (!person || !s) return true;
    const role = await inboxStub(this.env, s.tenantId).accessOf(s.tenantId, person);
    return att.role === "agent" ? role !== null && role !== "viewer" : role !== null;
  }

  private async onFrame(ws: WebSocket, att: SocketAttachment, frame: ClientFrame): Promise<void> {
    const refuse = (code: string, message: string) => send(ws, { type: "error", code, message });
    if (frame.type === "ping") return send(ws, { type: "pong" });
    if (frame.type === "message" && att.role === "shopper") {
      if (!frame.text.trim() && !frame.attachments.length)
        return refuse("VALIDATION_FAILED", "A message needs text or an attachment.");
      if (!this.takeShopperToken())
        return refuse(
          "RATE_LIMITED",
          "You are sending messages too fast; wait a moment and send again.",
        );
    }
    if (!this.commands.state()) {
      // Waiting for a first message: typing and read receipts have nobody to reach; a rating has nothing to rate.
      if (!att.pending || frame.type === "typing" || frame.type === "read") return;
      if (frame.type === "rating")
        return refuse("INVALID_STATE", "There is no conversation to rate yet.");
      const claimed = await this.claim(att.pending);
      if (!claimed.ok) {
        refuse(claimed.code, claimed.message);
        if (claimed.code === "CONFLICT") ws.close(1012, "conversation moved");
        return;
      }
    }
    const state = this.commands.state();
    const actor: Actor =
      att.role === "shopper"
        ? { type: "shopper", id: state?.contactId ?? att.contactId, name: att.name }
        : { type: "agent", id: att.userId, name: att.name };
    if (!(await this.mayAct(att))) {
      refuse("FORBIDDEN", "Your access to this conversation changed; reload to continue.");
      return ws.close(CLOSE_ACCESS_CHANGED, "access changed");
    }
    if (frame.type === "typing") {
      if (att.role === "supervisor") return;
      const from = att.role === "shopper" ? "shopper" : "agent";
      return this.broadcast(
        { type: "typing", from, name: att.name, on: frame.on },
        (other) =>
          other !== ws && (from === "agent" || other.deserializeAttachment()?.role !== "shopper"),
      );
    }
    if (frame.type === "read")
      return void (await this.commands.run(
        (c) => (markRead(c, actor, frame.seq), { ok: true as const, value: null }),
      ));
    if (att.role === "supervisor")
      return refuse("FORBIDDEN", "Supervisors watch; they do not write.");
    let res: DoResult<unknown>;
    if (frame.type === "message") {
      const attachments = this.ownAttachments(frame.attachments);
      if (!attachments.ok) return refuse(attachments.code, attachments.message);
      if (att.role === "shopper") {
        res = await this.commands.run((c) => ({
          ok: true,
          value: shopperMessage(
            c,
            { text: frame.text, attachments: attachments.value, clientId: frame.clientId },
            att.name,
          ),
        }));
      } else {
        res = await this.commands.run((c) =>
          agentMessage(c, actor, {
            clientId: frame.clientId,
            text: frame.text,
            note: frame.note,
            attachments: attachments.value,
            original: frame.original,
          }),
        );
      }
    } else if (frame.type === "handover_request" && att.role === "shopper") {
      res = await this.commands.run((c) =>
        c.s.status === "bot"
          ? handOver(c, actor, {
              reason: "shopper_request",
              rule: null,
              summary: null,
              intent: null,
              sentiment: null,
            })
          : { ok: true, value: null },
      );
    } else if (frame.type === "rating" && att.role === "shopper") {
      res = await this.commands.run((c) => rate(c, frame.score, frame.comment ?? null));
    } else {
      return refuse("FORBIDDEN", `${frame.type} frames are for shoppers.`);
    }
    if (!res.ok) refuse(res.code, res.message);
  }

  /** A message as `role` may see it, with signed links to this conversation's stored media. */
  present(role: SocketRole, m: Message): Message | null {
    const visible = visibleTo(role, m);
    const s = this.commands.state();
    return visible && s
      ? this.deps.media.present(
          visible,
          this.deps.media.prefix(s.tenantId, s.conversationId),
          Date.now(),
        )
      : visible;
  }

  /** Attachments a client names must be media uploaded to this conversation. */
  ownAttachments(list: Message["attachments"]) {
    const s = this.commands.state();
    if (!list.length || !s) return { ok: true as const, value: list };
    return clientAttachments(list, this.deps.media.prefix(s.tenantId, s.conversationId));
  }

  broadcast(frame: ServerFrame, filter: (ws: WebSocket) => boolean = () => true): void {
    for (const ws of this.ctx.getWebSockets()) if (filter(ws)) send(ws, frame);
  }

  broadcastMessage(m: Message, update = false): void {
    for (const ws of this.ctx.getWebSockets()) {
      const role = attachmentOf(ws)?.role;
      const visible = role ? this.present(role, m) : null;
      if (!visible) continue;
      if (update) send(ws, { type: "message_update", message: visible });
      else {
        const turnId = this.commands.ai.turnFor(m);
        send(ws, { type: "message", message: visible, ...(turnId ? { turnId } : {}) });
      }
    }
  }
}
