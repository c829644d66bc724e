import { randomUUID } from 'node:crypto';
import { visitorIdOf } from '../channels/web/addresses.js';
import type { Runtime } from '../composition/runtime.js';
import { type OwnerMessageBody, OwnerMessageBodySchema } from '../contracts/admin/requests.js';
import type {
  ConversationDetail,
  ConversationList,
  ConversationView,
  OwnerMessageQueued,
} from '../contracts/admin-api.js';
import { ChannelSchema, phoneOf } from '../contracts/messages.js';
import { ANY_ROLE, OWNER_AND_STAFF } from '../contracts/roles.js';
import { handoffActive } from '../conversation/handoff.js';
import { decideOwnerDelivery } from '../conversation/owner-delivery.js';
import { HttpError } from '../platform/errors.js';
import { jsonResponse } from '../platform/http.js';
import { enqueueInbound } from '../queue/answer-queue.js';
import {
  type ConversationSummary,
  findConversation,
  listConversations,
  recentTurns,
} from '../store/conversations.js';
import { getTenant } from '../store/tenants.js';
import { getWebVisitor } from '../store/web-visitors.js';
import { type AdminRoute, tenantOf } from './router.js';

const view = (c: ConversationSummary): ConversationView => ({
  conversationId: c.conversationId,
  customer: phoneOf(c.customer),
  channel: c.contact?.channel,
  // Web chat: the page of the business's site the visitor started on.
  ...(c.contact?.page ? { page: c.contact.page } : {}),
  status: handoffActive(c) ? 'with-person' : 'assistant',
  needsPerson: c.needsPerson,
  offeredHandoff: c.offeredHandoff,
  lastActivityAt: c.lastActivityAt,
});

const conversationOr404 = async (runtime: Runtime, tenantId: string, id: string) => {
  const conversation = await findConversation(runtime.table, tenantId, id);
  // Another tenant's conversation id finds nothing here: the lookup is inside this tenant's partition.
  if (!conversation) throw new HttpError(404, 'Not found');
  return conversation;
};

/** The tenant's conversations; an owner's answer to one (the handoff's API side). */
export const conversationRoutes: AdminRoute[] = [
  {
    method: 'GET',
    path: '/v1/conversations',
    access: ANY_ROLE,
    async handle(request, runtime) {
      const conversations = await listConversations(runtime.table, tenantOf(request));
      return jsonResponse(200, { conversations: conversations.map(view) } satisfies ConversationList);
    },
  },
  {
    method: 'GET',
    path: '/v1/conversations/{id}',
    access: ANY_ROLE,
    async handle(request, runtime) {
      const tenantId = tenantOf(request);
      const conversation = await conversationOr404(runtime, tenantId, request.params.id ?? '');
      const visitorId = visitorIdOf(conversation.customer);
      const [turns, visitor] = await Promise.all([
        recentTurns(runtime.table, tenantId, conversation.customer, 50),
        visitorId ? getWebVisitor(runtime.table, tenantId, visitorId) : undefined,
      ]);
      return jsonResponse(200, {
        ...view(conversation),
        // A website visitor is anonymous unless they left a name or e-mail for a follow-up.
        ...(visitor?.name || visitor?.email ? { visitor: { name: visitor.name, email: visitor.email } } : {}),
        turns: turns.map(({ role, text, at, channel }) => ({ role, text, at, channel })),
      } satisfies ConversationDetail);
    },
  },
  {
    method: 'POST',
    path: '/v1/conversations/{id}/messages',
    access: OWNER_AND_STAFF,
    body: OwnerMessageBodySchema,
    async handle(request, runtime) {
      const tenantId = tenantOf(request);
      const { text } = request.body as OwnerMessageBody;
      const conversation = await conversationOr404(runtime, tenantId, request.params.id ?? '');
      const contact = conversation.contact;
      if (!contact || contact.channel === 'voice') {
        throw new HttpError(409, 'This conversation has no chat address to write back to');
      }
      // Outside the 24-hour window only an approved template may go: without one, say so now.
      const tenant = await getTenant(runtime.table, tenantId);
      const delivery = await decideOwnerDelivery(runtime.table, {
        tenantId,
        businessName: tenant?.name ?? '',
        contact,
        text,
      });
      if (delivery.kind === 'customer-must-write-first') throw new HttpError(409, delivery.explanation);
      // The answer worker sends it: it holds the channel credentials, keeps the conversation's
      // order (same FIFO group as the customer's messages) and sends exactly once.
      const messageId = `owner-${randomUUID()}`;
      await enqueueInbound(runtime.answerQueue, {
        provider: contact.provider,
        channel: ChannelSchema.parse(contact.channel),
        providerMessageId: messageId,
        from: contact.address,
        to: contact.via,
        text,
        tenantId,
        receivedAt: new Date().toISOString(),
        fromOwner: true,
      });
      return jsonResponse(202, {
        conversationId: conversation.conversationId,
        messageId,
        status: 'queued',
        ...(delivery.kind === 'template' ? { template: delivery.template.name } : {}),
      } satisfies OwnerMessageQueued);
    },
  },
];
