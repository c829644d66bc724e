import type { MessageInsight } from '../contracts/insight-labels.js';

/**
 * One inbound message's intent and sentiment as counters on its day's `USAGE#<day>` item, beside
 * the day's usage: an answer adds both in one update (one table call, not two). Insight counts
 * used to live on their own `INSIGHTS#<day>` item; `listInsightDays` still adds those up, so the
 * days written the old way keep counting.
 *
 * `insightMessages`, not `messages`: on this item `messages` counts answered messages (usage).
 */
export const INSIGHT_MESSAGES = 'insightMessages';
export const intentAttribute = (intent: string): string => `intent_${intent}`;
export const sentimentAttribute = (sentiment: string): string => `sentiment_${sentiment}`;

/** The `ADD` clauses, names and values that count one insight (`#ins`, `#intent`, `#sentiment`, `:insOne`). */
export const insightCounting = (insight: MessageInsight) => ({
  add: '#ins :insOne, #intent :insOne, #sentiment :insOne',
  names: {
    '#ins': INSIGHT_MESSAGES,
    '#intent': intentAttribute(insight.intent),
    '#sentiment': sentimentAttribute(insight.sentiment),
  },
  values: { ':insOne': 1 },
});
