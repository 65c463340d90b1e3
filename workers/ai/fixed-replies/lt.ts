import type { MessageTable } from "../messages";

export const lt: MessageTable = {
  lead_sales:
    "Ačiū! Jūsų užklausą perdaviau mūsų pardavimų komandai. Kolega netrukus jums atsakys čia.",
  lead_team: "Ačiū! Jūsų užklausą perdaviau mūsų komandai. Kolega netrukus jums atsakys čia.",
  lead_draft:
    "Ačiū! Paruošiau užsakymą {order} ({quantity} × {product}) ir perdaviau jį mūsų pardavimų komandai. Kolega susisieks su jumis čia, kad jį užbaigtų.",
  offer_handover:
    "Abejoju, ar galiu jums tinkamai padėti šiuo klausimu. Ar norėtumėte, kad sujungčiau jus su mūsų komandos nariu?",
  handover: "Dabar sujungiu jus su mūsų komandos nariu, kuris matys mūsų pokalbį.",
  collect_contact:
    "Mūsų komanda šiuo metu nepasiekiama. Palikite savo el. pašto adresą ir trumpą aprašymą – atsakysime, kai tik vėl dirbsime.",
  no_answer:
    "Neturiu patikimo atsakymo į šį klausimą, todėl paprašysiu kolegos pagalbos, o ne spėliosiu.",
  order_status: "Štai ką radau apie užsakymą {order}: {status}.",
  order_not_found: "Neradau užsakymo {order}. Gal galėtumėte dar kartą patikrinti numerį?",
  order_verify:
    "Kad galėčiau peržiūrėti užsakymą {order}, pirmiausia turiu įsitikinti, kad jis jūsų. Parašykite mums iš užsakyme nurodyto el. pašto adreso ar telefono numerio arba prisijunkite prie savo paskyros mūsų svetainėje.",
  entry_language_notice: "Šį atsakymą kol kas turime tik {language} kalba:",
  action_proposed_cancel:
    "Paprašiau kolegos patvirtinti užsakymo {order} atšaukimą. Netrukus gausite atsakymą čia.",
  action_proposed_refund:
    "Paprašiau kolegos patvirtinti {amount} grąžinimą už užsakymą {order}. Netrukus gausite atsakymą čia.",
  action_done_cancel: "Užsakymas {order} atšauktas.",
  action_done_refund: "Už užsakymą {order} grąžinta {amount}.",
  action_not_done: "Mūsų komandos narys susisieks su jumis čia dėl užsakymo {order}.",
  action_proposed_address:
    "Paprašiau kolegos patvirtinti užsakymo {order} pristatymo adreso pakeitimą. Netrukus gausite atsakymą čia.",
  action_done_address: "Užsakymo {order} pristatymo adresas pakeistas.",
  otp_offer:
    "Kad galėčiau padėti dėl užsakymo {order}, turiu įsitikinti, kad jis jūsų. Galiu išsiųsti 6 skaitmenų kodą užsakyme nurodytu el. pašto adresu ({mask}). Atsakykite „taip“ ir jį išsiųsiu.",
  otp_sent: "Išsiunčiau 6 skaitmenų kodą adresu {mask}. Įveskite jį čia; kodas galioja 10 minučių.",
  otp_verified: "Ačiū, kodas teisingas: jūsų tapatybė užsakymui {order} patvirtinta.",
  otp_wrong: "Kodas neteisingas. Liko bandymų: {left}.",
  otp_expired:
    "Kodo galiojimas baigėsi. Atsakykite „taip“, jei norite, kad naują kodą išsiųstume užsakyme nurodytu el. pašto adresu.",
  otp_locked: "Kodas neteisingas, o bandymų buvo per daug. Mūsų komandos narys jums padės čia.",
  otp_not_sent: "Nepavyko išsiųsti kodo užsakymui {order}. Mūsų komandos narys jums padės čia.",
};
