/**
 * The widget's words a merchant may reword per language, with the built-in ones for the languages the
 * product ships, and the one rule that picks what a shopper sees. Plain data and functions (no zod):
 * the widget bundle, the dashboard and the Worker import it alike.
 */

/** What a merchant may set per language; anything left out falls back (see `widgetTextsFor`). */
export interface WidgetTexts {
  title?: string;
  greeting?: string;
  quickReplies?: string[];
  /** Status lines in the conversation: a person was asked for, joined (`{name}`), resolved, back to the AI. */
  waiting?: string;
  joined?: string;
  resolved?: string;
  backToAi?: string;
  /** The header while a person answers (`{name}`) and while the shopper waits in line (`{position}`). */
  chattingWith?: string;
  queuePosition?: string;
}
export type StatusLineKey = "waiting" | "joined" | "resolved" | "backToAi";
export type HeaderLineKey = "chattingWith" | "queuePosition";
export const HEADER_LINE_KEYS: readonly HeaderLineKey[] = ["chattingWith", "queuePosition"];
/** The placeholder each line with one must keep (the widget fills it in). */
export const REQUIRED_PLACEHOLDERS: Partial<Record<keyof WidgetTexts, string>> = {
  chattingWith: "{name}",
  queuePosition: "{position}",
};
export const STATUS_LINE_KEYS: readonly StatusLineKey[] = [
  "waiting",
  "joined",
  "resolved",
  "backToAi",
];
export type ResolvedWidgetTexts = Required<WidgetTexts>;

/** A language the merchant words the widget in: `es`, or a regional variant such as `pt-BR`. */
export const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$/;

/**
 * A language tag as typed into the dashboard, canonical (`PT-br` → `pt-BR`), or null when it is not a
 * BCP-47 tag of the form the server stores (language, optionally one region or variant).
 */
export function languageTagOf(input: string): string | null {
  let tag: string | undefined;
  try {
    [tag] = Intl.getCanonicalLocales(input.trim());
  } catch {
    return null;
  }
  return tag && LANGUAGE_TAG.test(tag) ? tag : null;
}

export const SHIPPED_LANGUAGES = ["en", "zh", "es", "pt", "fr", "de", "ja", "ar"] as const;
export type ShippedLanguage = (typeof SHIPPED_LANGUAGES)[number];

export const BUILTIN_WIDGET_TEXTS: Record<ShippedLanguage, ResolvedWidgetTexts> = {
  en: {
    title: "Chat with us",
    greeting: "Hi! How can we help you today?",
    quickReplies: ["Where is my order?", "Shipping times", "Returns"],
    waiting: "Waiting for a person to join…",
    joined: "{name} joined the conversation.",
    resolved: "This conversation was marked as resolved.",
    backToAi: "The assistant is here to help again.",
    chattingWith: "Chatting with {name}",
    queuePosition: "You are number {position} in line.",
  },
  es: {
    title: "Chatea con nosotros",
    greeting: "¡Hola! ¿En qué podemos ayudarte hoy?",
    quickReplies: ["¿Dónde está mi pedido?", "Plazos de envío", "Devoluciones"],
    waiting: "Esperando a que se una una persona…",
    joined: "{name} se unió a la conversación.",
    resolved: "Esta conversación se marcó como resuelta.",
    backToAi: "El asistente vuelve a atenderte.",
    chattingWith: "Chateando con {name}",
    queuePosition: "Eres el número {position} en la cola.",
  },
  pt: {
    title: "Fale conosco",
    greeting: "Olá! Como podemos ajudar hoje?",
    quickReplies: ["Onde está meu pedido?", "Prazos de entrega", "Devoluções"],
    waiting: "Aguardando uma pessoa…",
    joined: "{name} entrou na conversa.",
    resolved: "Esta conversa foi marcada como resolvida.",
    backToAi: "O assistente voltou a ajudar você.",
    chattingWith: "Conversando com {name}",
    queuePosition: "Você é o número {position} na fila.",
  },
  fr: {
    title: "Discutez avec nous",
    greeting: "Bonjour ! Comment pouvons-nous vous aider ?",
    quickReplies: ["Où est ma commande ?", "Délais de livraison", "Retours"],
    waiting: "En attente d'une personne…",
    joined: "{name} a rejoint la conversation.",
    resolved: "Cette conversation a été marquée comme résolue.",
    backToAi: "L’assistant reprend la conversation.",
    chattingWith: "En conversation avec {name}",
    queuePosition: "Vous êtes numéro {position} dans la file.",
  },
  de: {
    title: "Chatten Sie mit uns",
    greeting: "Hallo! Wie können wir Ihnen heute helfen?",
    quickReplies: ["Wo ist meine Bestellung?", "Lieferzeiten", "Rücksendungen"],
    waiting: "Warten auf eine Person…",
    joined: "{name} ist dem Gespräch beigetreten.",
    resolved: "Dieses Gespräch wurde als gelöst markiert.",
    backToAi: "Der Assistent hilft Ihnen wieder weiter.",
    chattingWith: "Im Chat mit {name}",
    queuePosition: "Sie sind Nummer {position} in der Warteschlange.",
  },
  zh: {
    title: "在线客服",
    greeting: "您好！今天有什么可以帮您？",
    quickReplies: ["我的订单在哪里？", "配送时间", "退货"],
    waiting: "正在等待人工客服…",
    joined: "{name} 已加入对话。",
    resolved: "此对话已标记为已解决。",
    backToAi: "智能助手将继续为您服务。",
    chattingWith: "正在与 {name} 对话",
    queuePosition: "您前面排在第 {position} 位。",
  },
  ja: {
    title: "チャットでお問い合わせ",
    greeting: "こんにちは！どのようなご用件でしょうか？",
    quickReplies: ["注文の状況", "配送日数", "返品について"],
    waiting: "担当者を待っています…",
    joined: "{name} が会話に参加しました。",
    resolved: "この会話は解決済みになりました。",
    backToAi: "アシスタントが引き続き対応します。",
    chattingWith: "{name} とチャット中",
    queuePosition: "あなたの順番は {position} 番目です。",
  },
  ar: {
    title: "تحدث معنا",
    greeting: "مرحبًا! كيف يمكننا مساعدتك اليوم؟",
    quickReplies: ["أين طلبي؟", "مدة الشحن", "الإرجاع"],
    waiting: "في انتظار انضمام أحد الموظفين…",
    joined: "انضم {name} إلى المحادثة.",
    resolved: "تم وضع علامة على هذه المحادثة كمحلولة.",
    backToAi: "عاد المساعد لمساعدتك.",
    chattingWith: "تتحدث مع {name}",
    queuePosition: "ترتيبك في قائمة الانتظار: {position}.",
  },
};

const primary = (tag: string) => tag.toLowerCase().split(/[-_]/)[0];
const isShipped = (tag: string): tag is ShippedLanguage =>
  (SHIPPED_LANGUAGES as readonly string[]).includes(tag);

/** The merchant's texts for `tag`: the exact tag first, then its primary language (`es-MX` → `es`). */
function merchantFor(texts: Record<string, WidgetTexts>, tag: string): WidgetTexts {
  return { ...texts[primary(tag)], ...texts[tag] };
}

/**
 * What a shopper in `language` sees, text by text: the merchant's text in that language, else the
 * merchant's text in the default language, else the built-in text in that language, else the built-in
 * text in the default language, else English.
 */
export function widgetTextsFor(
  settings: { defaultLanguage: string; texts: Record<string, WidgetTexts> },
  language: string | null | undefined,
): ResolvedWidgetTexts {
  const lang = language || settings.defaultLanguage;
  const chain = [
    merchantFor(settings.texts, lang),
    merchantFor(settings.texts, settings.defaultLanguage),
    ...[primary(lang), primary(settings.defaultLanguage), "en"]
      .filter(isShipped)
      .map((l) => BUILTIN_WIDGET_TEXTS[l]),
  ];
  const pick = <K extends keyof WidgetTexts>(key: K) =>
    chain.find((t) => t[key] !== undefined)?.[key] as ResolvedWidgetTexts[K];
  return {
    title: pick("title"),
    greeting: pick("greeting"),
    quickReplies: pick("quickReplies"),
    waiting: pick("waiting"),
    joined: pick("joined"),
    resolved: pick("resolved"),
    backToAi: pick("backToAi"),
    chattingWith: pick("chattingWith"),
    queuePosition: pick("queuePosition"),
  };
}
