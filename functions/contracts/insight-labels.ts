/**
 * The intents and sentiments an inbound message is labelled with. One list, shared by the LLM's
 * response schema and the rule-based classifier, so insights mean the same whichever produced them.
 */
export const INTENTS = [
  'hours',
  'pricing',
  'booking',
  'location',
  'product_info',
  'order_status',
  'complaint',
  'human_request',
  'greeting',
  'other',
] as const;
export type Intent = (typeof INTENTS)[number];

export const SENTIMENTS = ['positive', 'neutral', 'negative'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

export interface MessageInsight {
  intent: Intent;
  sentiment: Sentiment;
  /** `llm` when the answering model labelled it, `rules` otherwise. */
  labelledBy: 'llm' | 'rules';
}
