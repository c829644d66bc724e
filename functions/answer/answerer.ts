import type { Channel } from '../channels/message.js';
import type { MessageInsight } from '../insights/labels.js';
import type { SearchHit } from '../knowledge/knowledge-index.js';
import type { LanguageCode } from './language.js';
import type { BusinessProfile, PromptTurn } from './prompt.js';

export interface AnswerInput {
  businessName: string;
  question: string;
  channel: Channel;
  /** Retrieved passages, best first. */
  hits: SearchHit[];
  /** The business profile (hours, tone, language); the name alone when absent. */
  profile?: BusinessProfile;
  /** The conversation's last turns before this question, oldest first. */
  history?: PromptTurn[];
  /** The customer's language, which the reply is written in; English when absent. */
  language?: LanguageCode;
}

/** What one model call cost, for the tenant's daily usage. */
export interface ModelUsage {
  model: string;
  inputTokens: number;
  outputTokens: number;
  /** Estimated from the model's list price; 0 for self-hosted models. */
  costUsd: number;
}

export interface Answer {
  text: string;
  /** False when the answer says the information is not known. */
  grounded: boolean;
  sources: Array<{ documentId: string; chunk: number }>;
  /** Which answerer produced it (for logs and metrics). */
  answeredBy: string;
  /** Model calls made for this answer, including failed ones that still used tokens. */
  usage?: ModelUsage[];
  /** Intent and sentiment, when the model labelled the message in the same call. */
  insight?: MessageInsight;
}

/** Turns a question and retrieved passages into a reply. */
export interface Answerer {
  readonly kind: string;
  answer(input: AnswerInput): Promise<Answer>;
}
