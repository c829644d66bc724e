/**
 * Every table key is built here and nowhere else. Every item of a tenant carries the tenant id
 * in its partition key, so a query can only ever read one tenant's items.
 */

export interface ItemKey {
  pk: string;
  sk: string;
}

const part = (value: string): string => {
  if (!value || value.includes('#')) throw new Error(`Invalid key component: ${JSON.stringify(value)}`);
  return value;
};

/** Zero-padded so chunk keys sort in numeric order. */
const ordinal = (n: number): string => String(n).padStart(5, '0');

const tenantPk = (tenantId: string) => `TENANT#${part(tenantId)}`;

export const keys = {
  tenantProfile: (tenantId: string): ItemKey => ({ pk: tenantPk(tenantId), sk: 'PROFILE' }),

  /** Business code (e.g. `bellapiz_4821`) -> tenant. */
  businessCode: (code: string): ItemKey => ({ pk: `CODE#${part(code)}`, sk: 'CODE' }),

  /** An owner's phone number (E.164) -> the tenant they run. */
  owner: (phone: string): ItemKey => ({ pk: `OWNER#${part(phone)}`, sk: 'OWNER' }),

  /** A receiving address on a channel (a Twilio number, a page id...) -> tenant. */
  channelRoute: (channel: string, address: string): ItemKey => ({
    pk: `ROUTE#${part(channel)}#${part(address)}`,
    sk: 'ROUTE',
  }),

  /** A tenant's channel routes, through gsi1 (written on the route item itself). */
  channelRouteIndex: (tenantId: string, channel: string, address: string) => ({
    gsi1pk: `${tenantPk(tenantId)}#ROUTES`,
    gsi1sk: `${part(channel)}#${part(address)}`,
  }),
  tenantChannelRoutes: (tenantId: string) => ({ gsi1pk: `${tenantPk(tenantId)}#ROUTES` }),

  /** A customer's chosen business on a shared number. */
  customerSession: (channel: string, sharedAddress: string, customer: string): ItemKey => ({
    pk: `SESSION#${part(channel)}#${part(sharedAddress)}#${part(customer)}`,
    sk: 'SESSION',
  }),

  document: (tenantId: string, documentId: string): ItemKey => ({
    pk: tenantPk(tenantId),
    sk: `DOC#${part(documentId)}`,
  }),
  documentPrefix: (tenantId: string) => ({ pk: tenantPk(tenantId), skPrefix: 'DOC#' }),

  chunk: (tenantId: string, documentId: string, n: number) => ({
    pk: `${tenantPk(tenantId)}#DOC#${part(documentId)}`,
    sk: `CHUNK#${ordinal(n)}`,
    gsi1pk: `${tenantPk(tenantId)}#CHUNKS`,
    gsi1sk: `DOC#${documentId}#${ordinal(n)}`,
  }),
  chunkPrefix: (tenantId: string, documentId: string) => ({
    pk: `${tenantPk(tenantId)}#DOC#${part(documentId)}`,
    skPrefix: 'CHUNK#',
  }),
  /** All chunks of a tenant, through gsi1. */
  tenantChunks: (tenantId: string) => ({ gsi1pk: `${tenantPk(tenantId)}#CHUNKS` }),
  /** Which documents' chunks changed at which knowledge version (functions/store/knowledge-changes.ts). */
  knowledgeChanges: (tenantId: string): ItemKey => ({ pk: tenantPk(tenantId), sk: 'KNOWLEDGE' }),

  conversationTurn: (tenantId: string, customer: string, isoTime: string, id: string): ItemKey => ({
    pk: `${tenantPk(tenantId)}#CONV#${part(customer)}`,
    sk: `MSG#${isoTime}#${part(id)}`,
  }),
  conversationTurnPrefix: (tenantId: string, customer: string) => ({
    pk: `${tenantPk(tenantId)}#CONV#${part(customer)}`,
    skPrefix: 'MSG#',
  }),
  conversationState: (tenantId: string, customer: string): ItemKey => ({
    pk: `${tenantPk(tenantId)}#CONV#${part(customer)}`,
    sk: 'STATE',
  }),

  /**
   * When the customer last wrote to one business address on one channel: Meta only allows
   * free-form replies within 24 hours of it.
   */
  messagingWindow: (
    tenantId: string,
    customer: string,
    channel: string,
    businessAddress: string,
  ): ItemKey => ({
    pk: `${tenantPk(tenantId)}#CONV#${part(customer)}`,
    sk: `WINDOW#${part(channel)}#${part(businessAddress)}`,
  }),

  /**
   * An approved WhatsApp message template a business registered for one of its addresses (a
   * Cloud API phone number id, or a Twilio number): what an owner's reply goes out as once the
   * customer's 24-hour window has closed.
   */
  messageTemplate: (
    tenantId: string,
    channel: string,
    address: string,
    name: string,
    language: string,
  ): ItemKey => ({
    pk: tenantPk(tenantId),
    sk: `TEMPLATE#${part(channel)}#${part(address)}#${part(name)}#${part(language)}`,
  }),
  messageTemplatePrefix: (tenantId: string) => ({ pk: tenantPk(tenantId), skPrefix: 'TEMPLATE#' }),

  /** The spoken answer to one turn of a phone call, left by the answer worker for the call to pick up. */
  voiceAnswer: (tenantId: string, callSid: string, turn: number): ItemKey => ({
    pk: `${tenantPk(tenantId)}#CALL#${part(callSid)}`,
    sk: `ANSWER#${ordinal(turn)}`,
  }),

  /** One phone call's log: who, when, how long, how it ended (functions/store/call-logs.ts). */
  callLog: (tenantId: string, callSid: string): ItemKey => ({
    pk: tenantPk(tenantId),
    sk: `CALL#${part(callSid)}`,
  }),
  callLogPrefix: (tenantId: string) => ({ pk: tenantPk(tenantId), skPrefix: 'CALL#' }),
  /** One turn of a call's transcript, in the call's own partition beside its spoken answers. */
  callTurn: (tenantId: string, callSid: string, isoTime: string, id: string): ItemKey => ({
    pk: `${tenantPk(tenantId)}#CALL#${part(callSid)}`,
    sk: `TURN#${isoTime}#${part(id)}`,
  }),
  callTurnPrefix: (tenantId: string, callSid: string) => ({
    pk: `${tenantPk(tenantId)}#CALL#${part(callSid)}`,
    skPrefix: 'TURN#',
  }),

  /**
   * One open WebSocket connection (API Gateway's connection id) and what it is bound to: a call
   * of one business, or a web-chat visitor. Looked up by the id alone on every frame.
   */
  socketConnection: (connectionId: string): ItemKey => ({ pk: `WSCONN#${part(connectionId)}`, sk: 'CONN' }),

  /** The web chat widget's settings of one business: allowed origins, colours, greeting. */
  widgetSettings: (tenantId: string): ItemKey => ({ pk: tenantPk(tenantId), sk: 'WIDGET' }),

  /**
   * One anonymous visitor of a business's website (the page they started on, a name or e-mail
   * only if they left one). Their transcript, open connections and rate windows share the partition.
   */
  webVisitor: (tenantId: string, visitorId: string): ItemKey => ({
    pk: `${tenantPk(tenantId)}#WEB#${part(visitorId)}`,
    sk: 'VISITOR',
  }),
  /** A business's web visitors, through gsi1 (written on the visitor item): what deleting a business finds. */
  webVisitorIndex: (tenantId: string, visitorId: string) => ({
    gsi1pk: `${tenantPk(tenantId)}#WEBVISITORS`,
    gsi1sk: part(visitorId),
  }),
  tenantWebVisitors: (tenantId: string) => ({ gsi1pk: `${tenantPk(tenantId)}#WEBVISITORS` }),
  /** One line of a web visitor's transcript (their message or a reply), in time order. */
  webEntry: (tenantId: string, visitorId: string, isoTime: string, id: string): ItemKey => ({
    pk: `${tenantPk(tenantId)}#WEB#${part(visitorId)}`,
    sk: `ENTRY#${isoTime}#${part(id)}`,
  }),
  webEntryPrefix: (tenantId: string, visitorId: string) => ({
    pk: `${tenantPk(tenantId)}#WEB#${part(visitorId)}`,
    skPrefix: 'ENTRY#',
  }),
  /** The sort key of a transcript entry: what a poll's cursor names. */
  webEntrySortKey: (isoTime: string, id: string): string => `ENTRY#${part(isoTime)}#${part(id)}`,
  /** A reply that was stored once, by its id: a retried send stores nothing twice. */
  webReplySent: (tenantId: string, visitorId: string, replyId: string): ItemKey => ({
    pk: `${tenantPk(tenantId)}#WEB#${part(visitorId)}`,
    sk: `SENT#${part(replyId)}`,
  }),
  /** A visitor's open WebSocket connection (one per tab), for the reply sender to post to. */
  webConnection: (tenantId: string, visitorId: string, connectionId: string): ItemKey => ({
    pk: `${tenantPk(tenantId)}#WEB#${part(visitorId)}`,
    sk: `CONN#${part(connectionId)}`,
  }),
  webConnectionPrefix: (tenantId: string, visitorId: string) => ({
    pk: `${tenantPk(tenantId)}#WEB#${part(visitorId)}`,
    skPrefix: 'CONN#',
  }),
  /**
   * Web chat counters of one business in one fixed window: per visitor, per address (hashed) and
   * per day, e.g. `WEBRATE#visitor#v1a2b3c#1764500000`.
   */
  webRate: (
    tenantId: string,
    scope: 'visitor' | 'address' | 'day',
    subject: string,
    window: string,
  ): ItemKey => ({
    pk: tenantPk(tenantId),
    sk: `WEBRATE#${scope}#${part(subject)}#${part(window)}`,
  }),

  /** Outbound delivery status reported by the provider. */
  delivery: (tenantId: string, provider: string, providerMessageId: string): ItemKey => ({
    pk: tenantPk(tenantId),
    sk: `DELIVERY#${part(provider)}#${part(providerMessageId)}`,
  }),

  /** One day's usage, and (since issue 19's third round) its inbound messages' intent and sentiment counts. */
  usage: (tenantId: string, day: string): ItemKey => ({ pk: tenantPk(tenantId), sk: `USAGE#${part(day)}` }),
  /** The `yyyy-mm-dd` of a usage item's sort key. */
  usageDayOf: (sk: string): string => sk.replace(/^USAGE#/, ''),
  /** Model spend in one calendar month (`yyyy-mm`), checked against the tenant's budget. */
  usageMonth: (tenantId: string, month: string): ItemKey => ({
    pk: tenantPk(tenantId),
    sk: `USAGEMONTH#${part(month)}`,
  }),

  /** Messages from one customer in one fixed rate-limit window (epoch seconds of its start). */
  customerRate: (tenantId: string, customer: string, windowStart: number): ItemKey => ({
    pk: `${tenantPk(tenantId)}#CONV#${part(customer)}`,
    sk: `RATE#${windowStart}`,
  }),

  /** A conversation in its tenant's list, through gsi1 (written on the conversation state item). */
  conversationIndex: (tenantId: string, conversationId: string) => ({
    gsi1pk: `${tenantPk(tenantId)}#CONVS`,
    gsi1sk: part(conversationId),
  }),
  tenantConversations: (tenantId: string) => ({ gsi1pk: `${tenantPk(tenantId)}#CONVS` }),

  /**
   * Intent and sentiment counts of one day's inbound messages, as written until issue 19's third
   * round: read only now (`listInsightDays` adds them up), the counts are on the day's usage item
   * (`usage`, `store/insight-counts.ts`). Kept while such days are within the insights' reach.
   */
  insightDay: (tenantId: string, day: string): ItemKey => ({
    pk: tenantPk(tenantId),
    sk: `INSIGHTS#${part(day)}`,
  }),

  /** A question the engine could not answer, keyed by a hash of its normalised text. */
  knowledgeGap: (tenantId: string, gapId: string): ItemKey => ({
    pk: tenantPk(tenantId),
    sk: `GAP#${part(gapId)}`,
  }),
  knowledgeGapPrefix: (tenantId: string) => ({ pk: tenantPk(tenantId), skPrefix: 'GAP#' }),

  /**
   * One inbound message as a webhook queued it, filed under its conversation as the webhooks see
   * it (the hashed receiving address and customer, since the tenant is resolved by the worker): the
   * webhook's dedupe record, and what an earlier message of a burst reads to leave the answer to a
   * later one.
   */
  inboundArrival: (arrivalGroup: string, messageKey: string): ItemKey => ({
    pk: `ARRIVAL#${part(arrivalGroup)}`,
    sk: `MSG#${part(messageKey)}`,
  }),
  inboundArrivalPrefix: (arrivalGroup: string) => ({ pk: `ARRIVAL#${part(arrivalGroup)}`, skPrefix: 'MSG#' }),

  /** The owner was told that a limit of the plan was reached this month (kind, `yyyy-mm`). */
  limitNotice: (tenantId: string, kind: string, month: string): ItemKey => ({
    pk: tenantPk(tenantId),
    sk: `LIMIT#${part(kind)}#${part(month)}`,
  }),

  /** Console test-chat questions of one tenant in one minute (epoch seconds of its start). */
  testChatRate: (tenantId: string, windowStart: number): ItemKey => ({
    pk: tenantPk(tenantId),
    sk: `TRYRATE#${windowStart}`,
  }),

  /** Confirmation codes a tenant sent to new alert addresses on one day (`yyyy-mm-dd`). */
  alertCodesSent: (tenantId: string, day: string): ItemKey => ({
    pk: tenantPk(tenantId),
    sk: `ALERTCODES#${part(day)}`,
  }),

  /**
   * A new owner-alert address waiting for its confirmation code, by the SHA-256 of the address:
   * the code can come back by chat on any number, before the business is known.
   */
  alertConfirmation: (addressHash: string): ItemKey => ({
    pk: `ALERTCONFIRM#${part(addressHash)}`,
    sk: 'PENDING',
  }),

  /** An API key's lookup by the SHA-256 of the key: what authentication reads (tenant, key id). */
  apiKey: (sha256: string): ItemKey => ({ pk: `APIKEY#${part(sha256)}`, sk: 'KEY' }),
  /**
   * An API key's record in its tenant's partition (id, hint, label, created): what the tenant
   * lists, revokes and rotates. Strongly consistent, unlike an index, so a revoke never misses.
   */
  tenantApiKey: (tenantId: string, keyId: string): ItemKey => ({
    pk: tenantPk(tenantId),
    sk: `APIKEY#${part(keyId)}`,
  }),
  tenantApiKeyPrefix: (tenantId: string) => ({ pk: tenantPk(tenantId), skPrefix: 'APIKEY#' }),

  /**
   * One entry of a business's audit trail, ordered by time (`iso` then a unique id). Entries are
   * only ever put (never updated or deleted by a route); they expire by TTL (a stage setting).
   */
  auditEntry: (tenantId: string, isoTime: string, id: string): ItemKey => ({
    pk: tenantPk(tenantId),
    sk: `AUDIT#${part(isoTime)}#${part(id)}`,
  }),
  /** The sort-key bound of a business's audit trail at one instant (for date ranges). */
  auditBound: (isoTime: string): string => `AUDIT#${part(isoTime)}`,
  auditPrefix: (tenantId: string) => ({ pk: tenantPk(tenantId), skPrefix: 'AUDIT#' }),
  /** The platform's own trail: what operators did that outlives a business (deleting one). */
  platformAuditEntry: (isoTime: string, id: string): ItemKey => ({
    pk: 'PLATFORM#AUDIT',
    sk: `AUDIT#${part(isoTime)}#${part(id)}`,
  }),

  /**
   * A person of a business (by their identity provider's user id, the token's `sub`): role,
   * e-mail, whether they set up MFA. Authentication reads it on every request, so a removed
   * person or a changed role counts from the next request, not when the token expires.
   */
  member: (tenantId: string, userId: string): ItemKey => ({
    pk: tenantPk(tenantId),
    sk: `USER#${part(userId)}`,
  }),
  memberPrefix: (tenantId: string) => ({ pk: tenantPk(tenantId), skPrefix: 'USER#' }),

  /** Inbound dedupe and idempotency records (with TTL). */
  idempotency: (scope: string, key: string): ItemKey => ({
    pk: `IDEMP#${part(scope)}#${part(key)}`,
    sk: 'IDEMP',
  }),
};
