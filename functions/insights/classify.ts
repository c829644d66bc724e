import type { Intent, MessageInsight, Sentiment } from '../contracts/insight-labels.js';
import { splitWords } from '../knowledge/words.js';

/**
 * Intent and sentiment without a model: keyword rules and a small lexicon, in the languages our
 * customers write most (English, Spanish, French, German, Portuguese, Italian). The npm sentiment
 * lexicons (AFINN and kin) are English only, which is why this one is ours; it only needs to be
 * right on the common cases, as the model labels messages whenever one answers.
 */
const INTENT_RULES: Array<[Intent, RegExp]> = [
  [
    'human_request',
    /\b(human|real person|a person|someone|somebody|agent|operator|manager|staff|call me|speak to|talk to|persona real|hablar con|une personne|quelqu'un|mitarbeiter)\b/i,
  ],
  [
    'complaint',
    /\b(complain\w*|refund|terrible|awful|worst|broken|rude|disappointed|unacceptable|queja|reembolso|plainte|remboursement|beschwerde)\b/i,
  ],
  [
    'order_status',
    /\b(my order|order status|tracking|track|shipped|delivery status|where is my|pedido|commande|bestellung)\b/i,
  ],
  ['booking', /\b(book\w*|reserv\w*|appointment|schedule|table for|cita|reservar|rendez-vous|termin)\b/i],
  [
    'hours',
    /\b(open\w*|clos\w*|hours?|today|tomorrow|weekend|sundays?|saturdays?|mondays?|horario|abren|abierto|horaires|ouvert|öffnungszeiten|geöffnet)\b/i,
  ],
  [
    'pricing',
    /(\$|€|£)|\b(price|prices|cost|costs|how much|fee|fees|charge|cheap|expensive|precio|cuánto|cuesta|prix|combien|preis|kostet)\b/i,
  ],
  [
    'location',
    /\b(where|address|located|location|directions|parking|near|dónde|dirección|où|adresse|wo ist|adresse)\b/i,
  ],
  [
    'greeting',
    /^\s*(hi|hello|hey|good (morning|afternoon|evening)|hola|buenos días|bonjour|salut|hallo|ciao|olá|thanks|thank you|gracias|merci|danke)\b[\s!.,]*$/i,
  ],
];

const POSITIVE = new Set(
  'thanks thank great good love lovely excellent amazing awesome perfect nice happy wonderful fantastic helpful glad best delicious recommend gracias genial excelente perfecto bueno buena encanta merci super génial parfait excellent danke toll prima perfekt obrigado ótimo grazie ottimo bravo'.split(
    ' ',
  ),
);
const NEGATIVE = new Set(
  'bad terrible awful horrible worst hate angry annoyed disappointed disappointing rude broken wrong late never cold dirty useless unacceptable slow problem issue complaint refund scam malo mala terrible pésimo odio enfadado problema queja mauvais nul horrible déçu problème schlecht furchtbar enttäuscht problem ruim péssimo cattivo pessimo'.split(
    ' ',
  ),
);
// Words are split on apostrophes, so "don't" arrives as "don", "t".
const NEGATORS = new Set([
  'not',
  'no',
  'don',
  'never',
  'isn',
  'wasn',
  'nunca',
  'pas',
  'nicht',
  'kein',
  'non',
  'não',
]);

export const classifyIntent = (text: string): Intent =>
  INTENT_RULES.find(([, pattern]) => pattern.test(text))?.[0] ?? 'other';

/** Lexicon score with one-word negation ("not good" counts against). */
export const classifySentiment = (text: string): Sentiment => {
  const words = splitWords(text);
  let score = 0;
  words.forEach((word, i) => {
    const polarity = POSITIVE.has(word) ? 1 : NEGATIVE.has(word) ? -1 : 0;
    if (polarity === 0) return;
    score += NEGATORS.has(words[i - 1] ?? '') ? -polarity : polarity;
  });
  if (/!{2,}|\?{3,}/.test(text) && score < 0) score -= 1;
  return score > 0 ? 'positive' : score < 0 ? 'negative' : 'neutral';
};

export const classifyByRules = (text: string): MessageInsight => ({
  intent: classifyIntent(text),
  sentiment: classifySentiment(text),
  labelledBy: 'rules',
});

/** The customer wants a person now, in so many words. */
export const asksForPerson = (text: string): boolean =>
  /\b(speak|talk|chat) (to|with) (a |an |the )?(human|person|someone|somebody|agent|manager|owner|staff|real person)\b|\b(real|actual) (person|human)\b|\bhuman,? please\b|\bhablar con (una persona|alguien|un humano)\b|\bparler à (une personne|quelqu'un)\b/i.test(
    text,
  );
