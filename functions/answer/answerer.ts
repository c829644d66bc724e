import type { Channel } from '../channels/message.js';
import type { SearchHit } from '../knowledge/knowledge-index.js';

export interface AnswerInput {
  businessName: string;
  question: string;
  channel: Channel;
  /** Retrieved passages, best first. */
  hits: SearchHit[];
}

export interface Answer {
  text: string;
  /** False when the answer says the information is not known. */
  grounded: boolean;
  sources: Array<{ documentId: string; chunk: number }>;
  /** Which answerer produced it (for logs and metrics). */
  answeredBy: string;
}

/** Turns a question and retrieved passages into a reply. */
export interface Answerer {
  readonly kind: string;
  answer(input: AnswerInput): Promise<Answer>;
}

/** The reply when the knowledge holds no answer: honest, and a person is one word away. */
export const notKnownReply = (businessName: string): string =>
  `I'm sorry, I don't have that information about ${businessName} yet, and I'd rather not guess. ` +
  `Reply YES and I'll pass your question to the team so a person gets back to you.`;
