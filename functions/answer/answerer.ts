import type { MessageInsight } from '../contracts/insight-labels.js';
import type { Channel } from '../contracts/messages.js';
import type { SearchHit } from '../knowledge/knowledge-index.js';
import type { BusinessProfile } from '../store/business-profile.js';
import type { ModelUsage } from '../store/usage.js';
import type { LanguageCode } from './language-codes.js';
import type { PromptTurn } from './prompt.js';

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
  /** Photos the customer sent with the question (data URLs), for a model that sees images. */
  images?: string[];
  /** Set by a live channel (a phone call): the reply's words as they are written. */
  stream?: AnswerStream;
}

/**
 * A listener for a reply as it is written. Answerers that cannot stream (the extractive one)
 * ignore it and the listener speaks the finished answer; the model chain calls `onText` with
 * each new piece of the reply, in order, never with text it later takes back.
 */
export interface AnswerStream {
  onText(delta: string): void;
  /** Aborted when nobody listens any more (the caller interrupted): the model call stops. */
  signal?: AbortSignal;
}

/** What one model call cost, for the tenant's daily usage. */

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
  /** A model in the chain sees images: photos are then fetched and made part of the question. */
  readonly seesImages?: boolean;
  answer(input: AnswerInput): Promise<Answer>;
}
