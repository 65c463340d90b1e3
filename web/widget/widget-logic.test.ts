import { describe, expect, it } from "vitest";
import { readableOn } from "./loader/dom";
import { absoluteUrl } from "./chat/upload";
import { eventText, fill, stringsFor } from "./chat/strings";
import { SUPPORTED } from "./languages";
import { LAUNCHER } from "./loader/strings";

describe("readableOn", () => {
  it("should pick dark text on light colours and white on dark ones", () => {
    expect(readableOn("#ffffff")).toBe("#111827");
    expect(readableOn("#fde047")).toBe("#111827");
    expect(readableOn("#1d4ed8")).toBe("#fff");
    expect(readableOn("not a colour")).toBe("#fff");
  });
});

describe("absoluteUrl", () => {
  it("should resolve server-relative media against the Edgedesk origin, never against the shop", () => {
    expect(absoluteUrl("https://desk.example", "/media/a.png")).toBe(
      "https://desk.example/media/a.png",
    );
    expect(absoluteUrl("https://desk.example", "javascript:alert(1)")).toBeNull();
    expect(absoluteUrl("https://desk.example", undefined)).toBeNull();
  });
});

describe("widget strings", () => {
  it("should have every string in every supported language", () => {
    const keys = Object.keys(stringsFor("en")).sort();
    for (const lang of SUPPORTED) {
      const s = stringsFor(lang);
      expect(Object.keys(s).sort()).toEqual(keys);
      for (const v of Object.values(s)) expect(v.trim().length).toBeGreaterThan(0);
    }
  });
  it("should keep English's placeholders in every language, and label the launcher in each", () => {
    const marks = (t: string) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const en = stringsFor("en");
    for (const lang of SUPPORTED) {
      const s = stringsFor(lang);
      for (const [k, v] of Object.entries(en))
        expect(marks(s[k as keyof typeof en]), `${lang}.${k}`).toEqual(marks(v));
      expect(
        LAUNCHER[lang].every((t) => t.trim().length > 0),
        lang,
      ).toBe(true);
    }
    expect(stringsFor("th").human).toBe("คุยกับเจ้าหน้าที่");
    expect(stringsFor("ko").placeholder).toBe("메시지를 입력하세요…");
  });
  it("should fill placeholders", () => {
    expect(fill(stringsFor("es").queuePosition, { position: 3 })).toBe(
      "Eres el número 3 en la cola.",
    );
    expect(fill(stringsFor("en").chattingWith, { name: "Bo" })).toBe("Chatting with Bo");
  });
});

describe("eventText", () => {
  it("should say status lines in the shopper's language and leave other system lines as written", () => {
    const es = stringsFor("es");
    const line = (to: string, extra: Record<string, unknown> = {}) => ({
      text: "English from the server",
      meta: { event: "status", to, ...extra },
    });
    expect(eventText(line("waiting"), es)).toBe(es.waiting);
    expect(eventText(line("assigned", { assignee: "Bo" }), es)).toBe(
      "Bo se unió a la conversación.",
    );
    expect(eventText(line("assigned"), es)).toBe("Soporte se unió a la conversación.");
    expect(eventText(line("resolved"), es)).toBe(es.resolved);
    expect(eventText(line("bot"), es)).toBe(es.backToAi);
    expect(eventText({ text: "Willkommen!", meta: {} }, es)).toBe("Willkommen!");
  });

  it("should have both new lines in every language", () => {
    for (const lang of SUPPORTED) {
      expect(stringsFor(lang).joined).toContain("{name}");
      expect(stringsFor(lang).backToAi.length).toBeGreaterThan(5);
    }
  });
});
