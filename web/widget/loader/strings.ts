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
  it: ["Apri la chat", "Chiudi la chat", "Chat non disponibile. Riprova più tardi."],
  nl: ["Chat openen", "Chat sluiten", "Chat niet beschikbaar. Probeer het later opnieuw."],
  no: ["Åpne chat", "Lukk chat", "Chatten er utilgjengelig. Prøv igjen senere."],
  ru: ["Открыть чат", "Закрыть чат", "Чат недоступен. Попробуйте позже."],
  ko: ["채팅 열기", "채팅 닫기", "채팅을 이용할 수 없습니다. 잠시 후 다시 시도해 주세요."],
  th: ["เปิดแชท", "ปิดแชท", "แชทไม่พร้อมใช้งาน กรุณาลองใหม่ภายหลัง"],
  vi: ["Mở chat", "Đóng chat", "Chat không khả dụng. Vui lòng thử lại sau."],
  tr: ["Sohbeti aç", "Sohbeti kapat", "Sohbet şu anda kullanılamıyor. Daha sonra tekrar deneyin."],
  id: ["Buka chat", "Tutup chat", "Chat tidak tersedia. Coba lagi nanti."],
  pl: ["Otwórz czat", "Zamknij czat", "Czat jest niedostępny. Spróbuj później."],
  hi: ["चैट खोलें", "चैट बंद करें", "चैट अभी उपलब्ध नहीं है। बाद में कोशिश करें।"],
  el: [
    "Άνοιγμα συνομιλίας",
    "Κλείσιμο συνομιλίας",
    "Η συνομιλία δεν είναι διαθέσιμη. Δοκιμάστε αργότερα.",
  ],
  ro: ["Deschideți chatul", "Închideți chatul", "Chatul nu este disponibil. Încercați mai târziu."],
  da: ["Åbn chat", "Luk chat", "Chatten er ikke tilgængelig. Prøv igen senere."],
  sv: ["Öppna chatten", "Stäng chatten", "Chatten är inte tillgänglig. Försök igen senare."],
  lt: ["Atidaryti pokalbį", "Uždaryti pokalbį", "Pokalbis nepasiekiamas. Bandykite vėliau."],
};
