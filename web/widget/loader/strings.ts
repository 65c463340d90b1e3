import type { Lang } from "../languages";

/** The loader's only words (the chat's own strings load with the chat). */
export const LAUNCHER: Record<Lang, [open: string, close: string, unavailable: string]> = {
  en: ["Open chat", "Close chat", "Chat is unavailable right now. Please try again later."],
  zh: ["打开聊天", "关闭聊天", "聊天暂时不可用，请稍后再试。"],
  es: ["Abrir chat", "Cerrar chat", "El chat no está disponible ahora. Inténtalo más tarde."],
  pt: ["Abrir chat", "Fechar chat", "O chat não está disponível agora. Tente mais tarde."],
  fr: ["Ouvrir le chat", "Fermer le chat", "Le chat est indisponible. Réessayez plus tard."],
  de: [
    "Chat öffnen",
    "Chat schließen",
    "Der Chat ist gerade nicht verfügbar. Bitte später erneut versuchen.",
  ],
  ja: [
    "チャットを開く",
    "チャットを閉じる",
    "現在チャットをご利用いただけません。後でもう一度お試しください。",
  ],
  ar: ["فتح المحادثة", "إغلاق المحادثة", "المحادثة غير متاحة الآن. حاول لاحقًا."],
};
