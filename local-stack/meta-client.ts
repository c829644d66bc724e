import { signMetaPayload } from '../functions/channels/meta/signature.js';

/**
 * Posts a webhook body to a running stack exactly as Meta would: the raw bytes given (so tests
 * can send Meta's escaped unicode and slashes), signed with the app secret.
 */
export const postMetaWebhook = async (
  baseUrl: string,
  appSecret: string,
  rawBody: string | Buffer,
  signature: string = signMetaPayload(appSecret, rawBody),
): Promise<{ status: number; body: string }> => {
  const response = await fetch(`${baseUrl}/webhooks/meta`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
    body: rawBody,
  });
  return { status: response.status, body: await response.text() };
};

let sequence = 0;
const nextId = () => `${Date.now().toString(36)}${(++sequence).toString(36).padStart(5, '0')}`;

/** A WhatsApp Cloud API `messages` change, as Meta nests it. */
export const whatsAppChange = (
  phoneNumberId: string,
  value: { contacts?: unknown[]; messages?: unknown[]; statuses?: unknown[] },
) => ({
  field: 'messages',
  value: {
    messaging_product: 'whatsapp',
    metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId },
    ...value,
  },
});

export const whatsAppPayload = (changes: unknown[], wabaId = '102290129340398') => ({
  object: 'whatsapp_business_account',
  entry: [{ id: wabaId, changes }],
});

/** One inbound WhatsApp text message from `waId`, with the contact's profile name. */
export const whatsAppText = (
  phoneNumberId: string,
  waId: string,
  body: string,
  options: { id?: string; name?: string; timestamp?: number } = {},
) =>
  whatsAppPayload([
    whatsAppChange(phoneNumberId, {
      contacts: [{ profile: { name: options.name ?? 'Sheena Nelson' }, wa_id: waId }],
      messages: [
        {
          from: waId,
          id: options.id ?? `wamid.${Buffer.from(nextId()).toString('base64')}`,
          timestamp: String(options.timestamp ?? Math.floor(Date.now() / 1000)),
          type: 'text',
          text: { body },
        },
      ],
    }),
  ]);

/** One Messenger (`page`) or Instagram (`instagram`) message event. */
export const messagingPayload = (
  object: 'page' | 'instagram',
  businessId: string,
  customerId: string,
  message: Record<string, unknown>,
) => ({
  object,
  entry: [
    {
      id: businessId,
      time: Date.now(),
      messaging: [
        {
          sender: { id: customerId },
          recipient: { id: businessId },
          timestamp: Date.now(),
          message: { mid: `m_${nextId()}`, ...message },
        },
      ],
    },
  ],
});

/**
 * JSON as Meta serialises it: non-ASCII characters as `\uXXXX` escapes and `/` as `\/`. The
 * signature is over these bytes, not over a re-serialisation.
 */
export const metaJson = (payload: unknown): string =>
  JSON.stringify(payload)
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\//g, '\\/');
