import * as z from 'zod';

/** Who answers the customer now: the assistant, or a person of the business. */
export const ConversationStatusSchema = z.enum(['with-person', 'assistant']);

/** One conversation in `GET /v1/conversations`: the customer by number, never their words. */
export const ConversationViewSchema = z.strictObject({
  conversationId: z.string(),
  customer: z.string(),
  channel: z.string().optional(),
  /** Web chat: the page of the business's site the visitor started on. */
  page: z.string().optional(),
  status: ConversationStatusSchema,
  /** A person has the conversation until `until` (or until handed back). */
  needsPerson: z.object({ question: z.string(), at: z.string(), until: z.string().optional() }).optional(),
  /** The assistant could not answer and offered a person. */
  offeredHandoff: z.object({ question: z.string(), at: z.string() }).optional(),
  lastActivityAt: z.string().optional(),
});
export type ConversationView = z.infer<typeof ConversationViewSchema>;

export const ConversationListSchema = z.strictObject({ conversations: z.array(ConversationViewSchema) });
export type ConversationList = z.infer<typeof ConversationListSchema>;

export const ConversationTurnSchema = z.strictObject({
  role: z.enum(['customer', 'assistant', 'owner']),
  text: z.string(),
  at: z.string(),
  channel: z.string(),
});
export type ConversationTurn = z.infer<typeof ConversationTurnSchema>;

/** `GET /v1/conversations/{id}`: the conversation and its last turns, oldest first. */
export const ConversationDetailSchema = ConversationViewSchema.extend({
  /** A website visitor's name or e-mail, when they left one for a follow-up. */
  visitor: z.strictObject({ name: z.string().optional(), email: z.string().optional() }).optional(),
  turns: z.array(ConversationTurnSchema),
});
export type ConversationDetail = z.infer<typeof ConversationDetailSchema>;

/** `POST /v1/conversations/{id}/messages` (202): queued for the answer worker to send once. */
export const OwnerMessageQueuedSchema = z.strictObject({
  conversationId: z.string(),
  messageId: z.string(),
  status: z.literal('queued'),
  /** The approved template it goes out as, when the customer's 24-hour window has closed. */
  template: z.string().optional(),
});
export type OwnerMessageQueued = z.infer<typeof OwnerMessageQueuedSchema>;

/** `POST /v1/conversations/{id}/takeover` and `/resume`. */
export const HandoffChangedSchema = z.strictObject({
  conversationId: z.string(),
  status: ConversationStatusSchema,
  /** Until when the person has it (takeover only). */
  until: z.string().optional(),
});
export type HandoffChanged = z.infer<typeof HandoffChangedSchema>;
