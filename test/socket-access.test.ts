import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setAiResponder } from "./ai-responder";
import {
  clientId,
  openInbox,
  openSocket,
  readMessages,
  waitFor,
  widgetSession,
} from "./engine-helpers";
import { addMember, call, signupTenant, type Caller } from "./helpers";

beforeEach(() => setAiResponder(async () => ({ kind: "answer", text: "" })));
afterEach(() => setAiResponder(null));

/** A shopper's conversation with one message, so agents have somewhere to open a socket. */
async function conversation(owner: Caller): Promise<string> {
  const { visitorToken } = await widgetSession(owner);
  const sock = await openSocket(`/ws/widget?token=${visitorToken}`);
  await sock.next((f) => f.type === "ready");
  sock.send({ type: "message", clientId: clientId(), text: "hello shop" });
  await sock.next((f) => f.type === "message" && f.message.text === "hello shop", "echo");
  sock.close();
  return (await widgetSession(owner, { visitorToken })).conversationId!;
}

const patchUser = (owner: Caller, user: Caller, body: Record<string, unknown>) =>
  call("PATCH", `/api/users/${user.userId}`, { cookie: owner.cookie, body });

describe("live sockets after a role change", () => {
  it("should close a disabled agent's conversation sockets in every conversation and their inbox socket", async () => {
    const owner = await signupTenant();
    const agent = await addMember(owner, "agent");
    const [first, second] = [await conversation(owner), await conversation(owner)];
    const inbox = await openInbox(agent.cookie);
    await inbox.next((f) => f.type === "ready");
    const sockets = [
      await openSocket(`/ws/conversations/${first}`, agent.cookie),
      await openSocket(`/ws/conversations/${second}`, agent.cookie),
    ];
    for (const s of sockets) await s.next((f) => f.type === "ready");
    const ownerSock = await openSocket(`/ws/conversations/${first}`, owner.cookie);
    await ownerSock.next((f) => f.type === "ready");

    expect((await patchUser(owner, agent, { status: "disabled" })).status).toBe(200);
    for (const s of sockets) await waitFor(() => s.closed, "conversation socket closed");
    await waitFor(() => inbox.closed, "inbox socket closed");
    expect(sockets.map((s) => s.closed?.code)).toEqual([4003, 4003]);
    expect(inbox.closed?.code).toBe(4003);
    // Only that user's sockets: the owner's stays open and keeps working.
    expect(ownerSock.closed).toBeNull();
    ownerSock.send({ type: "message", clientId: clientId(), text: "owner still here" });
    await ownerSock.next(
      (f) => f.type === "message" && f.message.text === "owner still here",
      "owner echo",
    );
  });

  it("should refuse a write frame from a demoted agent's socket the close did not reach, and store nothing", async () => {
    const owner = await signupTenant();
    const agent = await addMember(owner, "agent");
    const conversationId = await conversation(owner);
    const sock = await openSocket(`/ws/conversations/${conversationId}`, agent.cookie);
    await sock.next((f) => f.type === "ready");
    sock.send({ type: "message", clientId: clientId(), text: "before demotion" });
    await sock.next((f) => f.type === "message" && f.message.text === "before demotion", "echo");
    // The inbox forgets this socket (a lost registration), so the demotion cannot close it.
    await runInDurableObject(
      env.INBOX.get(env.INBOX.idFromName(owner.tenantId)),
      (_o, state) => void state.storage.sql.exec("DELETE FROM user_sockets"),
    );

    expect((await patchUser(owner, agent, { role: "viewer" })).status).toBe(200);
    expect(sock.closed).toBeNull();
    sock.send({ type: "message", clientId: clientId(), text: "after demotion" });
    const refused = await sock.next((f) => f.type === "error", "error frame");
    expect(refused).toMatchObject({ type: "error", code: "FORBIDDEN" });
    await waitFor(() => sock.closed, "closed after the refusal");
    expect(
      (await readMessages(owner.cookie, conversationId))
        .filter((m) => m.kind === "text")
        .map((m) => m.text),
    ).toEqual(["hello shop", "before demotion"]);
  });

  it("should close a demoted agent's sockets and let them back in read-only", async () => {
    const owner = await signupTenant();
    const agent = await addMember(owner, "agent");
    const conversationId = await conversation(owner);
    const sock = await openSocket(`/ws/conversations/${conversationId}`, agent.cookie);
    await sock.next((f) => f.type === "ready");
    expect((await patchUser(owner, agent, { role: "viewer" })).status).toBe(200);
    await waitFor(() => sock.closed, "closed on demotion");
    const again = await openSocket(`/ws/conversations/${conversationId}`, agent.cookie);
    expect(await again.next((f) => f.type === "ready")).toMatchObject({ role: "supervisor" });
    again.send({ type: "message", clientId: clientId(), text: "viewer writes" });
    expect(await again.next((f) => f.type === "error", "refusal")).toMatchObject({
      code: "FORBIDDEN",
    });
    expect((await readMessages(owner.cookie, conversationId)).map((m) => m.text)).toEqual([
      "hello shop",
    ]);
  });
});
