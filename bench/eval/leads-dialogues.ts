/**
 * Scripted shopper dialogues for `eval leads`: shopper messages only, with whether a lead should be
 * captured and, for those, whether it is high intent and which product it names (a substring).
 * Written for the evaluation, in nine languages; about half have no purchase intent.
 */
export interface LeadDialogue {
  lang: string;
  messages: string[];
  lead: boolean;
  high?: boolean;
  product?: string;
  quantity?: number;
}

export const leadDialogues: LeadDialogue[] = [
  // Purchase intent
  {
    lang: "es",
    messages: ["Hola", "Quiero comprar 2 zapatillas Aurora en talla 40"],
    lead: true,
    high: true,
    product: "zapatillas Aurora",
    quantity: 2,
  },
  {
    lang: "es",
    messages: ["¿Tienen la chaqueta Nube en talla M?", "Perfecto, quiero pedir dos"],
    lead: true,
    high: true,
    product: "chaqueta Nube",
    quantity: 2,
  },
  {
    lang: "en",
    messages: ["I want to buy three linen shirts in white", "my email is sam@example.com"],
    lead: true,
    high: true,
    product: "linen shirts",
    quantity: 3,
  },
  {
    lang: "en",
    messages: ["What's the price for 3 Aurora sneakers?"],
    lead: true,
    high: false,
    product: "Aurora sneakers",
    quantity: 3,
  },
  {
    lang: "en",
    messages: ["Do you have the Trail backpack in black?"],
    lead: true,
    high: false,
    product: "Trail backpack",
  },
  {
    lang: "en",
    messages: ["Can I order one of the wool scarves?", "How do I pay?"],
    lead: true,
    high: true,
    product: "wool scarves",
  },
  {
    lang: "de",
    messages: ["Ich möchte zwei Laufschuhe Aurora kaufen", "Größe 42 bitte"],
    lead: true,
    high: true,
    product: "Laufschuhe Aurora",
    quantity: 2,
  },
  {
    lang: "de",
    messages: ["Haben Sie die Regenjacke in Größe L?", "Was kostet sie?"],
    lead: true,
    high: false,
    product: "Regenjacke",
  },
  {
    lang: "fr",
    messages: ["Je voudrais acheter deux chemises en lin", "Mon numéro est +33 6 12 34 56 78"],
    lead: true,
    high: true,
    product: "chemises",
    quantity: 2,
  },
  {
    lang: "fr",
    messages: ["Combien coûte le sac Trail ?"],
    lead: true,
    high: false,
    product: "sac Trail",
  },
  {
    lang: "it",
    messages: ["Vorrei comprare 4 magliette Sole taglia S"],
    lead: true,
    high: true,
    product: "magliette Sole",
    quantity: 4,
  },
  {
    lang: "pt",
    messages: ["Quero comprar 2 mochilas Trail", "Quanto custa o envio?"],
    lead: true,
    high: true,
    product: "mochilas Trail",
    quantity: 2,
  },
  {
    lang: "nl",
    messages: ["Ik wil 3 sokken Merino kopen"],
    lead: true,
    high: true,
    product: "sokken Merino",
    quantity: 3,
  },
  {
    lang: "es",
    messages: ["¿Cuánto cuesta la camiseta Sol?", "Me llevo 5, presupuesto 100 €"],
    lead: true,
    high: false,
    product: "camiseta Sol",
  },
  {
    lang: "zh",
    messages: ["你好", "我想买两件黑色的卫衣，L码"],
    lead: true,
    high: true,
    product: "卫衣",
    quantity: 2,
  },
  {
    lang: "zh",
    messages: ["这款跑鞋多少钱？", "好的，我要订购3双"],
    lead: true,
    high: true,
    product: "跑鞋",
    quantity: 3,
  },
  {
    lang: "ja",
    messages: ["このジャケットを3着買いたいです", "サイズはMです"],
    lead: true,
    high: true,
    product: "ジャケット",
    quantity: 3,
  },
  // No purchase intent
  { lang: "en", messages: ["Where is my order AO-1234?", "It has not arrived yet"], lead: false },
  {
    lang: "en",
    messages: ["I want to return the shoes I bought, they are too small"],
    lead: false,
  },
  { lang: "en", messages: ["How long does shipping to Canada take?"], lead: false },
  { lang: "es", messages: ["¿Dónde está mi pedido?", "Lo compré hace dos semanas"], lead: false },
  { lang: "es", messages: ["Quiero hablar con una persona"], lead: false },
  {
    lang: "de",
    messages: ["Wo ist meine Bestellung?", "Die Sendungsverfolgung funktioniert nicht"],
    lead: false,
  },
  { lang: "fr", messages: ["Je veux annuler ma commande", "Merci"], lead: false },
  { lang: "it", messages: ["Il mio ordine è arrivato rotto, voglio un rimborso"], lead: false },
  { lang: "pt", messages: ["Olá, obrigado pela ajuda!"], lead: false },
  { lang: "nl", messages: ["Mijn bestelling is nog niet aangekomen"], lead: false },
  { lang: "en", messages: ["I forgot my password, can you help me log in?"], lead: false },
  { lang: "en", messages: ["Your delivery was 3 days late, this is not acceptable"], lead: false },
  { lang: "zh", messages: ["我的订单什么时候到？"], lead: false },
  { lang: "zh", messages: ["我想退货，怎么办？"], lead: false },
  { lang: "ja", messages: ["注文した商品がまだ届きません"], lead: false },
];
