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

export const SHIPPED_LANGUAGES = [
  "en",
  "zh",
  "es",
  "pt",
  "fr",
  "de",
  "ja",
  "ar",
  "it",
  "nl",
  "no",
  "ru",
  "ko",
  "th",
  "vi",
  "tr",
  "id",
  "pl",
  "hi",
  "el",
  "ro",
  "da",
  "sv",
  "lt",
] as const;
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
  it: {
    title: "Chatta con noi",
    greeting: "Ciao! Come possiamo aiutarti oggi?",
    quickReplies: ["Dov'è il mio ordine?", "Tempi di spedizione", "Resi"],
    waiting: "In attesa di un operatore…",
    joined: "{name} partecipa ora alla conversazione.",
    resolved: "Questa conversazione è stata segnata come risolta.",
    backToAi: "L'assistente è di nuovo a tua disposizione.",
    chattingWith: "In chat con {name}",
    queuePosition: "Sei il numero {position} in coda.",
  },
  nl: {
    title: "Chat met ons",
    greeting: "Hallo! Waarmee kunnen we je vandaag helpen?",
    quickReplies: ["Waar is mijn bestelling?", "Levertijden", "Retourneren"],
    waiting: "Wachten op een medewerker…",
    joined: "{name} neemt deel aan het gesprek.",
    resolved: "Dit gesprek is als opgelost gemarkeerd.",
    backToAi: "De assistent helpt je weer verder.",
    chattingWith: "In gesprek met {name}",
    queuePosition: "Je bent nummer {position} in de wachtrij.",
  },
  no: {
    title: "Chat med oss",
    greeting: "Hei! Hva kan vi hjelpe deg med i dag?",
    quickReplies: ["Hvor er bestillingen min?", "Leveringstid", "Retur"],
    waiting: "Venter på en medarbeider…",
    joined: "{name} ble med i samtalen.",
    resolved: "Denne samtalen er merket som løst.",
    backToAi: "Assistenten hjelper deg igjen.",
    chattingWith: "Chatter med {name}",
    queuePosition: "Du er nummer {position} i køen.",
  },
  ru: {
    title: "Напишите нам",
    greeting: "Здравствуйте! Чем мы можем вам помочь?",
    quickReplies: ["Где мой заказ?", "Сроки доставки", "Возврат"],
    waiting: "Ожидаем подключения сотрудника…",
    joined: "{name} теперь в чате.",
    resolved: "Этот разговор отмечен как решённый.",
    backToAi: "Ассистент снова на связи.",
    chattingWith: "Вам отвечает {name}",
    queuePosition: "Ваш номер в очереди: {position}.",
  },
  ko: {
    title: "채팅 상담",
    greeting: "안녕하세요! 무엇을 도와드릴까요?",
    quickReplies: ["주문 조회", "배송 기간", "반품 안내"],
    waiting: "상담원 연결을 기다리는 중…",
    joined: "{name} 님이 대화에 참여했습니다.",
    resolved: "이 대화는 해결됨으로 표시되었습니다.",
    backToAi: "다시 어시스턴트가 도와드립니다.",
    chattingWith: "{name} 님과 채팅 중",
    queuePosition: "대기 순서: {position}번째",
  },
  th: {
    title: "แชทกับเรา",
    greeting: "สวัสดี! วันนี้มีอะไรให้เราช่วยไหม",
    quickReplies: ["คำสั่งซื้อของฉันอยู่ที่ไหน", "ระยะเวลาจัดส่ง", "การคืนสินค้า"],
    waiting: "กำลังรอเจ้าหน้าที่…",
    joined: "{name} เข้าร่วมการสนทนาแล้ว",
    resolved: "การสนทนานี้ถูกทำเครื่องหมายว่าแก้ไขแล้ว",
    backToAi: "ผู้ช่วยกลับมาดูแลคุณอีกครั้ง",
    chattingWith: "กำลังแชทกับ {name}",
    queuePosition: "คุณอยู่ในคิวลำดับที่ {position}",
  },
  vi: {
    title: "Trò chuyện với chúng tôi",
    greeting: "Xin chào! Chúng tôi có thể giúp gì cho bạn hôm nay?",
    quickReplies: ["Đơn hàng của tôi đang ở đâu?", "Thời gian giao hàng", "Đổi trả"],
    waiting: "Đang chờ nhân viên tham gia…",
    joined: "{name} đã tham gia cuộc trò chuyện.",
    resolved: "Cuộc trò chuyện này đã được đánh dấu là đã giải quyết.",
    backToAi: "Trợ lý ảo tiếp tục hỗ trợ bạn.",
    chattingWith: "Đang trò chuyện với {name}",
    queuePosition: "Bạn đang ở vị trí số {position} trong hàng chờ.",
  },
  tr: {
    title: "Bize yazın",
    greeting: "Merhaba! Bugün size nasıl yardımcı olabiliriz?",
    quickReplies: ["Siparişim nerede?", "Kargo süreleri", "İadeler"],
    waiting: "Bir temsilcinin katılması bekleniyor…",
    joined: "{name} sohbete katıldı.",
    resolved: "Bu sohbet çözüldü olarak işaretlendi.",
    backToAi: "Asistan yeniden size yardımcı oluyor.",
    chattingWith: "Görüştüğünüz kişi: {name}",
    queuePosition: "Sıradaki yeriniz: {position}.",
  },
  id: {
    title: "Chat dengan kami",
    greeting: "Halo! Ada yang bisa kami bantu hari ini?",
    quickReplies: ["Di mana pesanan saya?", "Waktu pengiriman", "Pengembalian"],
    waiting: "Menunggu petugas bergabung…",
    joined: "{name} bergabung dalam percakapan.",
    resolved: "Percakapan ini telah ditandai selesai.",
    backToAi: "Asisten kembali membantu Anda.",
    chattingWith: "Sedang chat dengan {name}",
    queuePosition: "Anda berada di antrean nomor {position}.",
  },
  pl: {
    title: "Napisz do nas",
    greeting: "Dzień dobry! W czym możemy pomóc?",
    quickReplies: ["Gdzie jest moje zamówienie?", "Czas dostawy", "Zwroty"],
    waiting: "Czekamy, aż dołączy konsultant…",
    joined: "{name} dołącza do rozmowy.",
    resolved: "Ta rozmowa została oznaczona jako rozwiązana.",
    backToAi: "Asystent znów jest do Twojej dyspozycji.",
    chattingWith: "Rozmawiasz z: {name}",
    queuePosition: "Twoje miejsce w kolejce: {position}.",
  },
  hi: {
    title: "हमसे चैट करें",
    greeting: "नमस्ते! आज हम आपकी क्या मदद कर सकते हैं?",
    quickReplies: ["मेरा ऑर्डर कहाँ है?", "डिलीवरी का समय", "रिटर्न"],
    waiting: "टीम के किसी सदस्य के जुड़ने का इंतज़ार है…",
    joined: "{name} बातचीत में शामिल हुए।",
    resolved: "इस बातचीत को हल के रूप में चिह्नित किया गया है।",
    backToAi: "सहायक फिर से आपकी मदद के लिए मौजूद है।",
    chattingWith: "{name} से बातचीत",
    queuePosition: "कतार में आपका नंबर {position} है।",
  },
  el: {
    title: "Συνομιλήστε μαζί μας",
    greeting: "Γεια σας! Πώς μπορούμε να σας βοηθήσουμε σήμερα;",
    quickReplies: ["Πού είναι η παραγγελία μου;", "Χρόνοι αποστολής", "Επιστροφές"],
    waiting: "Αναμονή για έναν συνεργάτη…",
    joined: "Στη συζήτηση μπήκε: {name}.",
    resolved: "Η συζήτηση σημειώθηκε ως επιλυμένη.",
    backToAi: "Ο βοηθός είναι ξανά στη διάθεσή σας.",
    chattingWith: "Συνομιλία με {name}",
    queuePosition: "Είστε νούμερο {position} στην ουρά.",
  },
  ro: {
    title: "Discutați cu noi",
    greeting: "Bună ziua! Cu ce vă putem ajuta astăzi?",
    quickReplies: ["Unde este comanda mea?", "Termene de livrare", "Retururi"],
    waiting: "Așteptăm să se alăture un coleg…",
    joined: "{name} s-a alăturat conversației.",
    resolved: "Această conversație a fost marcată ca rezolvată.",
    backToAi: "Asistentul vă ajută din nou.",
    chattingWith: "Conversație cu {name}",
    queuePosition: "Sunteți numărul {position} la rând.",
  },
  da: {
    title: "Chat med os",
    greeting: "Hej! Hvordan kan vi hjælpe dig i dag?",
    quickReplies: ["Hvor er min ordre?", "Leveringstider", "Returnering"],
    waiting: "Venter på en medarbejder…",
    joined: "{name} deltager nu i samtalen.",
    resolved: "Denne samtale er markeret som løst.",
    backToAi: "Assistenten hjælper dig igen.",
    chattingWith: "Chatter med {name}",
    queuePosition: "Du er nummer {position} i køen.",
  },
  sv: {
    title: "Chatta med oss",
    greeting: "Hej! Hur kan vi hjälpa dig i dag?",
    quickReplies: ["Var är min beställning?", "Leveranstider", "Returer"],
    waiting: "Väntar på en medarbetare…",
    joined: "{name} anslöt till samtalet.",
    resolved: "Samtalet har markerats som löst.",
    backToAi: "Assistenten hjälper dig igen.",
    chattingWith: "Chattar med {name}",
    queuePosition: "Du är nummer {position} i kön.",
  },
  lt: {
    title: "Rašykite mums",
    greeting: "Sveiki! Kuo galime jums padėti?",
    quickReplies: ["Kur mano užsakymas?", "Pristatymo terminai", "Grąžinimas"],
    waiting: "Laukiama, kol prisijungs darbuotojas…",
    joined: "{name} prisijungė prie pokalbio.",
    resolved: "Šis pokalbis pažymėtas kaip išspręstas.",
    backToAi: "Asistentas vėl pasiruošęs jums padėti.",
    chattingWith: "Jums atsako {name}",
    queuePosition: "Jūsų vieta eilėje: {position}.",
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
