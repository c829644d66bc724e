import type { LanguageCode } from './language-codes.js';
import type { SmallTalkKind } from './small-talk.js';

/**
 * Every fixed sentence a customer can get from Frontdesk, in each language it replies in. Owners
 * get theirs in English (conversation/replies.ts); a customer gets theirs in the language they
 * wrote in. Each language is a whole record, so the type checker refuses one with a reply missing.
 */
export interface CustomerReplies {
  notKnown(name: string): string;
  /** How an extractive answer quotes the business. */
  quoting(name: string, passages: string[]): string;
  smallTalk(kind: SmallTalkKind, name: string): string;
  handoffDone(name: string): string;
  handoffNoted(name: string): string;
  personRequested(name: string): string;
  rateLimited(): string;
  budgetReached(name: string): string;
  messageQuotaReached(name: string): string;
  truncatedNotice(maxChars: number): string;
  textOnly(): string;
}

const en: CustomerReplies = {
  notKnown: (name) =>
    `I'm sorry, I don't have that information about ${name} yet, and I'd rather not guess. ` +
    `Reply YES and I'll pass your question to the team so a person gets back to you.`,
  quoting: (name, [first, second]) => `According to ${name}: ${first}${second ? ` Also: ${second}` : ''}`,
  smallTalk: (kind, name) =>
    ({
      greeting: `Hi! I'm ${name}'s assistant. Ask me anything about ${name} (opening hours, prices, services, bookings) and I'll answer from what they've told me, or put you in touch with a person.`,
      thanks: "You're welcome! Anything else I can help with?",
      goodbye: `Thanks for writing to ${name}. Have a great day!`,
      acknowledgement: 'Great! Is there anything else you would like to know?',
    })[kind],
  handoffDone: (name) =>
    `Thanks! I've passed your question to ${name}'s team; a person will get back to you soon.`,
  handoffNoted: (name) => `Thanks! I've noted your question for ${name}'s team so a person can follow up.`,
  personRequested: (name) =>
    `Of course. I've asked ${name}'s team to get back to you here; a person will reply as soon as they can.`,
  rateLimited: () =>
    "You've sent a lot of messages in a short time, so I'm taking a short break. Please try again in a few minutes.",
  budgetReached: (name) =>
    `Thanks for your message! ${name}'s assistant can't answer more questions this month, so I've passed it to the team and a person will get back to you.`,
  messageQuotaReached: (name) =>
    `Thanks for your message! ${name}'s assistant has answered all the messages its plan allows this month, so I've passed yours to the team and a person will get back to you.`,
  truncatedNotice: (n) => `(Your message was long, so I read only its first ${n} characters.)`,
  textOnly: () => "I can only read text for now. Please type your question and I'll help.",
};

const es: CustomerReplies = {
  notKnown: (name) =>
    `Lo siento, todavía no tengo esa información sobre ${name} y prefiero no adivinar. ` +
    'Responde SÍ y pasaré tu pregunta al equipo para que una persona te conteste.',
  quoting: (name, [first, second]) => `Según ${name}: ${first}${second ? ` Además: ${second}` : ''}`,
  smallTalk: (kind, name) =>
    ({
      greeting: `¡Hola! Soy el asistente de ${name}. Pregúntame lo que quieras sobre ${name} (horarios, precios, servicios, reservas) y te responderé con lo que me han contado, o te pondré en contacto con una persona.`,
      thanks: '¡De nada! ¿Te puedo ayudar con algo más?',
      goodbye: `Gracias por escribir a ${name}. ¡Que tengas un buen día!`,
      acknowledgement: '¡Perfecto! ¿Hay algo más que quieras saber?',
    })[kind],
  handoffDone: (name) =>
    `¡Gracias! He pasado tu pregunta al equipo de ${name}; una persona te responderá pronto.`,
  handoffNoted: (name) =>
    `¡Gracias! He anotado tu pregunta para el equipo de ${name} para que una persona te responda.`,
  personRequested: (name) =>
    `Por supuesto. He pedido al equipo de ${name} que te responda aquí; una persona te contestará en cuanto pueda.`,
  rateLimited: () =>
    'Has enviado muchos mensajes en poco tiempo, así que haré una pausa. Vuelve a intentarlo en unos minutos.',
  budgetReached: (name) =>
    `¡Gracias por tu mensaje! El asistente de ${name} no puede responder más preguntas este mes, así que lo he pasado al equipo y una persona te responderá.`,
  messageQuotaReached: (name) =>
    `¡Gracias por tu mensaje! El asistente de ${name} ya respondió todos los mensajes que su plan permite este mes, así que he pasado el tuyo al equipo y una persona te responderá.`,
  truncatedNotice: (n) => `(Tu mensaje era largo, así que solo leí sus primeros ${n} caracteres.)`,
  textOnly: () => 'Por ahora solo puedo leer texto. Escribe tu pregunta y te ayudaré.',
};

const pt: CustomerReplies = {
  notKnown: (name) =>
    `Desculpe, ainda não tenho essa informação sobre ${name} e prefiro não adivinhar. ` +
    'Responda SIM e passarei sua pergunta para a equipe, para que uma pessoa responda.',
  quoting: (name, [first, second]) => `Segundo ${name}: ${first}${second ? ` Também: ${second}` : ''}`,
  smallTalk: (kind, name) =>
    ({
      greeting: `Olá! Sou o assistente de ${name}. Pergunte o que quiser sobre ${name} (horários, preços, serviços, reservas) e eu respondo com o que me contaram, ou coloco você em contato com uma pessoa.`,
      thanks: 'De nada! Posso ajudar com mais alguma coisa?',
      goodbye: `Obrigado por escrever para ${name}. Tenha um ótimo dia!`,
      acknowledgement: 'Ótimo! Quer saber mais alguma coisa?',
    })[kind],
  handoffDone: (name) =>
    `Obrigado! Passei sua pergunta para a equipe de ${name}; uma pessoa vai responder em breve.`,
  handoffNoted: (name) =>
    `Obrigado! Anotei sua pergunta para a equipe de ${name}, para que uma pessoa dê retorno.`,
  personRequested: (name) =>
    `Claro. Pedi à equipe de ${name} que responda aqui; uma pessoa vai responder assim que puder.`,
  rateLimited: () =>
    'Você enviou muitas mensagens em pouco tempo, então vou fazer uma pausa. Tente de novo em alguns minutos.',
  budgetReached: (name) =>
    `Obrigado pela mensagem! O assistente de ${name} não pode responder mais perguntas este mês, então passei para a equipe e uma pessoa vai responder.`,
  messageQuotaReached: (name) =>
    `Obrigado pela mensagem! O assistente de ${name} já respondeu todas as mensagens que o plano permite este mês, então passei a sua para a equipe e uma pessoa vai responder.`,
  truncatedNotice: (n) => `(Sua mensagem era longa, então li apenas os primeiros ${n} caracteres.)`,
  textOnly: () => 'Por enquanto só consigo ler texto. Escreva sua pergunta e eu ajudo.',
};

const fr: CustomerReplies = {
  notKnown: (name) =>
    `Désolé, je n'ai pas encore cette information sur ${name} et je préfère ne pas deviner. ` +
    "Répondez OUI et je transmettrai votre question à l'équipe pour qu'une personne vous réponde.",
  quoting: (name, [first, second]) => `D'après ${name} : ${first}${second ? ` Et aussi : ${second}` : ''}`,
  smallTalk: (kind, name) =>
    ({
      greeting: `Bonjour ! Je suis l'assistant de ${name}. Posez-moi vos questions sur ${name} (horaires, prix, services, réservations) : je réponds avec ce qu'on m'a appris, ou je vous mets en contact avec une personne.`,
      thanks: 'Avec plaisir ! Puis-je vous aider pour autre chose ?',
      goodbye: `Merci d'avoir écrit à ${name}. Bonne journée !`,
      acknowledgement: 'Parfait ! Voulez-vous savoir autre chose ?',
    })[kind],
  handoffDone: (name) =>
    `Merci ! J'ai transmis votre question à l'équipe de ${name} ; une personne vous répondra bientôt.`,
  handoffNoted: (name) =>
    `Merci ! J'ai noté votre question pour l'équipe de ${name} afin qu'une personne vous recontacte.`,
  personRequested: (name) =>
    `Bien sûr. J'ai demandé à l'équipe de ${name} de vous répondre ici ; une personne le fera dès que possible.`,
  rateLimited: () =>
    'Vous avez envoyé beaucoup de messages en peu de temps, je fais donc une petite pause. Réessayez dans quelques minutes.',
  budgetReached: (name) =>
    `Merci pour votre message ! L'assistant de ${name} ne peut plus répondre ce mois-ci, je l'ai donc transmis à l'équipe et une personne vous répondra.`,
  messageQuotaReached: (name) =>
    `Merci pour votre message ! L'assistant de ${name} a répondu à tous les messages que son forfait permet ce mois-ci, j'ai donc transmis le vôtre à l'équipe et une personne vous répondra.`,
  truncatedNotice: (n) => `(Votre message était long : je n'en ai lu que les ${n} premiers caractères.)`,
  textOnly: () => 'Pour le moment je ne lis que le texte. Écrivez votre question et je vous aiderai.',
};

const de: CustomerReplies = {
  notKnown: (name) =>
    `Entschuldigung, diese Information über ${name} habe ich noch nicht, und ich möchte nicht raten. ` +
    'Antworten Sie JA, und ich gebe Ihre Frage an das Team weiter, damit sich eine Person bei Ihnen meldet.',
  quoting: (name, [first, second]) => `Laut ${name}: ${first}${second ? ` Außerdem: ${second}` : ''}`,
  smallTalk: (kind, name) =>
    ({
      greeting: `Hallo! Ich bin der Assistent von ${name}. Fragen Sie mich alles über ${name} (Öffnungszeiten, Preise, Leistungen, Reservierungen): Ich antworte mit dem, was man mir beigebracht hat, oder verbinde Sie mit einer Person.`,
      thanks: 'Gern geschehen! Kann ich sonst noch helfen?',
      goodbye: `Danke für Ihre Nachricht an ${name}. Einen schönen Tag noch!`,
      acknowledgement: 'Prima! Möchten Sie noch etwas wissen?',
    })[kind],
  handoffDone: (name) =>
    `Danke! Ich habe Ihre Frage an das Team von ${name} weitergegeben; eine Person meldet sich bald.`,
  handoffNoted: (name) =>
    `Danke! Ich habe Ihre Frage für das Team von ${name} notiert, damit sich eine Person meldet.`,
  personRequested: (name) =>
    `Natürlich. Ich habe das Team von ${name} gebeten, Ihnen hier zu antworten; eine Person meldet sich so bald wie möglich.`,
  rateLimited: () =>
    'Sie haben in kurzer Zeit viele Nachrichten geschickt, daher mache ich eine kurze Pause. Bitte versuchen Sie es in ein paar Minuten erneut.',
  budgetReached: (name) =>
    `Danke für Ihre Nachricht! Der Assistent von ${name} kann diesen Monat keine Fragen mehr beantworten; ich habe sie an das Team weitergegeben, eine Person meldet sich.`,
  messageQuotaReached: (name) =>
    `Danke für Ihre Nachricht! Der Assistent von ${name} hat alle Nachrichten beantwortet, die sein Tarif diesen Monat erlaubt; ich habe Ihre an das Team weitergegeben, eine Person meldet sich.`,
  truncatedNotice: (n) => `(Ihre Nachricht war lang, daher habe ich nur die ersten ${n} Zeichen gelesen.)`,
  textOnly: () => 'Ich kann im Moment nur Text lesen. Bitte tippen Sie Ihre Frage, dann helfe ich.',
};

const BY_LANGUAGE: Record<LanguageCode, CustomerReplies> = { en, es, pt, fr, de };

/** The customer replies in `language`, English when absent. */
export const customerReplies = (language: LanguageCode = 'en'): CustomerReplies => BY_LANGUAGE[language];
