import * as MORE from "./fixed-replies";

/**
 * Fixed replies of the AI in the languages it knows by heart. Other languages go
 * through the translator when one is configured, else fall back to English — a
 * clear English sentence beats silence. Tone variants keep the persona consistent.
 */
export type MessageKey =
  | "offer_handover"
  | "handover"
  | "collect_contact"
  | "no_answer"
  | "order_status"
  | "order_not_found"
  | "order_verify"
  | "entry_language_notice"
  | "action_proposed_cancel"
  | "action_proposed_refund"
  | "action_done_cancel"
  | "action_done_refund"
  | "action_not_done"
  | "lead_sales"
  | "lead_team"
  | "lead_draft"
  | CodeKey;
type CodeKey =
  | "action_proposed_address"
  | "action_done_address"
  | "otp_offer"
  | "otp_sent"
  | "otp_verified"
  | "otp_wrong"
  | "otp_expired"
  | "otp_locked"
  | "otp_not_sent";
export type Tone = "professional" | "friendly" | "premium";

/** One language's fixed replies: every key, with the same `{placeholders}` as English. */
export type MessageTable = Record<MessageKey, string>;

const MESSAGES: Record<string, MessageTable> = {
  ...MORE,
  en: {
    lead_sales:
      "Thank you! I've passed your request to our sales team. A colleague will get back to you here shortly.",
    lead_team:
      "Thank you! I've passed your request to our team. A colleague will get back to you here shortly.",
    lead_draft:
      "Thank you! I've prepared order {order} for {quantity} × {product} and passed it to our sales team. A colleague will get back to you here to complete it.",
    offer_handover:
      "I'm not sure I can help with this properly. Would you like me to connect you with a member of our team?",
    handover:
      "I'm connecting you with a member of our team now. They'll have the context of our conversation.",
    collect_contact:
      "Our team is offline right now. Please leave your email address and a short description, and we'll get back to you as soon as we're open.",
    no_answer:
      "I don't have a reliable answer to that, so I'll get a person to help rather than guess.",
    order_status: "Here is what I found for order {order}: {status}.",
    order_not_found: "I couldn't find order {order}. Could you double-check the number?",
    order_verify:
      "To look up order {order} I first need to confirm it's yours. Please write to us from the email address or phone number used for the order, or sign in to your account on our site.",
    entry_language_notice: "We only have this answer in {language} for now:",
    action_proposed_cancel:
      "I've asked a colleague to approve cancelling order {order}. You'll hear back here shortly.",
    action_proposed_refund:
      "I've asked a colleague to approve a refund of {amount} for order {order}. You'll hear back here shortly.",
    action_done_cancel: "Order {order} has been cancelled.",
    action_done_refund: "A refund of {amount} for order {order} has been issued.",
    action_not_done: "A member of our team will follow up with you here about order {order}.",
    action_proposed_address:
      "I've asked a colleague to approve changing the shipping address of order {order}. You'll hear back here shortly.",
    action_done_address: "The shipping address of order {order} has been changed.",
    otp_offer:
      "To help with order {order} I need to confirm it's yours. I can send a 6-digit code to the email address on the order ({mask}). Reply \"yes\" and I'll send it.",
    otp_sent:
      "I've sent a 6-digit code to {mask}. Please type it here; it is valid for 10 minutes.",
    otp_verified: "Thank you, that's the right code: you're verified for order {order}.",
    otp_wrong: "That code isn't right. You have {left} more tries.",
    otp_expired:
      'That code has expired. Reply "yes" if you\'d like a new one sent to the email address on the order.',
    otp_locked:
      "That code isn't right, and there have been too many tries. A member of our team will help you here.",
    otp_not_sent:
      "I couldn't send a code for order {order}. A member of our team will help you here.",
  },
  de: {
    lead_sales:
      "Vielen Dank! Ich habe Ihre Anfrage an unser Vertriebsteam weitergegeben. Ein Kollege meldet sich hier in Kürze bei Ihnen.",
    lead_team:
      "Vielen Dank! Ich habe Ihre Anfrage an unser Team weitergegeben. Ein Kollege meldet sich hier in Kürze bei Ihnen.",
    lead_draft:
      "Vielen Dank! Ich habe die Bestellung {order} über {quantity} × {product} vorbereitet und an unser Vertriebsteam weitergegeben. Ein Kollege meldet sich hier, um sie abzuschließen.",
    offer_handover:
      "Ich bin nicht sicher, ob ich Ihnen dabei richtig helfen kann. Möchten Sie mit einem Mitarbeiter aus unserem Team sprechen?",
    handover:
      "Ich verbinde Sie jetzt mit einem Mitarbeiter aus unserem Team. Er kennt den Verlauf unseres Gesprächs.",
    collect_contact:
      "Unser Team ist gerade nicht erreichbar. Bitte hinterlassen Sie Ihre E-Mail-Adresse und eine kurze Beschreibung – wir melden uns, sobald wir wieder da sind.",
    no_answer:
      "Darauf habe ich keine verlässliche Antwort. Statt zu raten, hole ich lieber eine Person dazu.",
    order_status: "Das habe ich zu Bestellung {order} gefunden: {status}.",
    order_not_found:
      "Ich konnte die Bestellung {order} nicht finden. Könnten Sie die Nummer bitte prüfen?",
    order_verify:
      "Um Bestellung {order} nachzusehen, muss ich zuerst bestätigen, dass sie Ihnen gehört. Bitte schreiben Sie uns von der E-Mail-Adresse oder Telefonnummer, mit der bestellt wurde, oder melden Sie sich in Ihrem Konto an.",
    entry_language_notice: "Diese Antwort haben wir bisher nur auf {language}:",
    action_proposed_cancel:
      "Ich habe eine Kollegin bzw. einen Kollegen gebeten, die Stornierung von Bestellung {order} zu genehmigen. Sie hören hier in Kürze von uns.",
    action_proposed_refund:
      "Ich habe eine Kollegin bzw. einen Kollegen gebeten, eine Erstattung von {amount} für Bestellung {order} zu genehmigen. Sie hören hier in Kürze von uns.",
    action_done_cancel: "Bestellung {order} wurde storniert.",
    action_done_refund: "Eine Erstattung von {amount} für Bestellung {order} wurde veranlasst.",
    action_not_done:
      "Ein Mitarbeiter aus unserem Team meldet sich hier wegen Bestellung {order} bei Ihnen.",
    action_proposed_address:
      "Ich habe eine Kollegin bzw. einen Kollegen gebeten, die Änderung der Lieferadresse von Bestellung {order} zu genehmigen. Sie hören hier in Kürze von uns.",
    action_done_address: "Die Lieferadresse von Bestellung {order} wurde geändert.",
    otp_offer:
      "Um Ihnen bei Bestellung {order} zu helfen, muss ich bestätigen, dass sie Ihnen gehört. Ich kann einen 6-stelligen Code an die E-Mail-Adresse der Bestellung ({mask}) senden. Antworten Sie mit „ja“, dann schicke ich ihn.",
    otp_sent:
      "Ich habe einen 6-stelligen Code an {mask} gesendet. Bitte geben Sie ihn hier ein; er ist 10 Minuten gültig.",
    otp_verified: "Danke, der Code stimmt: Sie sind für Bestellung {order} bestätigt.",
    otp_wrong: "Dieser Code stimmt nicht. Sie haben noch {left} Versuche.",
    otp_expired:
      "Dieser Code ist abgelaufen. Antworten Sie mit „ja“, wenn wir einen neuen an die E-Mail-Adresse der Bestellung senden sollen.",
    otp_locked:
      "Dieser Code stimmt nicht, und es gab zu viele Versuche. Ein Mitarbeiter aus unserem Team hilft Ihnen hier weiter.",
    otp_not_sent:
      "Ich konnte keinen Code für Bestellung {order} senden. Ein Mitarbeiter aus unserem Team hilft Ihnen hier weiter.",
  },
  fr: {
    lead_sales:
      "Merci ! J'ai transmis votre demande à notre équipe commerciale. Un collègue vous répondra ici très bientôt.",
    lead_team:
      "Merci ! J'ai transmis votre demande à notre équipe. Un collègue vous répondra ici très bientôt.",
    lead_draft:
      "Merci ! J'ai préparé la commande {order} pour {quantity} × {product} et l'ai transmise à notre équipe commerciale. Un collègue vous contactera ici pour la finaliser.",
    offer_handover:
      "Je ne suis pas sûr de pouvoir vous aider correctement. Souhaitez-vous parler à un membre de notre équipe ?",
    handover:
      "Je vous mets en relation avec un membre de notre équipe. Il aura le contexte de notre échange.",
    collect_contact:
      "Notre équipe est actuellement absente. Laissez-nous votre adresse e-mail et une courte description, nous vous répondrons dès notre retour.",
    no_answer:
      "Je n'ai pas de réponse fiable à cela ; plutôt que de deviner, je fais appel à une personne.",
    order_status: "Voici ce que j'ai trouvé pour la commande {order} : {status}.",
    order_not_found: "Je n'ai pas trouvé la commande {order}. Pourriez-vous vérifier le numéro ?",
    order_verify:
      "Pour consulter la commande {order}, je dois d'abord vérifier qu'elle est bien la vôtre. Écrivez-nous depuis l'adresse e-mail ou le numéro de téléphone utilisés pour la commande, ou connectez-vous à votre compte.",
    entry_language_notice: "Nous n'avons pour l'instant cette réponse qu'en {language} :",
    action_proposed_cancel:
      "J'ai demandé à un collègue d'approuver l'annulation de la commande {order}. Vous aurez une réponse ici sous peu.",
    action_proposed_refund:
      "J'ai demandé à un collègue d'approuver un remboursement de {amount} pour la commande {order}. Vous aurez une réponse ici sous peu.",
    action_done_cancel: "La commande {order} a été annulée.",
    action_done_refund: "Un remboursement de {amount} pour la commande {order} a été effectué.",
    action_not_done:
      "Un membre de notre équipe reviendra vers vous ici au sujet de la commande {order}.",
    action_proposed_address:
      "J'ai demandé à un collègue d'approuver le changement d'adresse de livraison de la commande {order}. Nous vous répondrons ici très bientôt.",
    action_done_address: "L'adresse de livraison de la commande {order} a été modifiée.",
    otp_offer:
      "Pour vous aider avec la commande {order}, je dois confirmer qu'elle est bien à vous. Je peux envoyer un code à 6 chiffres à l'adresse e-mail de la commande ({mask}). Répondez « oui » et je l'envoie.",
    otp_sent:
      "J'ai envoyé un code à 6 chiffres à {mask}. Saisissez-le ici ; il est valable 10 minutes.",
    otp_verified: "Merci, c'est le bon code : vous êtes vérifié pour la commande {order}.",
    otp_wrong: "Ce code n'est pas correct. Il vous reste {left} essais.",
    otp_expired:
      "Ce code a expiré. Répondez « oui » si vous souhaitez qu'un nouveau code soit envoyé à l'adresse e-mail de la commande.",
    otp_locked:
      "Ce code n'est pas correct et il y a eu trop d'essais. Un membre de notre équipe va vous aider ici.",
    otp_not_sent:
      "Je n'ai pas pu envoyer de code pour la commande {order}. Un membre de notre équipe va vous aider ici.",
  },
  es: {
    lead_sales:
      "¡Gracias! He pasado tu solicitud a nuestro equipo de ventas. Un compañero te responderá aquí en breve.",
    lead_team:
      "¡Gracias! He pasado tu solicitud a nuestro equipo. Un compañero te responderá aquí en breve.",
    lead_draft:
      "¡Gracias! He preparado el pedido {order} de {quantity} × {product} y lo he pasado a nuestro equipo de ventas. Un compañero te escribirá aquí para completarlo.",
    offer_handover:
      "No estoy seguro de poder ayudarte bien con esto. ¿Quieres que te ponga en contacto con alguien de nuestro equipo?",
    handover:
      "Te estoy pasando con una persona de nuestro equipo. Tendrá el contexto de nuestra conversación.",
    collect_contact:
      "Nuestro equipo no está disponible ahora. Déjanos tu correo electrónico y una breve descripción y te responderemos en cuanto abramos.",
    no_answer:
      "No tengo una respuesta fiable para eso, así que prefiero que te ayude una persona antes que adivinar.",
    order_status: "Esto es lo que encontré sobre el pedido {order}: {status}.",
    order_not_found: "No encontré el pedido {order}. ¿Podrías comprobar el número?",
    order_verify:
      "Para consultar el pedido {order} primero necesito confirmar que es tuyo. Escríbenos desde el correo electrónico o el teléfono con el que hiciste el pedido, o inicia sesión en tu cuenta.",
    entry_language_notice: "Por ahora solo tenemos esta respuesta en {language}:",
    action_proposed_cancel:
      "He pedido a un compañero que apruebe la cancelación del pedido {order}. Recibirás una respuesta aquí en breve.",
    action_proposed_refund:
      "He pedido a un compañero que apruebe un reembolso de {amount} para el pedido {order}. Recibirás una respuesta aquí en breve.",
    action_done_cancel: "El pedido {order} ha sido cancelado.",
    action_done_refund: "Se ha emitido un reembolso de {amount} para el pedido {order}.",
    action_not_done: "Un miembro de nuestro equipo te contactará aquí sobre el pedido {order}.",
    otp_offer:
      'Para ayudarte con el pedido {order} necesito confirmar que es tuyo. Puedo enviar un código de 6 dígitos al correo del pedido ({mask}). Responde "sí" y te lo envío.',
    otp_sent:
      "He enviado un código de 6 dígitos a {mask}. Escríbelo aquí; es válido durante 10 minutos.",
    otp_verified: "Gracias, el código es correcto: has quedado verificado para el pedido {order}.",
    otp_wrong: "Ese código no es correcto. Te quedan {left} intentos.",
    otp_expired:
      'Ese código ha caducado. Responde "sí" si quieres que enviemos uno nuevo al correo del pedido.',
    otp_locked:
      "Ese código no es correcto y ha habido demasiados intentos. Un miembro de nuestro equipo te ayudará aquí.",
    otp_not_sent:
      "No he podido enviar un código para el pedido {order}. Un miembro de nuestro equipo te ayudará aquí.",
    action_proposed_address:
      "He pedido a un compañero que apruebe el cambio de la dirección de envío del pedido {order}. Te responderemos aquí en breve.",
    action_done_address: "Se ha cambiado la dirección de envío del pedido {order}.",
  },
  it: {
    lead_sales:
      "Grazie! Ho inoltrato la tua richiesta al nostro team vendite. Un collega ti risponderà qui a breve.",
    lead_team:
      "Grazie! Ho inoltrato la tua richiesta al nostro team. Un collega ti risponderà qui a breve.",
    lead_draft:
      "Grazie! Ho preparato l'ordine {order} per {quantity} × {product} e l'ho inoltrato al nostro team vendite. Un collega ti scriverà qui per completarlo.",
    offer_handover:
      "Non sono sicuro di poterti aiutare bene su questo. Vuoi che ti metta in contatto con una persona del nostro team?",
    handover:
      "Ti sto mettendo in contatto con una persona del nostro team. Avrà il contesto della nostra conversazione.",
    collect_contact:
      "Il nostro team al momento non è disponibile. Lasciaci il tuo indirizzo email e una breve descrizione: ti risponderemo appena possibile.",
    no_answer:
      "Non ho una risposta affidabile, quindi preferisco coinvolgere una persona invece di tirare a indovinare.",
    order_status: "Ecco cosa ho trovato per l'ordine {order}: {status}.",
    order_not_found: "Non ho trovato l'ordine {order}. Puoi ricontrollare il numero?",
    order_verify:
      "Per controllare l'ordine {order} devo prima verificare che sia tuo. Scrivici dall'indirizzo email o dal numero di telefono usati per l'ordine, oppure accedi al tuo account.",
    entry_language_notice: "Per ora abbiamo questa risposta solo in {language}:",
    action_proposed_cancel:
      "Ho chiesto a un collega di approvare l'annullamento dell'ordine {order}. Riceverai una risposta qui a breve.",
    action_proposed_refund:
      "Ho chiesto a un collega di approvare un rimborso di {amount} per l'ordine {order}. Riceverai una risposta qui a breve.",
    action_done_cancel: "L'ordine {order} è stato annullato.",
    action_done_refund: "È stato emesso un rimborso di {amount} per l'ordine {order}.",
    action_not_done: "Un membro del nostro team ti ricontatterà qui per l'ordine {order}.",
    action_proposed_address:
      "Ho chiesto a un collega di approvare la modifica dell'indirizzo di spedizione dell'ordine {order}. Ti risponderemo qui a breve.",
    action_done_address: "L'indirizzo di spedizione dell'ordine {order} è stato modificato.",
    otp_offer:
      "Per aiutarti con l'ordine {order} devo confermare che è tuo. Posso inviare un codice di 6 cifre all'indirizzo email dell'ordine ({mask}). Rispondi \"sì\" e te lo invio.",
    otp_sent: "Ho inviato un codice di 6 cifre a {mask}. Scrivilo qui; è valido per 10 minuti.",
    otp_verified: "Grazie, il codice è corretto: sei verificato per l'ordine {order}.",
    otp_wrong: "Il codice non è corretto. Ti restano {left} tentativi.",
    otp_expired:
      "Il codice è scaduto. Rispondi \"sì\" se vuoi che ne inviamo uno nuovo all'indirizzo email dell'ordine.",
    otp_locked:
      "Il codice non è corretto e ci sono stati troppi tentativi. Un membro del nostro team ti aiuterà qui.",
    otp_not_sent:
      "Non sono riuscito a inviare un codice per l'ordine {order}. Un membro del nostro team ti aiuterà qui.",
  },
  nl: {
    lead_sales:
      "Bedankt! Ik heb je aanvraag doorgegeven aan ons verkoopteam. Een collega neemt hier snel contact met je op.",
    lead_team:
      "Bedankt! Ik heb je aanvraag doorgegeven aan ons team. Een collega neemt hier snel contact met je op.",
    lead_draft:
      "Bedankt! Ik heb bestelling {order} voor {quantity} × {product} klaargezet en doorgegeven aan ons verkoopteam. Een collega neemt hier contact met je op om die af te ronden.",
    offer_handover:
      "Ik weet niet zeker of ik je hier goed mee kan helpen. Wil je dat ik je doorverbind met iemand van ons team?",
    handover:
      "Ik verbind je nu door met iemand van ons team. Diegene kent de context van ons gesprek.",
    collect_contact:
      "Ons team is nu niet bereikbaar. Laat je e-mailadres en een korte omschrijving achter, dan nemen we zo snel mogelijk contact op.",
    no_answer:
      "Daar heb ik geen betrouwbaar antwoord op, dus ik schakel liever een persoon in dan te gokken.",
    order_status: "Dit heb ik gevonden over bestelling {order}: {status}.",
    order_not_found: "Ik kon bestelling {order} niet vinden. Wil je het nummer controleren?",
    order_verify:
      "Om bestelling {order} op te zoeken moet ik eerst bevestigen dat die van jou is. Schrijf ons vanaf het e-mailadres of telefoonnummer waarmee je bestelde, of log in op je account.",
    entry_language_notice: "We hebben dit antwoord voorlopig alleen in het {language}:",
    action_proposed_cancel:
      "Ik heb een collega gevraagd het annuleren van bestelling {order} goed te keuren. Je hoort hier snel van ons.",
    action_proposed_refund:
      "Ik heb een collega gevraagd een terugbetaling van {amount} voor bestelling {order} goed te keuren. Je hoort hier snel van ons.",
    action_done_cancel: "Bestelling {order} is geannuleerd.",
    action_done_refund: "Er is een terugbetaling van {amount} voor bestelling {order} gedaan.",
    action_not_done:
      "Een collega van ons team neemt hier contact met je op over bestelling {order}.",
    action_proposed_address:
      "Ik heb een collega gevraagd de wijziging van het bezorgadres van bestelling {order} goed te keuren. Je hoort hier snel van ons.",
    action_done_address: "Het bezorgadres van bestelling {order} is gewijzigd.",
    otp_offer:
      'Om je te helpen met bestelling {order} moet ik bevestigen dat die van jou is. Ik kan een code van 6 cijfers sturen naar het e-mailadres van de bestelling ({mask}). Antwoord "ja" en ik stuur hem.',
    otp_sent:
      "Ik heb een code van 6 cijfers gestuurd naar {mask}. Typ hem hier; hij is 10 minuten geldig.",
    otp_verified: "Bedankt, de code klopt: je bent geverifieerd voor bestelling {order}.",
    otp_wrong: "Die code klopt niet. Je hebt nog {left} pogingen.",
    otp_expired:
      'Die code is verlopen. Antwoord "ja" als we een nieuwe naar het e-mailadres van de bestelling moeten sturen.',
    otp_locked:
      "Die code klopt niet en er zijn te veel pogingen gedaan. Iemand van ons team helpt je hier verder.",
    otp_not_sent:
      "Ik kon geen code sturen voor bestelling {order}. Iemand van ons team helpt je hier verder.",
  },
  pt: {
    lead_sales:
      "Obrigado! Encaminhei o seu pedido para a nossa equipa de vendas. Um colega responderá aqui em breve.",
    lead_team:
      "Obrigado! Encaminhei o seu pedido para a nossa equipa. Um colega responderá aqui em breve.",
    lead_draft:
      "Obrigado! Preparei a encomenda {order} de {quantity} × {product} e encaminhei-a para a nossa equipa de vendas. Um colega entrará em contacto aqui para a concluir.",
    offer_handover:
      "Não tenho certeza de que posso ajudar bem com isto. Quer que eu o coloque em contacto com alguém da nossa equipa?",
    handover:
      "Vou encaminhá-lo agora para alguém da nossa equipa, que terá o contexto da nossa conversa.",
    collect_contact:
      "A nossa equipa não está disponível agora. Deixe o seu e-mail e uma breve descrição e responderemos assim que possível.",
    no_answer:
      "Não tenho uma resposta fiável para isso, por isso prefiro chamar uma pessoa a adivinhar.",
    order_status: "Eis o que encontrei sobre a encomenda {order}: {status}.",
    order_not_found: "Não encontrei a encomenda {order}. Pode verificar o número?",
    order_verify:
      "Para consultar a encomenda {order} preciso primeiro de confirmar que é sua. Escreva-nos a partir do e-mail ou do telefone usados na encomenda, ou inicie sessão na sua conta.",
    entry_language_notice: "Por enquanto só temos esta resposta em {language}:",
    action_proposed_cancel:
      "Pedi a um colega que aprove o cancelamento da encomenda {order}. Receberá uma resposta aqui em breve.",
    action_proposed_refund:
      "Pedi a um colega que aprove um reembolso de {amount} para a encomenda {order}. Receberá uma resposta aqui em breve.",
    action_done_cancel: "A encomenda {order} foi cancelada.",
    action_done_refund: "Foi emitido um reembolso de {amount} para a encomenda {order}.",
    action_not_done: "Um membro da nossa equipa irá contactá-lo aqui sobre a encomenda {order}.",
    action_proposed_address:
      "Pedi a um colega que aprove a alteração da morada de entrega da encomenda {order}. Responderemos aqui em breve.",
    action_done_address: "A morada de entrega da encomenda {order} foi alterada.",
    otp_offer:
      'Para ajudar com a encomenda {order}, preciso de confirmar que é sua. Posso enviar um código de 6 dígitos para o e-mail da encomenda ({mask}). Responda "sim" e eu envio.',
    otp_sent:
      "Enviei um código de 6 dígitos para {mask}. Escreva-o aqui; é válido durante 10 minutos.",
    otp_verified: "Obrigado, o código está correto: está verificado para a encomenda {order}.",
    otp_wrong: "Esse código não está correto. Tem mais {left} tentativas.",
    otp_expired:
      'Esse código expirou. Responda "sim" se quiser que enviemos um novo para o e-mail da encomenda.',
    otp_locked:
      "Esse código não está correto e houve demasiadas tentativas. Um membro da nossa equipa vai ajudar aqui.",
    otp_not_sent:
      "Não consegui enviar um código para a encomenda {order}. Um membro da nossa equipa vai ajudar aqui.",
  },
  no: {
    lead_sales:
      "Takk! Jeg har sendt forespørselen din videre til salgsteamet vårt. En kollega svarer deg her snart.",
    lead_team:
      "Takk! Jeg har sendt forespørselen din videre til teamet vårt. En kollega svarer deg her snart.",
    lead_draft:
      "Takk! Jeg har klargjort ordre {order} for {quantity} × {product} og sendt den videre til salgsteamet vårt. En kollega tar kontakt her for å fullføre den.",
    offer_handover:
      "Jeg er ikke sikker på at jeg kan hjelpe deg godt med dette. Vil du at jeg setter deg i kontakt med noen i teamet vårt?",
    handover: "Jeg setter deg nå over til noen i teamet vårt. De ser hele samtalen vår.",
    collect_contact:
      "Teamet vårt er ikke tilgjengelig akkurat nå. Legg igjen e-postadressen din og en kort beskrivelse, så svarer vi så snart vi er tilbake.",
    no_answer:
      "Jeg har ikke et sikkert svar på det, så jeg henter heller inn en person enn å gjette.",
    order_status: "Dette fant jeg om ordre {order}: {status}.",
    order_not_found: "Jeg fant ikke ordre {order}. Kan du sjekke nummeret?",
    order_verify:
      "For å slå opp ordre {order} må jeg først bekrefte at den er din. Skriv til oss fra e-postadressen eller telefonnummeret som ble brukt i bestillingen, eller logg inn på kontoen din.",
    entry_language_notice: "Vi har foreløpig dette svaret bare på {language}:",
    action_proposed_cancel:
      "Jeg har bedt en kollega godkjenne kanselleringen av bestilling {order}. Du hører fra oss her snart.",
    action_proposed_refund:
      "Jeg har bedt en kollega godkjenne en refusjon på {amount} for bestilling {order}. Du hører fra oss her snart.",
    action_done_cancel: "Bestilling {order} er kansellert.",
    action_done_refund: "En refusjon på {amount} for bestilling {order} er utført.",
    action_not_done: "Noen fra teamet vårt tar kontakt med deg her om bestilling {order}.",
    action_proposed_address:
      "Jeg har bedt en kollega godkjenne endringen av leveringsadressen for ordre {order}. Du hører fra oss her snart.",
    action_done_address: "Leveringsadressen for ordre {order} er endret.",
    otp_offer:
      'For å hjelpe deg med ordre {order} må jeg bekrefte at den er din. Jeg kan sende en 6-sifret kode til e-postadressen på ordren ({mask}). Svar "ja", så sender jeg den.',
    otp_sent:
      "Jeg har sendt en 6-sifret kode til {mask}. Skriv den inn her; den er gyldig i 10 minutter.",
    otp_verified: "Takk, koden er riktig: du er bekreftet for ordre {order}.",
    otp_wrong: "Koden er ikke riktig. Du har {left} forsøk igjen.",
    otp_expired:
      'Koden har utløpt. Svar "ja" hvis du vil at vi sender en ny til e-postadressen på ordren.',
    otp_locked:
      "Koden er ikke riktig, og det har vært for mange forsøk. Noen i teamet vårt hjelper deg her.",
    otp_not_sent:
      "Jeg klarte ikke å sende en kode for ordre {order}. Noen i teamet vårt hjelper deg her.",
  },
  ja: {
    lead_sales:
      "ありがとうございます。ご依頼を営業チームに引き継ぎました。担当者がまもなくこちらでご連絡いたします。",
    lead_team:
      "ありがとうございます。ご依頼を担当チームに引き継ぎました。担当者がまもなくこちらでご連絡いたします。",
    lead_draft:
      "ありがとうございます。{product} × {quantity} の注文 {order} を用意し、営業チームに引き継ぎました。担当者がこちらでご連絡し、手続きを完了いたします。",
    offer_handover:
      "この件については十分にお手伝いできないかもしれません。担当者におつなぎしましょうか？",
    handover: "ただいま担当者におつなぎします。これまでの会話内容も引き継ぎます。",
    collect_contact:
      "ただいま営業時間外です。メールアドレスとご用件を簡単にお知らせいただければ、営業開始後にご連絡いたします。",
    no_answer: "確かな回答ができないため、推測ではなく担当者がお手伝いします。",
    order_status: "ご注文 {order} の状況：{status}。",
    order_not_found: "ご注文 {order} が見つかりませんでした。番号をご確認いただけますか？",
    order_verify:
      "ご注文 {order} を確認するには、ご本人のご注文であることの確認が必要です。ご注文時のメールアドレスまたは電話番号からご連絡いただくか、アカウントにログインしてください。",
    entry_language_notice: "この回答は現在{language}のみでご用意しています：",
    action_proposed_cancel:
      "注文 {order} のキャンセルについて、担当者に承認を依頼しました。まもなくこちらでご連絡します。",
    action_proposed_refund:
      "注文 {order} の {amount} の返金について、担当者に承認を依頼しました。まもなくこちらでご連絡します。",
    action_done_cancel: "注文 {order} をキャンセルしました。",
    action_done_refund: "注文 {order} について {amount} の返金を行いました。",
    action_not_done: "注文 {order} については、担当者からこちらでご連絡いたします。",
    action_proposed_address:
      "注文 {order} のお届け先住所の変更について、担当者に承認を依頼しました。まもなくこちらでご連絡します。",
    action_done_address: "注文 {order} のお届け先住所を変更しました。",
    otp_offer:
      "注文 {order} についてお手伝いするため、ご本人のご注文であることを確認させてください。ご注文のメールアドレス（{mask}）に6桁のコードをお送りできます。「はい」とご返信いただければお送りします。",
    otp_sent:
      "{mask} に6桁のコードをお送りしました。こちらに入力してください（有効期限は10分です）。",
    otp_verified:
      "ありがとうございます。コードが確認できました。注文 {order} のご本人確認が完了しました。",
    otp_wrong: "コードが正しくありません。あと {left} 回お試しいただけます。",
    otp_expired:
      "コードの有効期限が切れました。ご注文のメールアドレスに新しいコードをお送りする場合は「はい」とご返信ください。",
    otp_locked: "コードが正しくなく、試行回数の上限に達しました。担当者がこちらでお手伝いします。",
    otp_not_sent: "注文 {order} のコードを送信できませんでした。担当者がこちらでお手伝いします。",
  },
  zh: {
    lead_sales: "谢谢！我已将您的需求转交给我们的销售团队，同事会很快在这里回复您。",
    lead_team: "谢谢！我已将您的需求转交给我们的团队，同事会很快在这里回复您。",
    lead_draft:
      "谢谢！我已为您准备好订单 {order}（{product} × {quantity}），并转交给我们的销售团队，同事会在这里联系您完成下单。",
    offer_handover: "这个问题我可能无法很好地帮您解决。需要我为您转接人工客服吗？",
    handover: "正在为您转接人工客服，他们会看到我们之前的对话。",
    collect_contact: "我们的团队目前不在线。请留下您的邮箱和简短说明，我们上班后会尽快回复您。",
    no_answer: "这个问题我没有可靠的答案，与其猜测，不如请同事来帮您。",
    order_status: "订单 {order} 的情况：{status}。",
    order_not_found: "没有找到订单 {order}，请核对一下单号好吗？",
    order_verify:
      "查询订单 {order} 前，我需要先确认这是您的订单。请使用下单时的邮箱或手机号联系我们，或登录您的账户。",
    entry_language_notice: "此回答目前只有{language}版本：",
    action_proposed_cancel: "我已请同事审批取消订单 {order}，稍后会在这里回复您。",
    action_proposed_refund: "我已请同事审批订单 {order} 的 {amount} 退款，稍后会在这里回复您。",
    action_done_cancel: "订单 {order} 已取消。",
    action_done_refund: "订单 {order} 的 {amount} 退款已发起。",
    action_not_done: "我们的同事会在这里就订单 {order} 与您联系。",
    action_proposed_address: "我已请同事审批修改订单 {order} 的收货地址，稍后会在这里回复您。",
    action_done_address: "订单 {order} 的收货地址已修改。",
    otp_offer:
      "为了处理订单 {order}，我需要先确认这是您的订单。我可以向订单邮箱（{mask}）发送一个6位验证码。回复“是”，我就发送。",
    otp_sent: "我已向 {mask} 发送了6位验证码，请在这里输入，10分钟内有效。",
    otp_verified: "谢谢，验证码正确：订单 {order} 已完成身份验证。",
    otp_wrong: "验证码不正确，您还有 {left} 次机会。",
    otp_expired: "验证码已过期。如需向订单邮箱重新发送，请回复“是”。",
    otp_locked: "验证码不正确，且尝试次数过多。我们的同事会在这里帮助您。",
    otp_not_sent: "无法为订单 {order} 发送验证码。我们的同事会在这里帮助您。",
  },
};

/** Every language's table, read-only (the language list and the completeness check read it). */
export const FIXED_REPLIES: Readonly<Record<string, Readonly<MessageTable>>> = MESSAGES;

/** Openers by tone (English only: other languages keep the neutral template). */
const OPENERS: Record<Tone, string> = {
  professional: "",
  friendly: "Happy to help! ",
  premium: "Thank you for reaching out. ",
};

export function hasMessages(lang: string): boolean {
  return lang in MESSAGES;
}

/** A fixed reply in `lang` (English when the language has no table). */
export function message(
  key: MessageKey,
  lang: string,
  vars: Record<string, string> = {},
  tone: Tone = "professional",
): string {
  const table = MESSAGES[lang] ?? MESSAGES.en;
  const text = (table[key] ?? MESSAGES.en[key] ?? "").replace(
    /\{(\w+)\}/g,
    (_, k: string) => vars[k] ?? "",
  );
  return (lang === "en" || !MESSAGES[lang]) && key === "order_status" ? OPENERS[tone] + text : text;
}

/** Recognise our own offer sentence in any language (for histories stored without `kind`). */
export function isOfferText(text: string): boolean {
  return Object.values(MESSAGES).some((t) => text.includes(t.offer_handover));
}
