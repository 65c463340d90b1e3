/**
 * Phrases that ask for a person, and short affirmative replies (to accept an
 * offered handover), in the languages merchants use most. Data, not code.
 */
export const HUMAN_REQUEST = [
  "human", "real person", "a person", "live agent", "an agent", "agent please", "representative", "talk to someone", "speak to someone", "speak to a", "talk to a", "customer service", "operator", "live chat", "staff member", "someone real", "actual person",
  "mensch", "mitarbeiter*", "echte person", "kundendienst", "berater", "mit jemandem sprechen",
  "humain", "une personne", "un conseiller", "conseillere", "parler a quelqu un", "service client",
  "humano", "una persona", "un agente", "asesor", "hablar con alguien", "atencion al cliente",
  "umano", "operatore", "parlare con qualcuno",
  "mens spreken", "medewerker", "echte persoon", "klantenservice",
  "atendente", "uma pessoa", "falar com alguem",
  "menneske", "ekte person", "medarbeider", "kundeservice", "manniska", "riktig person", "kundtjanst", "rigtig person",
  "人間", "担当者", "オペレーター", "スタッフ", "人工", "真人", "客服", "转人工",
  "موظف", "شخص حقيقي", "انسان", "temsilci", "gercek kisi", "yetkili", "оператор", "живой человек", "konsultant", "czlowiek",
];

export const AFFIRMATIVE = [
  "yes", "yeah", "yep", "sure", "ok", "okay", "please do", "yes please", "go ahead",
  "ja", "gerne", "bitte", "oui", "volontiers", "si", "claro", "por favor", "va bene", "certo", "graag", "sim", "jo", "gjerne", "tak",
  "はい", "お願いします", "是", "好", "好的", "نعم", "evet", "да", "tak",
];

export const NEGATIVE_REPLY = ["no", "nope", "no thanks", "nein", "non", "nee", "nej", "nei", "いいえ", "不", "不用", "لا", "hayir", "нет"];
