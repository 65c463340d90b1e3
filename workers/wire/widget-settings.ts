import { z } from "@hono/zod-openapi";

/** Widget appearance, stored per tenant; the widget reads it through /api/widget/session. */
export const WidgetSettings = z
  .strictObject({
    color: z.string().regex(/^#[0-9a-fA-F]{6}$/).default("#4f46e5"),
    position: z.enum(["right", "left"]).default("right"),
    logoUrl: z.string().url().max(500).nullable().default(null),
    title: z.string().max(60).default("Chat with us"),
    /** Greeting per language code; the widget picks the shopper's language, then `en`. */
    greeting: z.record(z.string().min(2).max(8), z.string().max(300)).default({
      en: "Hi! How can we help you today?",
      es: "¡Hola! ¿En qué podemos ayudarte hoy?",
      de: "Hallo! Wie können wir Ihnen heute helfen?",
      fr: "Bonjour ! Comment pouvons-nous vous aider ?",
      pt: "Olá! Como podemos ajudar você hoje?",
      zh: "您好！今天有什么可以帮您？",
      ja: "こんにちは！ご用件をお聞かせください。",
      ar: "مرحبًا! كيف يمكننا مساعدتك اليوم؟",
    }),
    quickReplies: z.array(z.string().min(1).max(60)).max(6).default(["Where is my order?", "Shipping times", "Returns"]),
  })
  .openapi("WidgetSettings");
export type WidgetSettings = z.infer<typeof WidgetSettings>;
