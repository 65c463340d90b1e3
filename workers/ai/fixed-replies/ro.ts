import type { MessageTable } from "../messages";

export const ro: MessageTable = {
  lead_sales:
    "Vă mulțumim! Am transmis solicitarea dumneavoastră echipei noastre de vânzări. Un coleg vă va răspunde aici în curând.",
  lead_team:
    "Vă mulțumim! Am transmis solicitarea dumneavoastră echipei noastre. Un coleg vă va răspunde aici în curând.",
  lead_draft:
    "Vă mulțumim! Am pregătit comanda {order} pentru {quantity} × {product} și am transmis-o echipei noastre de vânzări. Un coleg vă va contacta aici pentru a o finaliza.",
  offer_handover:
    "Nu știu dacă vă pot ajuta corect în această privință. Doriți să vă pun în legătură cu un membru al echipei noastre?",
  handover:
    "Vă pun acum în legătură cu un membru al echipei noastre, care va avea contextul conversației noastre.",
  collect_contact:
    "Echipa noastră nu este disponibilă în acest moment. Vă rugăm să ne lăsați adresa de e-mail și o scurtă descriere, iar noi vă vom răspunde imediat ce revenim.",
  no_answer:
    "Nu am un răspuns sigur la această întrebare, așa că, în loc să ghicesc, voi cere ajutorul unui coleg.",
  order_status: "Iată ce am găsit pentru comanda {order}: {status}.",
  order_not_found: "Nu am găsit comanda {order}. Puteți verifica din nou numărul?",
  order_verify:
    "Pentru a verifica comanda {order}, trebuie mai întâi să confirm că vă aparține. Vă rugăm să ne scrieți de la adresa de e-mail sau de pe numărul de telefon folosit la comandă ori să vă conectați la contul dumneavoastră de pe site-ul nostru.",
  entry_language_notice: "Deocamdată avem acest răspuns doar în {language}:",
  action_proposed_cancel:
    "Am rugat un coleg să aprobe anularea comenzii {order}. Veți primi un răspuns aici în curând.",
  action_proposed_refund:
    "Am rugat un coleg să aprobe o rambursare de {amount} pentru comanda {order}. Veți primi un răspuns aici în curând.",
  action_done_cancel: "Comanda {order} a fost anulată.",
  action_done_refund: "A fost emisă o rambursare de {amount} pentru comanda {order}.",
  action_not_done:
    "Un membru al echipei noastre vă va contacta aici în legătură cu comanda {order}.",
  action_proposed_address:
    "Am rugat un coleg să aprobe schimbarea adresei de livrare pentru comanda {order}. Veți primi un răspuns aici în curând.",
  action_done_address: "Adresa de livrare a comenzii {order} a fost schimbată.",
  otp_offer:
    "Pentru a vă ajuta cu comanda {order}, trebuie să confirm că vă aparține. Pot trimite un cod de 6 cifre la adresa de e-mail a comenzii ({mask}). Răspundeți „da” și îl trimit.",
  otp_sent:
    "Am trimis un cod de 6 cifre la {mask}. Vă rugăm să îl introduceți aici; este valabil 10 minute.",
  otp_verified:
    "Vă mulțumim, codul este corect: identitatea dumneavoastră pentru comanda {order} a fost confirmată.",
  otp_wrong: "Codul nu este corect. Încercări rămase: {left}.",
  otp_expired:
    "Codul a expirat. Răspundeți „da” dacă doriți să vă trimitem unul nou la adresa de e-mail a comenzii.",
  otp_locked:
    "Codul nu este corect și au fost prea multe încercări. Un membru al echipei noastre vă va ajuta aici.",
  otp_not_sent:
    "Nu am putut trimite un cod pentru comanda {order}. Un membru al echipei noastre vă va ajuta aici.",
};
