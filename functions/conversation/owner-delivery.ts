import { chooseTemplate } from '../channels/message-template.js';
import { MESSAGING_WINDOW_MS, windowApplies } from '../channels/meta/messaging-window.js';
import type { TemplateSend } from '../contracts/messages.js';
import { phoneOf } from '../contracts/messages.js';
import { getAnswerProfile } from '../store/business-profile.js';
import type { Table } from '../store/client.js';
import type { CustomerContact } from '../store/conversations.js';
import { listMessageTemplates } from '../store/message-templates.js';
import { customerWindow } from '../store/messaging-window.js';

/**
 * How an owner's message reaches a customer: as free text inside the 24-hour window, as one of
 * the business's approved WhatsApp templates outside it, or not at all (the customer must write
 * first), with the reason in words the owner can act on.
 */
export type OwnerDelivery =
  | { kind: 'text' }
  | { kind: 'template'; template: TemplateSend }
  | { kind: 'customer-must-write-first'; explanation: string };

export const decideOwnerDelivery = async (
  table: Table,
  input: {
    tenantId: string;
    businessName: string;
    contact: CustomerContact;
    text: string;
    now?: number;
  },
): Promise<OwnerDelivery> => {
  const { contact, tenantId } = input;
  const channel = contact.channel as Parameters<typeof windowApplies>[1];
  if (!windowApplies(contact.provider, channel)) return { kind: 'text' };
  const window = await customerWindow(table, {
    tenantId,
    customer: contact.address,
    channel,
    businessAddress: contact.via,
  });
  const last = window?.lastInboundAt;
  if (last && (input.now ?? Date.now()) - last.getTime() <= MESSAGING_WINDOW_MS) return { kind: 'text' };

  const since = last ? `since ${last.toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'for over 24 hours';
  if (channel !== 'whatsapp') {
    return {
      kind: 'customer-must-write-first',
      explanation: `The customer has not written ${since}, and ${channel} only allows replies within 24 hours of their last message. The customer must write first; your message was not sent.`,
    };
  }
  const [templates, profile] = await Promise.all([
    listMessageTemplates(table, tenantId),
    getAnswerProfile(table, tenantId),
  ]);
  const choice = chooseTemplate(
    templates,
    contact.provider === 'meta'
      ? { channel: 'whatsapp', address: contact.via }
      : { channel: 'twilio', address: phoneOf(contact.via) },
    { message: input.text, business: input.businessName, customer_name: window?.profileName },
    profile?.language,
  );
  if (choice.kind === 'template') return { kind: 'template', template: choice.template };
  return {
    kind: 'customer-must-write-first',
    explanation:
      choice.reason === 'too-long'
        ? `The customer has not written ${since}, so WhatsApp only accepts an approved template, and a template can carry at most ${choice.limit} characters of your message. Shorten it, or wait: the customer must write first.`
        : `The customer has not written ${since}, so WhatsApp only accepts an approved message template, and none is registered for this number (PUT /v1/templates). The customer must write first; your message was not sent.`,
  };
};
