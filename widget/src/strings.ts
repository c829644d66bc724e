/** What the widget says, in the languages it knows; the page's `<html lang>` picks one. */
export interface Strings {
  open: string;
  close: string;
  send: string;
  placeholder: string;
  greeting: string;
  unavailable: string;
  failed: string;
  tooLong: string;
  busy: string;
  typing: string;
  you: string;
  assistant: string;
  person: string;
  newMessage: string;
  leaveContact: string;
  name: string;
  email: string;
  save: string;
  saved: string;
}

const en: Strings = {
  open: 'Open chat',
  close: 'Close chat',
  send: 'Send',
  placeholder: 'Write a message…',
  greeting: 'Hi! How can we help?',
  unavailable: 'Chat is not available on this site.',
  failed: 'Your message could not be sent. Please try again.',
  tooLong: 'That message is too long.',
  busy: 'Too many messages at once. Please wait a minute.',
  typing: 'Writing a reply…',
  you: 'You',
  assistant: 'Assistant',
  person: 'Team',
  newMessage: 'New message',
  leaveContact: 'Leave your name or e-mail for a reply',
  name: 'Name',
  email: 'E-mail',
  save: 'Save',
  saved: 'Thanks, we will get back to you.',
};

const LANGUAGES: Record<string, Strings> = {
  en,
  es: {
    open: 'Abrir chat',
    close: 'Cerrar chat',
    send: 'Enviar',
    placeholder: 'Escribe un mensaje…',
    greeting: '¡Hola! ¿En qué podemos ayudarte?',
    unavailable: 'El chat no está disponible en este sitio.',
    failed: 'No se pudo enviar tu mensaje. Inténtalo de nuevo.',
    tooLong: 'El mensaje es demasiado largo.',
    busy: 'Demasiados mensajes. Espera un minuto.',
    typing: 'Escribiendo una respuesta…',
    you: 'Tú',
    assistant: 'Asistente',
    person: 'Equipo',
    newMessage: 'Mensaje nuevo',
    leaveContact: 'Deja tu nombre o correo para responderte',
    name: 'Nombre',
    email: 'Correo',
    save: 'Guardar',
    saved: 'Gracias, te responderemos.',
  },
  fr: {
    open: 'Ouvrir le chat',
    close: 'Fermer le chat',
    send: 'Envoyer',
    placeholder: 'Écrivez un message…',
    greeting: 'Bonjour ! Comment pouvons-nous vous aider ?',
    unavailable: "Le chat n'est pas disponible sur ce site.",
    failed: "Votre message n'a pas pu être envoyé. Réessayez.",
    tooLong: 'Ce message est trop long.',
    busy: 'Trop de messages. Patientez une minute.',
    typing: 'Réponse en cours…',
    you: 'Vous',
    assistant: 'Assistant',
    person: 'Équipe',
    newMessage: 'Nouveau message',
    leaveContact: 'Laissez votre nom ou e-mail pour une réponse',
    name: 'Nom',
    email: 'E-mail',
    save: 'Enregistrer',
    saved: 'Merci, nous vous répondrons.',
  },
  de: {
    open: 'Chat öffnen',
    close: 'Chat schließen',
    send: 'Senden',
    placeholder: 'Nachricht schreiben…',
    greeting: 'Hallo! Wie können wir helfen?',
    unavailable: 'Der Chat ist auf dieser Seite nicht verfügbar.',
    failed: 'Die Nachricht konnte nicht gesendet werden. Bitte erneut versuchen.',
    tooLong: 'Die Nachricht ist zu lang.',
    busy: 'Zu viele Nachrichten. Bitte eine Minute warten.',
    typing: 'Antwort wird geschrieben…',
    you: 'Sie',
    assistant: 'Assistent',
    person: 'Team',
    newMessage: 'Neue Nachricht',
    leaveContact: 'Name oder E-Mail für eine Antwort hinterlassen',
    name: 'Name',
    email: 'E-Mail',
    save: 'Speichern',
    saved: 'Danke, wir melden uns.',
  },
  it: {
    open: 'Apri la chat',
    close: 'Chiudi la chat',
    send: 'Invia',
    placeholder: 'Scrivi un messaggio…',
    greeting: 'Ciao! Come possiamo aiutarti?',
    unavailable: 'La chat non è disponibile su questo sito.',
    failed: 'Impossibile inviare il messaggio. Riprova.',
    tooLong: 'Il messaggio è troppo lungo.',
    busy: 'Troppi messaggi. Attendi un minuto.',
    typing: 'Sto scrivendo una risposta…',
    you: 'Tu',
    assistant: 'Assistente',
    person: 'Staff',
    newMessage: 'Nuovo messaggio',
    leaveContact: 'Lascia nome o e-mail per una risposta',
    name: 'Nome',
    email: 'E-mail',
    save: 'Salva',
    saved: 'Grazie, ti risponderemo.',
  },
  pt: {
    open: 'Abrir chat',
    close: 'Fechar chat',
    send: 'Enviar',
    placeholder: 'Escreva uma mensagem…',
    greeting: 'Olá! Como podemos ajudar?',
    unavailable: 'O chat não está disponível neste site.',
    failed: 'Não foi possível enviar a mensagem. Tente novamente.',
    tooLong: 'A mensagem é longa demais.',
    busy: 'Mensagens demais. Aguarde um minuto.',
    typing: 'Escrevendo uma resposta…',
    you: 'Você',
    assistant: 'Assistente',
    person: 'Equipe',
    newMessage: 'Nova mensagem',
    leaveContact: 'Deixe seu nome ou e-mail para uma resposta',
    name: 'Nome',
    email: 'E-mail',
    save: 'Salvar',
    saved: 'Obrigado, vamos responder.',
  },
};

/** The strings for a BCP 47 tag (`fr-CA` -> French); English when the language is not known. */
export const stringsFor = (lang: string | null | undefined): { lang: string; strings: Strings } => {
  const primary = (lang ?? '').toLowerCase().split('-')[0] ?? '';
  const strings = LANGUAGES[primary];
  return strings ? { lang: primary, strings } : { lang: 'en', strings: en };
};
