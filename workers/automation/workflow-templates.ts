/** Example workflows shipped as templates; creating one copies its definition into the tenant. */
import type { WorkflowDefinition } from "./workflow-definition";

export interface WorkflowTemplate {
  id: string;
  name: string;
  description: string;
  /** What the merchant should set up for it to work. */
  setup: string[];
  /** Made disabled because it cannot work unedited (e.g. a placeholder URL). */
  startsDisabled: boolean;
  definition: WorkflowDefinition;
}

const closingHours = {
  default:
    "Thanks for your message! We're closed right now; a member of our team will reply as soon as we open.",
  byLanguage: {
    es: "¡Gracias por tu mensaje! Ahora mismo estamos cerrados; te responderemos en cuanto abramos.",
    fr: "Merci pour votre message ! Nous sommes fermés pour le moment ; nous vous répondrons dès l'ouverture.",
    de: "Danke für Ihre Nachricht! Wir haben gerade geschlossen und antworten, sobald wir wieder geöffnet haben.",
    it: "Grazie del messaggio! Al momento siamo chiusi; ti risponderemo appena riapriamo.",
    pt: "Obrigado pela mensagem! Estamos fechados agora; responderemos assim que abrirmos.",
  },
};

export const WORKFLOW_TEMPLATES: WorkflowTemplate[] = [
  {
    id: "welcome-by-language",
    name: "Welcome in the shopper's language",
    description:
      "Greets every new conversation in the shopper's language, or their country's language when the language is not known yet.",
    setup: [],
    startsDisabled: false,
    definition: {
      trigger: { type: "conversation.created" },
      steps: [
        {
          type: "send_message",
          text: {
            default: "Hi {{contact.name | there}}! 👋 How can we help you today?",
            byLanguage: {
              es: "¡Hola! 👋 ¿En qué podemos ayudarte hoy?",
              fr: "Bonjour ! 👋 Comment pouvons-nous vous aider aujourd'hui ?",
              de: "Hallo! 👋 Wie können wir Ihnen heute helfen?",
              it: "Ciao! 👋 Come possiamo aiutarti oggi?",
              pt: "Olá! 👋 Como podemos ajudar hoje?",
              nl: "Hallo! 👋 Waarmee kunnen we je vandaag helpen?",
              ja: "こんにちは！👋 本日はどのようなご用件でしょうか？",
              zh: "您好！👋 今天有什么可以帮您？",
            },
          },
        },
      ],
    },
  },
  {
    id: "order-status-lookup",
    name: "Order status lookup",
    description:
      "When a shopper asks about an order, asks your order system (a signed HTTPS call) and replies with the status; hands over if the lookup fails.",
    setup: [
      "Replace the URL of step 1 with your order-status endpoint; verify the webhook-signature header with this workflow's signing secret.",
    ],
    startsDisabled: true,
    definition: {
      trigger: {
        type: "message.received",
        keywords: [
          "order",
          "tracking",
          "where is my",
          "pedido",
          "commande",
          "bestellung",
          "ordine",
          "encomenda",
        ],
        intents: ["order_status"],
        languages: [],
        channels: [],
        countries: [],
      },
      steps: [
        {
          type: "http_request",
          url: "https://shop.example.com/edgedesk/order-status",
          method: "POST",
          body: {
            question: "{{message.text}}",
            email: "{{contact.email}}",
            phone: "{{contact.phone}}",
            contactId: "{{contact.id}}",
          },
          saveAs: "order",
        },
        {
          type: "send_message",
          text: "Your order {{vars.order.body.orderNumber}} is {{vars.order.body.status}}. {{vars.order.body.trackingUrl | }}",
          when: {
            all: [
              { field: "vars.order.ok", op: "eq", value: true },
              { field: "vars.order.body.status", op: "exists" },
            ],
          },
        },
        {
          type: "handover",
          reason: "order_lookup_failed",
          when: {
            any: [
              { field: "vars.order.ok", op: "neq", value: true },
              { field: "vars.order.body.status", op: "not_exists" },
            ],
          },
        },
      ],
    },
  },
  {
    id: "purchase-intent-handover",
    name: "Hand over on purchase intent",
    description:
      "Sends shoppers who want to buy, get a quote or order in bulk straight to a person, tagged as a sales lead.",
    setup: [],
    startsDisabled: false,
    definition: {
      trigger: {
        type: "message.received",
        keywords: [
          "buy",
          "purchase",
          "quote",
          "wholesale",
          "bulk order",
          "comprar",
          "acheter",
          "kaufen",
        ],
        intents: ["purchase", "pricing", "quote"],
        languages: [],
        channels: [],
        countries: [],
      },
      steps: [
        { type: "add_tags", tags: ["sales-lead"] },
        {
          type: "send_message",
          text: {
            default: "Great! I'm connecting you with our sales team right now.",
            byLanguage: {
              es: "¡Genial! Te pongo en contacto con nuestro equipo de ventas.",
              fr: "Parfait ! Je vous mets en relation avec notre équipe commerciale.",
              de: "Super! Ich verbinde Sie mit unserem Vertriebsteam.",
            },
          },
        },
        { type: "handover", reason: "purchase_intent" },
      ],
    },
  },
  {
    id: "after-hours-reply",
    name: "After-hours reply",
    description:
      "Outside business hours, tells the shopper when to expect an answer (once per conversation).",
    setup: ["Set business hours in the AI settings (until then the condition is never met)."],
    startsDisabled: false,
    definition: {
      trigger: {
        type: "message.received",
        keywords: [],
        intents: [],
        languages: [],
        channels: [],
        countries: [],
      },
      conditions: {
        all: [
          { field: "business_hours", op: "eq", value: false },
          { field: "conversation.tags", op: "not_contains", value: "after-hours" },
        ],
      },
      steps: [
        { type: "send_message", text: closingHours },
        { type: "add_tags", tags: ["after-hours"] },
      ],
    },
  },
];
