/**
 * Webhook probe (issue #17): the token-leak attack against the real Worker under `wrangler dev`, with a
 * real Node listener on loopback standing in for the attacker's server. For WhatsApp, Messenger and
 * LINE it posts an Edgedesk-format image event whose media links point at the listener, signed first
 * with the connection's verify token (must be refused) and then with its events secret (accepted; the
 * links must not be fetched), plus a LINE-signed body whose external content URL points there too.
 * The listener must receive no request at all, so no credential can reach it. Not a benchmark: the
 * last line is the verdict, and a leak fails the run.
 */
import { createHmac } from "node:crypto";
import http from "node:http";
import { allConversations, client, signup, type Request } from "./lib/http";
import { freePort, startWorker } from "./lib/server";

type Heard = { method: string; url: string; authorization: string | null };

async function listen(): Promise<{ port: number; heard: Heard[]; close(): Promise<void> }> {
  const heard: Heard[] = [];
  const server = http.createServer((req, res) => {
    heard.push({
      method: req.method ?? "",
      url: req.url ?? "",
      authorization: req.headers.authorization ?? null,
    });
    res.writeHead(200, { "content-type": "image/png" }).end("x");
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  return { port, heard, close: () => new Promise((r) => server.close(() => r())) };
}

const sign = (secret: string, body: string) =>
  `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

function imageEvent(type: string, user: string, id: string, urls: string[]): string {
  return JSON.stringify({
    kind: "message",
    channel: type,
    externalUserId: user,
    externalMessageId: id,
    timestamp: Date.now(),
    contact: { name: "Probe" },
    message: { type: "image", media: urls.map((url) => ({ url, mimeType: "image/png" })) },
  });
}

const CHANNELS = {
  whatsapp: {
    accessToken: "EAAG-probe-access-token",
    phoneNumberId: "1234567890",
    appSecret: "probe-wa-app-secret",
  },
  messenger: {
    pageAccessToken: "EAAP-probe-page-token",
    appSecret: "probe-fb-app-secret",
    pageId: "1",
  },
  line: {
    channelSecret: "probe-line-channel-secret",
    channelAccessToken: "probe-line-access-token",
  },
} as const;

async function waitForInbound(request: Request, cookie: string, expected: number): Promise<number> {
  const until = Date.now() + 60_000;
  for (;;) {
    const n = (await allConversations(request, cookie)).reduce((s, c) => s + c.inboundCount, 0);
    if (n >= expected || Date.now() > until) return n;
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function run(): Promise<string> {
  const listener = await listen();
  const worker = await startWorker();
  try {
    const request = client(worker.host, worker.port, 8);
    const owner = await signup(request);
    const targets = [
      `http://127.0.0.1:${listener.port}/leak.png`,
      `https://127.0.0.1:${listener.port}/leak.png`,
      `http://localhost:${listener.port}/leak.png`,
    ];
    let refused = 0;
    let accepted = 0;
    for (const [type, credentials] of Object.entries(CHANNELS)) {
      const res = await request(
        "POST",
        "/api/channels",
        JSON.stringify({ type, name: type, credentials }),
        { cookie: owner.cookie },
      );
      if (res.status !== 201) throw new Error(`connect ${type}: ${res.status} ${res.body}`);
      const ch = JSON.parse(res.body) as {
        channel: { id: string };
        verifyToken: string;
        eventSecret?: string;
      };
      const path = `/webhooks/${type}/${ch.channel.id}`;
      const forged = imageEvent(type, `probe-${type}`, `forged-${type}`, targets);
      if (
        (
          await request("POST", path, forged, {
            "x-edgedesk-signature": sign(ch.verifyToken, forged),
          })
        ).status === 401
      )
        refused++;
      const genuine = imageEvent(type, `probe-${type}`, `genuine-${type}`, targets);
      if (
        ch.eventSecret &&
        (
          await request("POST", path, genuine, {
            "x-edgedesk-signature": sign(ch.eventSecret, genuine),
          })
        ).status === 200
      )
        accepted++;
      if (type === "line") {
        const body = JSON.stringify({
          destination: "U0",
          events: [
            {
              type: "message",
              mode: "active",
              timestamp: Date.now(),
              webhookEventId: "probe-ev",
              deliveryContext: { isRedelivery: false },
              replyToken: "rt",
              source: { type: "user", userId: "Uprobe" },
              message: {
                id: "9001",
                type: "image",
                contentProvider: { type: "external", originalContentUrl: targets[0] },
              },
            },
          ],
        });
        const signature = createHmac("sha256", CHANNELS.line.channelSecret)
          .update(body)
          .digest("base64");
        if ((await request("POST", path, body, { "x-line-signature": signature })).status === 200)
          accepted++;
      }
    }
    const stored = await waitForInbound(request, owner.cookie, accepted);
    // The consumer has run; give a late fetch a moment to arrive before counting.
    await new Promise((r) => setTimeout(r, 2000));
    const credentialed = listener.heard.filter((h) => h.authorization).length;
    const line = `webhook-probe: refused_verify_token=${refused}/3 accepted_events_secret=${accepted}/4 stored=${stored} listener_requests=${listener.heard.length} with_credential=${credentialed}`;
    if (listener.heard.length || refused !== 3 || accepted !== 4 || stored < accepted) {
      console.error(JSON.stringify(listener.heard, null, 1));
      throw new Error(`probe failed: ${line}`);
    }
    return line;
  } finally {
    await worker.stop();
    await listener.close();
  }
}
