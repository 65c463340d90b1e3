import { describe, expect, it } from "vitest";
import {
  EmailCredentialsSchema,
  LineCredentialsSchema,
  MetaPageCredentialsSchema,
  TelegramCredentialsSchema,
  WhatsAppCredentialsSchema,
} from "../../workers/channels/credentials";
import { CHANNEL_FORMS } from "./pages/channel-forms";
import { snippet } from "./pages/widget";

/** Each form's server-side schema (the channel adapters' `credentialsSchema`). */
const credentialsSchemas = {
  whatsapp: WhatsAppCredentialsSchema,
  messenger: MetaPageCredentialsSchema,
  instagram: MetaPageCredentialsSchema,
  telegram: TelegramCredentialsSchema,
  line: LineCredentialsSchema,
  email: EmailCredentialsSchema,
};

describe("snippet", () => {
  it("should be one async script tag with the public key", () => {
    expect(snippet("https://desk.example", "pk_abc")).toBe(
      '<script src="https://desk.example/widget/loader.js" data-key="pk_abc" async></script>',
    );
  });
});

describe("CHANNEL_FORMS", () => {
  it("should ask every messaging channel for at least one secret and name a test recipient; email has no test send", () => {
    for (const [type, form] of Object.entries(CHANNEL_FORMS)) {
      if (type !== "email") expect(form.fields.some((f) => f.secret)).toBe(true);
      if (type === "email") expect(form.testTo).toBeNull();
      else expect(form.testTo?.length).toBeGreaterThan(0);
      expect(new Set(form.fields.map((f) => f.key)).size).toBe(form.fields.length);
    }
  });

  it("should send exactly the credential fields the server's schema reads, its required ones required", () => {
    for (const [type, form] of Object.entries(CHANNEL_FORMS)) {
      const shape = credentialsSchemas[type as keyof typeof CHANNEL_FORMS].shape as Record<
        string,
        { isOptional(): boolean }
      >;
      const keys = form.fields.map((f) => f.key);
      for (const key of keys) expect(Object.keys(shape), `${type}.${key}`).toContain(key);
      for (const [key, field] of Object.entries(shape)) {
        if (!field.isOptional()) expect(keys, `${type} must ask for ${key}`).toContain(key);
        const asked = form.fields.find((f) => f.key === key);
        if (asked) expect(!!asked.optional, `${type}.${key} optional`).toBe(field.isOptional());
      }
    }
  });
});
