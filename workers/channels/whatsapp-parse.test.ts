import { describe, expect, it, vi } from "vitest";
import { fixtureBytes, fixturePaths, fixtureText } from "./testing/fixtures";
import { NormalizedEvent as NormalizedEventSchema } from "../wire/queue";
import type { NormalizedEvent } from "../wire/queue";
import { whatsappAdapter } from "./whatsapp";

const DIR = "webhooks/whatsapp/flat";

async function parseFixture(name: string): Promise<NormalizedEvent[]> {
  const res = await whatsappAdapter.parse(fixtureBytes(`${DIR}/${name}.json`), new Headers());
  if (!res.ok) throw new Error(`${name}: ${res.message}`);
  for (const e of res.events) expect(NormalizedEventSchema.safeParse(e).success).toBe(true);
  return res.events;
}

describe("whatsappAdapter.parse", () => {
  it("should give the same events for the grouped files as for the flat ones", async () => {
    // Events without a platform time are stamped with the receive time: freeze it so both parses agree.
    const now = vi.spyOn(Date, "now").mockReturnValue(1_760_000_000_000);
    const grouped = fixturePaths("webhooks/whatsapp");
    expect(grouped.length).toBeGreaterThan(10);
    for (const path of grouped) {
      const cases = JSON.parse(fixtureText(path)) as Record<string, unknown>;
      for (const [caseName, body] of Object.entries(cases)) {
        const flatName = `${path.slice("webhooks/whatsapp/".length, -".json".length)}__${caseName}`;
        const res = await whatsappAdapter.parse(
          new TextEncoder().encode(JSON.stringify(body)),
          new Headers(),
        );
        expect(res.ok).toBe(true);
        if (res.ok) expect(res.events).toEqual(await parseFixture(flatName));
      }
    }
    now.mockRestore();
  });

  it("should derive stable ids for events the platform gives none", async () => {
    const idOf = async (name: string) => {
      const [e] = await parseFixture(name);
      return e.kind === "lifecycle" ? e.data?.eventId : undefined;
    };
    const a = await idOf("user_marketing_preferences__resume");
    expect(a).toMatch(/^wa:h:[0-9a-f]{32}$/);
    expect(await idOf("user_marketing_preferences__resume")).toBe(a);
    expect(await idOf("user_marketing_preferences__signup")).not.toBe(a);
  });

  it("should reject truncated JSON as MALFORMED_PAYLOAD", async () => {
    const bytes = fixtureBytes(`${DIR}/message__text.json`);
    const res = await whatsappAdapter.parse(bytes.slice(0, bytes.length - 20), new Headers());
    expect(res).toMatchObject({ ok: false, code: "MALFORMED_PAYLOAD" });
  });

  it("should reject bodies that are not WhatsApp webhooks", async () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    for (const body of ['{"object":"page","entry":[]}', '{"entry":"x"}', "[]", "", "null"]) {
      expect(await whatsappAdapter.parse(enc(body), new Headers())).toMatchObject({
        ok: false,
        code: "MALFORMED_PAYLOAD",
      });
    }
    expect(
      await whatsappAdapter.parse(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), new Headers()),
    ).toMatchObject({ ok: false, code: "MALFORMED_PAYLOAD" });
  });

  it("should record unknown fields and message types instead of failing", async () => {
    const body = {
      object: "whatsapp_business_account",
      entry: [
        {
          id: "1",
          time: 1700000000,
          changes: [
            { field: "brand_new_field", value: { anything: true } },
            {
              field: "messages",
              value: { errors: [{ code: 131000, title: "Something went wrong" }] },
            },
            {
              field: "messages",
              value: {
                messages: [
                  {
                    from: "111",
                    id: "wamid.new",
                    timestamp: "1700000001",
                    type: "hologram",
                    hologram: {},
                  },
                  { id: "missing-from" },
                ],
              },
            },
          ],
        },
      ],
    };
    const res = await whatsappAdapter.parse(
      new TextEncoder().encode(JSON.stringify(body)),
      new Headers(),
    );
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.events).toMatchObject([
      { kind: "unknown", description: "brand_new_field", timestamp: 1700000000000 },
      { kind: "unknown", description: "messages:errors" },
      {
        kind: "message",
        externalMessageId: "wamid.new",
        message: { type: "unsupported", extra: { rawType: "hologram" } },
      },
      { kind: "unknown", description: "message" },
    ]);
  });
});
