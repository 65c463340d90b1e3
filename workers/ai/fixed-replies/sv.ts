import type { MessageTable } from "../messages";

export const sv: MessageTable = {
  lead_sales:
    "Tack! Jag har skickat vidare din förfrågan till vårt säljteam. En kollega återkommer till dig här inom kort.",
  lead_team:
    "Tack! Jag har skickat vidare din förfrågan till vårt team. En kollega återkommer till dig här inom kort.",
  lead_draft:
    "Tack! Jag har förberett order {order} på {quantity} × {product} och skickat den vidare till vårt säljteam. En kollega kontaktar dig här för att slutföra den.",
  offer_handover:
    "Jag är inte säker på att jag kan hjälpa dig ordentligt med det här. Vill du att jag kopplar dig till någon i vårt team?",
  handover: "Jag kopplar dig nu till någon i vårt team. De kan se vårt samtal hittills.",
  collect_contact:
    "Vårt team är inte tillgängligt just nu. Lämna din e-postadress och en kort beskrivning, så återkommer vi så snart vi har öppet.",
  no_answer:
    "Jag har inget tillförlitligt svar på det, så i stället för att gissa ber jag en kollega att hjälpa dig.",
  order_status: "Det här hittade jag om order {order}: {status}.",
  order_not_found: "Jag kunde inte hitta order {order}. Kan du kontrollera numret en gång till?",
  order_verify:
    "För att kunna titta på order {order} behöver jag först bekräfta att den är din. Skriv till oss från e-postadressen eller telefonnumret som användes för ordern, eller logga in på ditt konto på vår webbplats.",
  entry_language_notice: "Vi har än så länge bara det här svaret på {language}:",
  action_proposed_cancel:
    "Jag har bett en kollega att godkänna avbeställningen av order {order}. Du får svar här inom kort.",
  action_proposed_refund:
    "Jag har bett en kollega att godkänna en återbetalning på {amount} för order {order}. Du får svar här inom kort.",
  action_done_cancel: "Order {order} har avbeställts.",
  action_done_refund: "En återbetalning på {amount} för order {order} har genomförts.",
  action_not_done: "Någon i vårt team återkommer till dig här om order {order}.",
  action_proposed_address:
    "Jag har bett en kollega att godkänna ändringen av leveransadressen för order {order}. Du får svar här inom kort.",
  action_done_address: "Leveransadressen för order {order} har ändrats.",
  otp_offer:
    "För att kunna hjälpa dig med order {order} behöver jag bekräfta att den är din. Jag kan skicka en 6-siffrig kod till orderns e-postadress ({mask}). Svara ”ja” så skickar jag den.",
  otp_sent:
    "Jag har skickat en 6-siffrig kod till {mask}. Skriv in den här; den gäller i 10 minuter.",
  otp_verified: "Tack, koden stämmer: du är verifierad för order {order}.",
  otp_wrong: "Koden stämmer inte. Du har {left} försök kvar.",
  otp_expired:
    "Koden har gått ut. Svara ”ja” om du vill att vi skickar en ny till orderns e-postadress.",
  otp_locked:
    "Koden stämmer inte, och det har gjorts för många försök. Någon i vårt team hjälper dig här.",
  otp_not_sent:
    "Jag kunde inte skicka någon kod för order {order}. Någon i vårt team hjälper dig här.",
};
