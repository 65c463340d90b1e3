import type { MessageTable } from "../messages";

export const pl: MessageTable = {
  lead_sales:
    "Dziękujemy! Twoje zapytanie zostało przekazane do naszego działu sprzedaży. Nasz konsultant wkrótce odpowie Ci tutaj.",
  lead_team:
    "Dziękujemy! Twoje zapytanie zostało przekazane naszemu zespołowi. Nasz konsultant wkrótce odpowie Ci tutaj.",
  lead_draft:
    "Dziękujemy! Zamówienie {order} na {quantity} × {product} zostało przygotowane i przekazane do naszego działu sprzedaży. Nasz konsultant skontaktuje się z Tobą tutaj, aby je sfinalizować.",
  offer_handover:
    "Nie mam pewności, czy mogę odpowiednio pomóc w tej sprawie. Czy chcesz porozmawiać z kimś z naszego zespołu?",
  handover: "Łączę Cię teraz z osobą z naszego zespołu. Będzie ona znała przebieg naszej rozmowy.",
  collect_contact:
    "Nasz zespół jest teraz niedostępny. Zostaw swój adres e-mail i krótki opis sprawy, a odpowiemy, gdy tylko wrócimy.",
  no_answer:
    "Nie mam wiarygodnej odpowiedzi na to pytanie, więc zamiast zgadywać, poproszę o pomoc kogoś z naszego zespołu.",
  order_status: "Oto informacje o zamówieniu {order}: {status}.",
  order_not_found: "Nie udało się znaleźć zamówienia {order}. Czy możesz sprawdzić numer?",
  order_verify:
    "Aby sprawdzić zamówienie {order}, muszę najpierw potwierdzić, że należy do Ciebie. Napisz do nas z adresu e-mail lub numeru telefonu podanego w zamówieniu albo zaloguj się na swoje konto w naszym sklepie.",
  entry_language_notice: "Ta odpowiedź jest na razie dostępna tylko w jednym języku ({language}):",
  action_proposed_cancel:
    "Poprosiliśmy konsultanta o zatwierdzenie anulowania zamówienia {order}. Wkrótce otrzymasz tutaj odpowiedź.",
  action_proposed_refund:
    "Poprosiliśmy konsultanta o zatwierdzenie zwrotu {amount} za zamówienie {order}. Wkrótce otrzymasz tutaj odpowiedź.",
  action_done_cancel: "Zamówienie {order} zostało anulowane.",
  action_done_refund: "Zwrot {amount} za zamówienie {order} został zlecony.",
  action_not_done:
    "Ktoś z naszego zespołu skontaktuje się z Tobą tutaj w sprawie zamówienia {order}.",
  action_proposed_address:
    "Poprosiliśmy konsultanta o zatwierdzenie zmiany adresu dostawy zamówienia {order}. Wkrótce otrzymasz tutaj odpowiedź.",
  action_done_address: "Adres dostawy zamówienia {order} został zmieniony.",
  otp_offer:
    "Aby pomóc w sprawie zamówienia {order}, muszę potwierdzić, że należy ono do Ciebie. Mogę wysłać 6-cyfrowy kod na adres e-mail podany w zamówieniu ({mask}). Odpowiedz „tak”, a wyślę kod.",
  otp_sent:
    "Wysłaliśmy 6-cyfrowy kod na adres {mask}. Wpisz go tutaj; kod jest ważny przez 10 minut.",
  otp_verified:
    "Dziękujemy, kod jest prawidłowy: Twoja tożsamość dla zamówienia {order} została potwierdzona.",
  otp_wrong: "Ten kod jest nieprawidłowy. Pozostałe próby: {left}.",
  otp_expired:
    "Ten kod wygasł. Odpowiedz „tak”, jeśli chcesz otrzymać nowy kod na adres e-mail podany w zamówieniu.",
  otp_locked:
    "Ten kod jest nieprawidłowy, a limit prób został wyczerpany. Ktoś z naszego zespołu pomoże Ci tutaj.",
  otp_not_sent:
    "Nie udało się wysłać kodu dla zamówienia {order}. Ktoś z naszego zespołu pomoże Ci tutaj.",
};
