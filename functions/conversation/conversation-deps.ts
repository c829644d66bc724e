import type { Answerer } from '../answer/answerer.js';
import type { QueryRewriter } from '../answer/query-rewriter.js';
import type { InboundMessage, TemplateSend } from '../contracts/messages.js';
import type { KnowledgeIndex } from '../knowledge/knowledge-index.js';
import type { MediaDeps } from '../media/understand-media.js';
import type { IdentityProvider } from '../people/identity-provider.js';
import type { AnswerConfig } from '../platform/answer-config.js';
import type { Plan } from '../platform/plan-config.js';
import type { Table } from '../store/client.js';

/**
 * What the conversation code needs and what it produces: its dependencies, handed in by the
 * composition root, and the replies it decides on (sending is the caller's job).
 */

export interface ConversationDeps {
  table: Table;
  knowledge: KnowledgeIndex;
  answerer: Answerer;
  /** With a model: the rewrite of follow-ups and of the query into the knowledge's language. */
  rewriter?: QueryRewriter;
  conversationTtlDays: number;
  /** Limits, bursts and handoff settings of the answer engine. */
  answers: AnswerConfig;
  /** The plan of a business the platform operator has not given one of its own. */
  defaultPlan: Plan;
  /** The stage's shared Twilio numbers: the only Twilio numbers `!register` works on. */
  sharedNumbers: readonly string[];
  /** Fetching and understanding customers' voice notes and photos; absent: the polite reply. */
  media?: MediaDeps;
  /** How long owner commands stay in the audit trail (the stage's setting). */
  auditRetentionDays?: number;
  /** People's accounts: `!account` invites the owner (absent: accounts are not offered). */
  identity?: IdentityProvider;
}

/** A message to send: by default back to the customer, on the channel it came from. */
export interface Reply {
  text: string;
  tenantId?: string;
  /** Another recipient (an owner alert); absent means the customer. */
  recipient?: {
    provider: InboundMessage['provider'];
    channel: InboundMessage['channel'];
    to: string;
    from: string;
  };
  /** Sent as this approved WhatsApp template (the customer's 24-hour window has closed). */
  template?: TemplateSend;
  /** A secret minted only when this reply is sent; the saved reply holds this marker, never it. */
  deferredSecret?: DeferredApiKey;
  /**
   * The customer's 24-hour window for this reply's business was recorded with the answer, in its
   * batch (`conversation/whatsapp-window.ts` does not record it again).
   */
  windowNoted?: boolean;
}

/**
 * A secret a reply carries but its saved record never holds. Replies are saved before they are
 * sent (for exactly-once delivery) and the record lives for days, so a reply with an API key
 * saves this marker instead: "mint a key for this tenant under this id". The key is minted, and
 * written into the text, only when the reply is sent.
 */
export interface DeferredApiKey {
  kind: 'api-key';
  tenantId: string;
  /** Derived from the inbound message, so every attempt at sending this reply uses the same id. */
  keyId: string;
  businessName: string;
}
