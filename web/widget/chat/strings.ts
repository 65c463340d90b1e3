import { BUILTIN_WIDGET_TEXTS } from "../../../workers/wire/widget-texts";
import type { Lang } from "../languages";
import { MORE_WORDS } from "./strings-more";

/** The words a merchant may reword (title, greeting, status and header lines) are the shared built-ins; quick replies come with the session. */
function shared(lang: Lang) {
  const { quickReplies: _withTheSession, ...texts } = BUILTIN_WIDGET_TEXTS[lang];
  return texts;
}

/** Every word the chat shows, per language. `{n}` and `{name}` are filled in by `t()`. */
const en = {
  ...shared("en"),
  placeholder: "Write a message…",
  messageLabel: "Your message",
  send: "Send",
  attach: "Attach an image",
  human: "Talk to a person",
  humanAsked: "A person will be with you shortly.",
  offline: "You are offline. Your messages will be sent when you are back online.",
  reconnecting: "Reconnecting…",
  rateTitle: "How did we do?",
  rateComment: "Tell us more (optional)",
  rateSend: "Send rating",
  rateThanks: "Thank you for your feedback!",
  star: "{n} out of 5",
  sending: "Sending…",
  sent: "Sent",
  read: "Read",
  typing: "{name} is typing…",
  assistant: "Assistant",
  agent: "Support",
  uploadFailed: "The image could not be uploaded.",
  uploading: "Uploading…",
  close: "Close chat",
  suggestions: "Suggested replies",
  failed: "Something went wrong: {name}",
};
export type Strings = typeof en;
/** The words only the chat has (the rest are the shared built-in texts). */
export type ChatWords = Omit<Strings, keyof ReturnType<typeof shared>>;

const STRINGS: Record<Lang, Strings> = {
  en,
  es: {
    ...shared("es"),
    placeholder: "Escribe un mensaje…",
    messageLabel: "Tu mensaje",
    send: "Enviar",
    attach: "Adjuntar una imagen",
    human: "Hablar con una persona",
    humanAsked: "Una persona te atenderá en breve.",
    offline: "Estás sin conexión. Tus mensajes se enviarán cuando vuelvas a estar en línea.",
    reconnecting: "Reconectando…",
    rateTitle: "¿Qué tal lo hicimos?",
    rateComment: "Cuéntanos más (opcional)",
    rateSend: "Enviar valoración",
    rateThanks: "¡Gracias por tu opinión!",
    star: "{n} de 5",
    sending: "Enviando…",
    sent: "Enviado",
    read: "Leído",
    typing: "{name} está escribiendo…",
    assistant: "Asistente",
    agent: "Soporte",
    uploadFailed: "No se pudo subir la imagen.",
    uploading: "Subiendo…",
    close: "Cerrar chat",
    suggestions: "Respuestas sugeridas",
    failed: "Algo salió mal: {name}",
  },
  pt: {
    ...shared("pt"),
    placeholder: "Escreva uma mensagem…",
    messageLabel: "Sua mensagem",
    send: "Enviar",
    attach: "Anexar uma imagem",
    human: "Falar com uma pessoa",
    humanAsked: "Uma pessoa vai atendê-lo em breve.",
    offline: "Você está offline. Suas mensagens serão enviadas quando voltar a ficar online.",
    reconnecting: "Reconectando…",
    rateTitle: "Como nos saímos?",
    rateComment: "Conte-nos mais (opcional)",
    rateSend: "Enviar avaliação",
    rateThanks: "Obrigado pela sua opinião!",
    star: "{n} de 5",
    sending: "Enviando…",
    sent: "Enviada",
    read: "Lida",
    typing: "{name} está digitando…",
    assistant: "Assistente",
    agent: "Suporte",
    uploadFailed: "Não foi possível enviar a imagem.",
    uploading: "Enviando imagem…",
    close: "Fechar chat",
    suggestions: "Respostas sugeridas",
    failed: "Algo deu errado: {name}",
  },
  fr: {
    ...shared("fr"),
    placeholder: "Écrivez un message…",
    messageLabel: "Votre message",
    send: "Envoyer",
    attach: "Joindre une image",
    human: "Parler à une personne",
    humanAsked: "Une personne va vous répondre sous peu.",
    offline: "Vous êtes hors ligne. Vos messages partiront dès votre retour en ligne.",
    reconnecting: "Reconnexion…",
    rateTitle: "Comment était notre aide ?",
    rateComment: "Dites-nous en plus (facultatif)",
    rateSend: "Envoyer la note",
    rateThanks: "Merci pour votre avis !",
    star: "{n} sur 5",
    sending: "Envoi…",
    sent: "Envoyé",
    read: "Lu",
    typing: "{name} écrit…",
    assistant: "Assistant",
    agent: "Support",
    uploadFailed: "L'image n'a pas pu être envoyée.",
    uploading: "Envoi de l'image…",
    close: "Fermer le chat",
    suggestions: "Réponses suggérées",
    failed: "Un problème est survenu : {name}",
  },
  de: {
    ...shared("de"),
    placeholder: "Nachricht schreiben…",
    messageLabel: "Ihre Nachricht",
    send: "Senden",
    attach: "Bild anhängen",
    human: "Mit einer Person sprechen",
    humanAsked: "Gleich meldet sich eine Person bei Ihnen.",
    offline: "Sie sind offline. Ihre Nachrichten werden gesendet, sobald Sie wieder online sind.",
    reconnecting: "Verbindung wird wiederhergestellt…",
    rateTitle: "Wie war unser Service?",
    rateComment: "Erzählen Sie uns mehr (optional)",
    rateSend: "Bewertung senden",
    rateThanks: "Danke für Ihr Feedback!",
    star: "{n} von 5",
    sending: "Wird gesendet…",
    sent: "Gesendet",
    read: "Gelesen",
    typing: "{name} schreibt…",
    assistant: "Assistent",
    agent: "Support",
    uploadFailed: "Das Bild konnte nicht hochgeladen werden.",
    uploading: "Wird hochgeladen…",
    close: "Chat schließen",
    suggestions: "Vorgeschlagene Antworten",
    failed: "Etwas ist schiefgelaufen: {name}",
  },
  zh: {
    ...shared("zh"),
    placeholder: "输入消息…",
    messageLabel: "您的消息",
    send: "发送",
    attach: "添加图片",
    human: "转人工客服",
    humanAsked: "客服人员将很快为您服务。",
    offline: "您已离线。恢复联网后消息将自动发送。",
    reconnecting: "正在重新连接…",
    rateTitle: "请为我们的服务评分",
    rateComment: "补充说明（可选）",
    rateSend: "提交评分",
    rateThanks: "感谢您的反馈！",
    star: "{n} 分（满分 5 分）",
    sending: "发送中…",
    sent: "已发送",
    read: "已读",
    typing: "{name} 正在输入…",
    assistant: "智能助手",
    agent: "客服",
    uploadFailed: "图片上传失败。",
    uploading: "上传中…",
    close: "关闭聊天",
    suggestions: "建议回复",
    failed: "出现问题：{name}",
  },
  ja: {
    ...shared("ja"),
    placeholder: "メッセージを入力…",
    messageLabel: "メッセージ",
    send: "送信",
    attach: "画像を添付",
    human: "担当者と話す",
    humanAsked: "まもなく担当者が対応します。",
    offline: "オフラインです。オンラインに戻るとメッセージが送信されます。",
    reconnecting: "再接続しています…",
    rateTitle: "対応はいかがでしたか？",
    rateComment: "詳しく教えてください（任意）",
    rateSend: "評価を送信",
    rateThanks: "ご意見ありがとうございます！",
    star: "5 段階中 {n}",
    sending: "送信中…",
    sent: "送信済み",
    read: "既読",
    typing: "{name} が入力中…",
    assistant: "アシスタント",
    agent: "サポート",
    uploadFailed: "画像をアップロードできませんでした。",
    uploading: "アップロード中…",
    close: "チャットを閉じる",
    suggestions: "返信の候補",
    failed: "問題が発生しました：{name}",
  },
  ar: {
    ...shared("ar"),
    placeholder: "اكتب رسالة…",
    messageLabel: "رسالتك",
    send: "إرسال",
    attach: "إرفاق صورة",
    human: "التحدث إلى شخص",
    humanAsked: "سينضم إليك أحد الموظفين قريبًا.",
    offline: "أنت غير متصل. سيتم إرسال رسائلك عند عودة الاتصال.",
    reconnecting: "جارٍ إعادة الاتصال…",
    rateTitle: "كيف كانت خدمتنا؟",
    rateComment: "أخبرنا بالمزيد (اختياري)",
    rateSend: "إرسال التقييم",
    rateThanks: "شكرًا على ملاحظاتك!",
    star: "{n} من 5",
    sending: "جارٍ الإرسال…",
    sent: "تم الإرسال",
    read: "تمت القراءة",
    typing: "{name} يكتب…",
    assistant: "المساعد",
    agent: "الدعم",
    uploadFailed: "تعذّر رفع الصورة.",
    uploading: "جارٍ الرفع…",
    close: "إغلاق المحادثة",
    suggestions: "ردود مقترحة",
    failed: "حدث خطأ: {name}",
  },
  it: { ...shared("it"), ...MORE_WORDS.it },
  nl: { ...shared("nl"), ...MORE_WORDS.nl },
  no: { ...shared("no"), ...MORE_WORDS.no },
  ru: { ...shared("ru"), ...MORE_WORDS.ru },
  ko: { ...shared("ko"), ...MORE_WORDS.ko },
  th: { ...shared("th"), ...MORE_WORDS.th },
  vi: { ...shared("vi"), ...MORE_WORDS.vi },
  tr: { ...shared("tr"), ...MORE_WORDS.tr },
  id: { ...shared("id"), ...MORE_WORDS.id },
  pl: { ...shared("pl"), ...MORE_WORDS.pl },
  hi: { ...shared("hi"), ...MORE_WORDS.hi },
  el: { ...shared("el"), ...MORE_WORDS.el },
  ro: { ...shared("ro"), ...MORE_WORDS.ro },
  da: { ...shared("da"), ...MORE_WORDS.da },
  sv: { ...shared("sv"), ...MORE_WORDS.sv },
};

export function stringsFor(lang: Lang): Strings {
  return STRINGS[lang];
}

export function fill(text: string, vars: { n?: number; name?: string; position?: number }): string {
  return text
    .replace("{n}", String(vars.n ?? ""))
    .replace("{name}", vars.name ?? "")
    .replace("{position}", String(vars.position ?? ""));
}

/** A status line in the shopper's language; anything else (a workflow's system line) as the server wrote it. */
export function eventText(m: { text: string; meta: Record<string, unknown> }, s: Strings): string {
  if (m.meta.event !== "status") return m.text;
  switch (m.meta.to) {
    case "waiting":
      return s.waiting;
    case "assigned":
      return fill(s.joined, {
        name: typeof m.meta.assignee === "string" && m.meta.assignee ? m.meta.assignee : s.agent,
      });
    case "resolved":
      return s.resolved;
    case "bot":
      return s.backToAi;
    default:
      return m.text;
  }
}
