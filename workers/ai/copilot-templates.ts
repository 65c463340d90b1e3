/**
 * Builtin wording helpers for the copilot: tone greetings/closers and a rule-based
 * polish (capitalisation, shouting, blunt phrases → courteous ones).
 */
import type { Tone } from "./messages";

export function toneGreeting(tone: Tone): string {
  return tone === "premium"
    ? "Thank you for reaching out. "
    : tone === "friendly"
      ? "Hi there! "
      : "Hello, ";
}

export function toneCloser(tone: Tone): string {
  return tone === "premium"
    ? "It is our pleasure to assist you."
    : tone === "friendly"
      ? "Let me know if there's anything else I can do!"
      : "Kind regards.";
}

/** Blunt phrasing and its courteous counterpart (English). */
const SOFTEN: [RegExp, string][] = [
  [/\byou must\b/gi, "could you please"],
  [/\byou have to\b/gi, "could you please"],
  [/\byou need to\b/gi, "could you please"],
  [/\bwe can'?t\b/gi, "unfortunately we are not able to"],
  [/\bwe won'?t\b/gi, "unfortunately we will not"],
  [/\bthat'?s wrong\b/gi, "I think there may be a misunderstanding"],
  [/\bno\.\s*/gi, "Unfortunately not. "],
  [/(?<!please )\bsend me\b/gi, "could you please send me"],
  [/(?<!please )\bgive me\b/gi, "could you please give me"],
  [/\bwait\b/gi, "please allow a moment"],
  [/\basap\b/gi, "as soon as possible"],
  [/\bthx\b|\bthnx\b/gi, "thank you"],
  [/\bpls\b|\bplz\b/gi, "please"],
  [/\bu\b/gi, "you"],
];

/** Tidy a draft; with `soften`, also replace blunt phrases. */
export function polishDraft(draft: string, soften = false): string {
  let t = draft.trim().replace(/\s+/g, " ");
  // Shouting: words in capitals (4+ letters) become lower case.
  t = t.replace(/\b\p{Lu}{4,}\b/gu, (w) => w.toLowerCase());
  t = t.replace(/([!?])\1+/g, "$1").replace(/!/g, ".");
  if (soften) for (const [re, rep] of SOFTEN) t = t.replace(re, rep);
  t = t.replace(/(^|[.?]\s+)(\p{Ll})/gu, (_, p: string, c: string) => p + c.toUpperCase());
  if (t && !/[.?。？]$/.test(t)) t += ".";
  return t;
}

/** The builtin suggestions' greeting and fill-in replies, per language (the ones the AI's fixed replies cover). */
type Fillers = { greeting: Record<Tone, string>; fillers: [string, string, string] };
const FILLERS: Record<string, Fillers> = {
  en: {
    greeting: {
      professional: "Hello, ",
      friendly: "Hi there! ",
      premium: "Thank you for reaching out. ",
    },
    fillers: [
      "Could you share your order number so I can look into this for you?",
      "Thanks for your patience — I'm checking this with the team and will get back to you shortly.",
      "Could you tell me a bit more about what happened, so I can help you properly?",
    ],
  },
  de: {
    greeting: {
      professional: "Guten Tag, ",
      friendly: "Hallo! ",
      premium: "Vielen Dank für Ihre Nachricht. ",
    },
    fillers: [
      "Könnten Sie mir Ihre Bestellnummer nennen, damit ich das für Sie prüfen kann?",
      "Danke für Ihre Geduld – ich kläre das mit dem Team und melde mich in Kürze.",
      "Könnten Sie mir etwas genauer beschreiben, was passiert ist, damit ich Ihnen richtig helfen kann?",
    ],
  },
  fr: {
    greeting: {
      professional: "Bonjour, ",
      friendly: "Bonjour ! ",
      premium: "Merci de nous avoir contactés. ",
    },
    fillers: [
      "Pourriez-vous m'indiquer votre numéro de commande afin que je vérifie cela pour vous ?",
      "Merci de votre patience : je vérifie cela avec l'équipe et je reviens vers vous rapidement.",
      "Pourriez-vous m'en dire un peu plus sur ce qui s'est passé, afin que je puisse bien vous aider ?",
    ],
  },
  es: {
    greeting: { professional: "Hola, ", friendly: "¡Hola! ", premium: "Gracias por escribirnos. " },
    fillers: [
      "¿Podría indicarme su número de pedido para que pueda revisarlo?",
      "Gracias por su paciencia: lo estoy consultando con el equipo y le respondo en breve.",
      "¿Podría contarme un poco más sobre lo que ocurrió, para ayudarle como corresponde?",
    ],
  },
  it: {
    greeting: {
      professional: "Buongiorno, ",
      friendly: "Ciao! ",
      premium: "Grazie per averci contattato. ",
    },
    fillers: [
      "Può indicarmi il numero d'ordine, così posso verificare per lei?",
      "Grazie per la pazienza: sto verificando con il team e le rispondo a breve.",
      "Può raccontarmi qualcosa in più su cosa è successo, così posso aiutarla al meglio?",
    ],
  },
  nl: {
    greeting: {
      professional: "Goedendag, ",
      friendly: "Hoi! ",
      premium: "Bedankt voor uw bericht. ",
    },
    fillers: [
      "Kunt u uw bestelnummer delen, zodat ik dit voor u kan nakijken?",
      "Bedankt voor uw geduld – ik overleg dit met het team en kom er snel bij u op terug.",
      "Kunt u iets meer vertellen over wat er is gebeurd, zodat ik u goed kan helpen?",
    ],
  },
  pt: {
    greeting: {
      professional: "Olá, ",
      friendly: "Olá! ",
      premium: "Obrigado por entrar em contato. ",
    },
    fillers: [
      "Pode partilhar o número da sua encomenda para que eu possa verificar?",
      "Obrigado pela paciência — estou a verificar com a equipa e respondo em breve.",
      "Pode contar-me um pouco mais sobre o que aconteceu, para que eu possa ajudar corretamente?",
    ],
  },
  no: {
    greeting: { professional: "Hei, ", friendly: "Hei! ", premium: "Takk for at du tok kontakt. " },
    fillers: [
      "Kan du oppgi ordrenummeret ditt, så jeg kan se på dette for deg?",
      "Takk for tålmodigheten – jeg sjekker dette med teamet og kommer tilbake til deg snart.",
      "Kan du fortelle litt mer om hva som skjedde, så jeg kan hjelpe deg ordentlig?",
    ],
  },
  ja: {
    greeting: {
      professional: "お問い合わせありがとうございます。",
      friendly: "こんにちは！",
      premium: "このたびはご連絡いただき誠にありがとうございます。",
    },
    fillers: [
      "確認いたしますので、ご注文番号をお知らせいただけますか？",
      "お待たせして申し訳ございません。担当チームに確認のうえ、追ってご連絡いたします。",
      "状況をもう少し詳しくお聞かせいただけますか？",
    ],
  },
  zh: {
    greeting: { professional: "您好，", friendly: "你好！", premium: "感谢您的来信。" },
    fillers: [
      "请提供您的订单号，我来为您查询。",
      "感谢您的耐心等待，我正在与团队确认，稍后回复您。",
      "能否再详细说明一下发生了什么，以便我更好地帮助您？",
    ],
  },
};

/** The greeting and fill-in replies in `lang`; null for a language we have no wording in (the caller translates). */
export function copilotWording(
  lang: string,
  tone: Tone,
): { greeting: string; fillers: string[] } | null {
  const f = FILLERS[lang.toLowerCase().split("-")[0]];
  return f ? { greeting: f.greeting[tone], fillers: [...f.fillers] } : null;
}
