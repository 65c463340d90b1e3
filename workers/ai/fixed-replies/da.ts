import type { MessageTable } from "../messages";

export const da: MessageTable = {
  lead_sales:
    "Tak! Jeg har givet din forespørgsel videre til vores salgsteam. En kollega vender tilbage til dig her inden længe.",
  lead_team:
    "Tak! Jeg har givet din forespørgsel videre til vores team. En kollega vender tilbage til dig her inden længe.",
  lead_draft:
    "Tak! Jeg har forberedt ordre {order} på {quantity} × {product} og givet den videre til vores salgsteam. En kollega kontakter dig her for at gøre den færdig.",
  offer_handover:
    "Jeg er ikke sikker på, at jeg kan hjælpe dig ordentligt med dette. Vil du gerne sættes i forbindelse med en fra vores team?",
  handover:
    "Jeg sætter dig nu i forbindelse med en fra vores team. De kan se vores samtale indtil nu.",
  collect_contact:
    "Vores team er ikke online lige nu. Skriv din e-mailadresse og en kort beskrivelse, så vender vi tilbage, så snart vi har åbent.",
  no_answer:
    "Jeg har ikke et pålideligt svar på det, så i stedet for at gætte henter jeg en kollega, der kan hjælpe.",
  order_status: "Her er, hvad jeg fandt om ordre {order}: {status}.",
  order_not_found: "Jeg kunne ikke finde ordre {order}. Vil du tjekke nummeret igen?",
  order_verify:
    "For at slå ordre {order} op skal jeg først bekræfte, at den er din. Skriv til os fra den e-mailadresse eller det telefonnummer, der blev brugt til ordren, eller log ind på din konto på vores side.",
  entry_language_notice: "Vi har foreløbig kun dette svar på {language}:",
  action_proposed_cancel:
    "Jeg har bedt en kollega om at godkende annulleringen af ordre {order}. Du hører fra os her inden længe.",
  action_proposed_refund:
    "Jeg har bedt en kollega om at godkende en refusion på {amount} for ordre {order}. Du hører fra os her inden længe.",
  action_done_cancel: "Ordre {order} er blevet annulleret.",
  action_done_refund: "Der er udstedt en refusion på {amount} for ordre {order}.",
  action_not_done: "En fra vores team følger op med dig her om ordre {order}.",
  action_proposed_address:
    "Jeg har bedt en kollega om at godkende ændringen af leveringsadressen for ordre {order}. Du hører fra os her inden længe.",
  action_done_address: "Leveringsadressen for ordre {order} er blevet ændret.",
  otp_offer:
    "For at hjælpe med ordre {order} skal jeg bekræfte, at den er din. Jeg kan sende en 6-cifret kode til ordrens e-mailadresse ({mask}). Svar »ja«, så sender jeg den.",
  otp_sent:
    "Jeg har sendt en 6-cifret kode til {mask}. Skriv den her; den er gyldig i 10 minutter.",
  otp_verified: "Tak, koden er korrekt: du er bekræftet for ordre {order}.",
  otp_wrong: "Koden er ikke korrekt. Du har {left} forsøg tilbage.",
  otp_expired:
    "Koden er udløbet. Svar »ja«, hvis du vil have en ny sendt til ordrens e-mailadresse.",
  otp_locked:
    "Koden er ikke korrekt, og der har været for mange forsøg. En fra vores team hjælper dig her.",
  otp_not_sent:
    "Jeg kunne ikke sende en kode for ordre {order}. En fra vores team hjælper dig her.",
};
