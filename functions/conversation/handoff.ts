import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { customerReplies } from '../answer/customer-replies.js';
import type { LanguageCode } from '../answer/language-codes.js';
import { type Channel, type InboundMessage, phoneOf } from '../contracts/messages.js';
import { metrics } from '../platform/observability.js';
import {
  type ConversationState,
  type ConversationSummary,
  type CustomerContact,
  findConversation,
  getConversationState,
  listConversations,
  logTurn,
  putConversationState,
} from '../store/conversations.js';
import { type BusinessProfile, getTenant } from '../store/tenants.js';
import type { ConversationDeps, Reply } from './conversation-deps.js';
import { decideOwnerDelivery } from './owner-delivery.js';
import { handBackConversation } from './owner-takeover.js';
import { replies } from './replies.js';

/**
 * Handoff: a person takes a conversation over. The owner is told on their phone (the owner
 * contacts in the tenant profile); while the flag holds, the assistant stays quiet in that
 * conversation and forwards what the customer writes; the owner answers with `!reply` (or the
 * admin API) and hands back with `!resume`, or the flag lapses after the handoff timeout.
 */
export const handoffActive = (state: ConversationState, now = Date.now()): boolean =>
  Boolean(state.needsPerson?.until && Date.parse(state.needsPerson.until) > now);

const untilFrom = (deps: ConversationDeps, now = Date.now()): string =>
  new Date(now + deps.answers.handoffTimeoutMinutes * 60_000).toISOString();

export const contactOf = (m: InboundMessage): CustomerContact => ({
  provider: m.provider,
  channel: m.channel,
  address: m.from,
  via: m.to,
  ...(m.page ? { page: m.page } : {}),
});

/** Messages to every confirmed owner contact of the business. */
export const toOwners = (tenant: BusinessProfile, text: string): Reply[] =>
  tenant.ownerContacts
    .filter((contact) => contact.confirmed === true)
    .map((contact) => ({
      text,
      tenantId: tenant.tenantId,
      recipient: {
        provider: contact.provider,
        channel: contact.channel,
        to: contact.address,
        from: contact.via,
      },
    }));

/** Flags the conversation, tells the owners, and tells the customer a person will reply. */
export const startHandoff = async (
  tenant: BusinessProfile,
  m: InboundMessage,
  question: string,
  deps: ConversationDeps,
  reason: 'unanswered' | 'asked',
  language: LanguageCode = 'en',
): Promise<Reply[]> => {
  const { tenantId } = tenant;
  const at = new Date().toISOString();
  await putConversationState(deps.table, {
    tenantId,
    customer: m.from,
    ttlDays: deps.conversationTtlDays,
    state: { needsPerson: { question, at, until: untilFrom(deps) }, contact: contactOf(m) },
  });
  metrics.addMetric('Handoffs', MetricUnit.Count, 1);
  const customer = phoneOf(m.from);
  const alerts = toOwners(
    tenant,
    reason === 'asked'
      ? replies.ownerAlertAsked(tenant.name, customer, question)
      : replies.ownerAlert(tenant.name, customer, question),
  );
  const say = customerReplies(language);
  const text =
    alerts.length === 0
      ? say.handoffNoted(tenant.name)
      : reason === 'asked'
        ? say.personRequested(tenant.name)
        : say.handoffDone(tenant.name);
  await logTurn(deps.table, {
    tenantId,
    customer: m.from,
    channel: m.channel,
    ttlDays: deps.conversationTtlDays,
    role: 'assistant',
    text,
  });
  return [{ text, tenantId }, ...alerts];
};

/**
 * A conversation of this tenant named the way an owner would: the customer's number as in the
 * alert (`+15551234567`, with or without the channel prefix) or the admin API's conversation id.
 */
export const findCustomerConversation = async (
  deps: ConversationDeps,
  tenantId: string,
  customer: string,
): Promise<ConversationSummary | undefined> => {
  const byId = await findConversation(deps.table, tenantId, customer);
  if (byId) return byId;
  const conversations = await listConversations(deps.table, tenantId);
  // A web visitor is named by the id in the alert (`v...`), which holds no digits to compare.
  const exact = conversations.find((c) => c.customer === customer || phoneOf(c.customer) === customer);
  if (exact) return exact;
  const wanted = phoneOf(customer).replace(/[^\d+]/g, '');
  if (!wanted) return undefined;
  return conversations.find((c) => phoneOf(c.customer).replace(/[^\d+]/g, '') === wanted);
};

/**
 * Records the owner's message to a customer and keeps (or starts) the handoff, so the assistant
 * does not talk over the owner.
 */
const takeOver = async (
  deps: ConversationDeps,
  tenantId: string,
  customer: string,
  channel: string,
  text: string,
): Promise<void> => {
  const state = await getConversationState(deps.table, tenantId, customer);
  await putConversationState(deps.table, {
    tenantId,
    customer,
    ttlDays: deps.conversationTtlDays,
    state: {
      ...state,
      offeredHandoff: undefined,
      needsPerson: {
        question: state.needsPerson?.question ?? '',
        at: state.needsPerson?.at ?? new Date().toISOString(),
        until: untilFrom(deps),
      },
    },
  });
  await logTurn(deps.table, {
    tenantId,
    customer,
    channel,
    ttlDays: deps.conversationTtlDays,
    role: 'owner',
    text,
  });
};

/**
 * The owner's message to a customer, on the channel the customer wrote from: as free text within
 * the 24-hour window, else as the business's approved WhatsApp template; when none fits, nothing
 * goes to the customer and the owner is told why (`unsent`).
 */
export const ownerMessageToCustomer = async (
  deps: ConversationDeps,
  tenant: BusinessProfile,
  conversation: ConversationSummary,
  text: string,
): Promise<Reply | { unsent: string } | undefined> => {
  const contact = conversation.contact;
  const { tenantId } = tenant;
  if (!contact) return undefined;
  const delivery = await decideOwnerDelivery(deps.table, {
    tenantId,
    businessName: tenant.name,
    contact,
    text,
  });
  if (delivery.kind === 'customer-must-write-first') return { unsent: delivery.explanation };
  await takeOver(deps, tenantId, conversation.customer, contact.channel, text);
  return {
    text,
    tenantId,
    ...(delivery.kind === 'template' ? { template: delivery.template } : {}),
    recipient: {
      provider: contact.provider,
      channel: contact.channel as Channel,
      to: contact.address,
      from: contact.via,
    },
  };
};

/**
 * An owner's message queued by the admin API: it goes to the customer the message names, as a
 * template outside the 24-hour window. The API refused it already when no template fits; if the
 * window closed while it was queued, the send is recorded as not sent (outside-24h-window).
 */
export const relayOwnerMessage = async (m: InboundMessage, deps: ConversationDeps): Promise<Reply[]> => {
  if (!m.tenantId) return [];
  const tenant = await getTenant(deps.table, m.tenantId);
  const delivery = await decideOwnerDelivery(deps.table, {
    tenantId: m.tenantId,
    businessName: tenant?.name ?? '',
    contact: { provider: m.provider, channel: m.channel, address: m.from, via: m.to },
    text: m.text,
  });
  await takeOver(deps, m.tenantId, m.from, m.channel, m.text);
  return [
    {
      text: m.text,
      tenantId: m.tenantId,
      ...(delivery.kind === 'template' ? { template: delivery.template } : {}),
    },
  ];
};

/** `!reply <customer> <text>`: to the customer, and a receipt to the owner. */
export const replyAsOwner = async (
  tenant: BusinessProfile,
  customer: string,
  text: string,
  deps: ConversationDeps,
): Promise<Reply[]> => {
  const conversation = await findCustomerConversation(deps, tenant.tenantId, customer);
  // A phone call has no address to write to once it has ended: the owner calls back instead.
  if (conversation?.contact?.channel === 'voice') {
    return [{ text: replies.callBack(phoneOf(conversation.customer)), tenantId: tenant.tenantId }];
  }
  const toCustomer = conversation && (await ownerMessageToCustomer(deps, tenant, conversation, text));
  if (!conversation || !toCustomer)
    return [{ text: replies.noSuchConversation(customer), tenantId: tenant.tenantId }];
  const who = phoneOf(conversation.customer);
  if ('unsent' in toCustomer)
    return [{ text: replies.customerMustWriteFirst(who, toCustomer.unsent), tenantId: tenant.tenantId }];
  return [
    toCustomer,
    {
      text: toCustomer.template
        ? replies.ownerReplySentAsTemplate(who, toCustomer.template.name)
        : replies.ownerReplySent(who),
      tenantId: tenant.tenantId,
    },
  ];
};

/** `!resume [customer]`: the assistant answers again; without a customer, the latest handed-off one. */
export const resumeAssistant = async (
  tenant: BusinessProfile,
  customer: string | undefined,
  deps: ConversationDeps,
): Promise<Reply[]> => {
  const { tenantId } = tenant;
  const conversation = customer
    ? await findCustomerConversation(deps, tenantId, customer)
    : (await listConversations(deps.table, tenantId)).find((c) => handoffActive(c));
  if (!conversation) {
    return [{ text: customer ? replies.noSuchConversation(customer) : replies.nothingToResume(), tenantId }];
  }
  await handBackConversation(deps, tenantId, conversation);
  return [{ text: replies.resumed(phoneOf(conversation.customer)), tenantId }];
};
