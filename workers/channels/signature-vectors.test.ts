import { describe, expect, it } from "vitest";
import { z } from "zod";
import { verifyLineSignature } from "./line";
import { verifyHubSignature } from "./meta";
import { fixtureText } from "./testing/fixtures";

const Vectors = z.object({
  "x-hub-signature": z.array(
    z.object({
      id: z.string(),
      secret: z.string(),
      body: z.string(),
      signature: z.string(),
      valid: z.boolean(),
    }),
  ),
  "x-line-signature": z.array(
    z.object({
      channelSecret: z.string(),
      body: z.string(),
      signature: z.string(),
      valid: z.boolean(),
    }),
  ),
});
const vectors = Vectors.parse(JSON.parse(fixtureText("webhooks/signature-vectors.json")));

describe("signature-vectors.json", () => {
  it("should contain the vectors this suite expects", () => {
    expect(vectors["x-hub-signature"]).toHaveLength(4);
    expect(vectors["x-line-signature"]).toHaveLength(3);
  });

  // The legacy SHA-1 vectors are correct HMACs, and refused all the same: only SHA-256 counts.
  it.each(vectors["x-hub-signature"])(
    "should accept X-Hub-Signature vector $id only when it is a valid SHA-256 one (valid=$valid)",
    async (v) => {
      expect(
        await verifyHubSignature(v.signature, v.secret, new TextEncoder().encode(v.body)),
      ).toBe(v.valid && v.signature.startsWith("sha256="));
    },
  );

  it.each(vectors["x-line-signature"].map((v, i) => ({ ...v, i })))(
    "should treat X-Line-Signature vector #$i as valid=$valid",
    async (v) => {
      expect(
        await verifyLineSignature(v.signature, v.channelSecret, new TextEncoder().encode(v.body)),
      ).toBe(v.valid);
    },
  );

  it("should reject a valid signature checked against another body or secret", async () => {
    const good = vectors["x-hub-signature"][0];
    expect(await verifyHubSignature(good.signature, good.secret, `${good.body} `)).toBe(false);
    expect(await verifyHubSignature(good.signature, `${good.secret}!`, good.body)).toBe(false);
    const line = vectors["x-line-signature"][2];
    // The body holds 4-byte emoji: an encoding other than UTF-8 must not verify.
    const latin1 = Uint8Array.from(line.body, (c) => c.charCodeAt(0) & 0xff);
    expect(await verifyLineSignature(line.signature, line.channelSecret, latin1)).toBe(false);
  });
});
