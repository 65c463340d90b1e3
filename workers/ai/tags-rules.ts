/**
 * Auto-tag rules as data. A merchant can replace them (AiSettings.tagRules); each
 * rule adds `tag` when any of its patterns occurs (see phrase-match.ts). `kind`
 * says what the tag means: the intent category (highest total weight wins),
 * purchase intent, price sensitivity, or a sensitive topic for the handover policy.
 */
import { z } from "zod";

export const TagRule = z.object({
  tag: z.string().min(1).max(60),
  kind: z.enum(["intent", "purchase_intent", "price_sensitivity", "topic"]),
  patterns: z.array(z.string().min(1).max(100)).min(1).max(500),
  weight: z.number().min(0).max(10).default(1),
});
export type TagRule = z.infer<typeof TagRule>;

export const INTENT_CATEGORIES = ["pre_sales", "order_status", "shipping", "returns_refunds", "complaint", "account"] as const;

export const DEFAULT_TAG_RULES: TagRule[] = [
  {
    tag: "order_status", kind: "intent", weight: 1,
    patterns: ["where is my order", "order status", "my order", "track*", "tracking", "not arrived", "hasnt arrived", "still waiting", "wo ist meine bestellung", "meine bestellung", "sendungsverfolgung", "ou est ma commande", "ma commande", "suivi", "donde esta mi pedido", "mi pedido", "il mio ordine", "mijn bestelling", "meu pedido", "注文", "订单", "bestillingen min", "min ordre"],
  },
  {
    tag: "shipping", kind: "intent", weight: 1,
    patterns: ["shipping", "ship*", "deliver*", "courier", "postage", "dispatch*", "parcel", "package", "versand", "liefer*", "paket", "livraison", "livrer", "colis", "envio", "entrega", "spedizione", "consegna", "verzending", "levering", "frete", "配送", "发货", "frakt", "levering"],
  },
  {
    tag: "returns_refunds", kind: "intent", weight: 1.2,
    patterns: ["return*", "refund*", "money back", "exchange", "send it back", "ruckgabe", "rucksend*", "erstattung", "umtausch", "retour*", "rembourse*", "devolucion", "devolver", "reembolso", "reso", "rimborso", "terugsturen", "terugbetaling", "devolucao", "返品", "退货", "退款", "retur", "refusjon"],
  },
  {
    tag: "complaint", kind: "intent", weight: 1.3,
    patterns: ["complain*", "unacceptable", "terrible", "awful", "worst", "disappointed", "broken", "damaged", "defective", "wrong item", "never again", "beschwerde", "kaputt", "beschadigt", "enttauscht", "plainte", "inacceptable", "casse", "decu", "queja", "roto", "defectuoso", "reclamo", "rotto", "klacht", "kapot", "reclamacao", "quebrado", "苦情", "投诉", "klage", "odelagt"],
  },
  {
    tag: "account", kind: "intent", weight: 1,
    patterns: ["account", "password", "log in", "login", "sign in", "username", "email address", "profile", "konto", "passwort", "anmelden", "compte", "mot de passe", "cuenta", "contrasena", "account", "wachtwoord", "conta", "senha", "アカウント", "账户", "密码", "passord"],
  },
  {
    tag: "pre_sales", kind: "intent", weight: 0.9,
    patterns: ["do you have", "in stock", "available", "size", "which model", "recommend*", "difference between", "does it come", "compatible", "haben sie", "verfugbar", "auf lager", "grosse", "avez vous", "disponible", "en stock", "taille", "tienen", "talla", "avete", "disponibile", "taglia", "hebben jullie", "op voorraad", "maat", "tem", "tamanho", "在庫", "有货", "har dere", "på lager"],
  },
  {
    tag: "purchase_intent", kind: "purchase_intent", weight: 1,
    patterns: ["buy", "purchase", "order one", "want to order", "add to cart", "checkout", "how do i pay", "kaufen", "bestellen", "acheter", "commander", "comprar", "acquistare", "comprare", "kopen", "bestellen", "購入", "购买", "kjøpe"],
  },
  {
    tag: "price_sensitive", kind: "price_sensitivity", weight: 1,
    patterns: ["too expensive", "expensive", "cheaper", "discount", "coupon", "promo*", "voucher", "sale", "price match", "deal", "zu teuer", "gunstiger", "rabatt", "gutschein", "trop cher", "reduction", "moins cher", "code promo", "muy caro", "descuento", "mas barato", "troppo caro", "sconto", "te duur", "korting", "muito caro", "desconto", "割引", "优惠", "打折", "for dyrt", "rabatt"],
  },
  {
    tag: "refund_dispute", kind: "topic", weight: 1,
    patterns: ["dispute", "still no refund", "refund never", "where is my refund", "refused my refund", "refuse to refund", "reklamation", "litige", "disputa", "contestazione", "geschil"],
  },
  {
    tag: "chargeback", kind: "topic", weight: 1,
    patterns: ["chargeback", "charge back", "reverse the charge", "my bank will", "call my bank", "ruckbuchung", "ruckbuchen", "retrofacturation", "contracargo", "storno"],
  },
  {
    tag: "legal", kind: "topic", weight: 1,
    patterns: ["lawyer", "attorney", "legal action", "sue", "court", "lawsuit", "consumer protection", "anwalt", "klage einreichen", "gericht", "avocat", "tribunal", "abogado", "demanda", "avvocato", "advocaat", "advogado", "弁護士", "律师"],
  },
  {
    tag: "fraud", kind: "topic", weight: 1,
    patterns: ["fraud", "scam", "stolen card", "unauthori*", "betrug", "arnaque", "fraude", "estafa", "truffa", "oplichting", "golpe", "诈骗"],
  },
  {
    tag: "data_privacy", kind: "topic", weight: 1,
    patterns: ["gdpr", "delete my data", "personal data", "data protection", "dsgvo", "datenschutz", "rgpd", "donnees personnelles", "datos personales", "dati personali", "persoonsgegevens", "avg"],
  },
  {
    tag: "safety", kind: "topic", weight: 1,
    patterns: ["injur*", "caught fire", "burn*", "exploded", "allergic reaction", "hurt myself", "verletzt", "brule", "herido", "ferito", "gewond"],
  },
];
