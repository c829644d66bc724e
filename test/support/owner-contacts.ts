import type { LocalStack } from '../../local-stack/stack.js';
import { participant } from './local-stack.js';

interface Contact {
  provider: 'twilio';
  channel: 'sms' | 'whatsapp';
  address: string;
  via: string;
}

/** The 6-digit code in the newest confirmation request sent to `address`. */
export const confirmationCodeSentTo = (stack: LocalStack, address: string): string => {
  const request = stack.outbox
    .list()
    .filter((m) => m.to === address && /!confirm \d{6}/.test(m.text))
    .at(-1);
  const code = /!confirm (\d{6})/.exec(request?.text ?? '')?.[1];
  if (!code) throw new Error(`No confirmation code was sent to ${address}`);
  return code;
};

/**
 * Sets a business's alert contacts as an owner does: `PATCH /v1/tenant/profile`, then each new
 * address sends back the code it received (`!confirm <code>` by chat to the sending number).
 */
export const setConfirmedOwnerContacts = async (
  stack: LocalStack,
  tenant: { call(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> },
  contacts: Contact[],
  extra: Record<string, unknown> = {},
) => {
  const patched = await tenant.call('PATCH', '/v1/tenant/profile', { ...extra, ownerContacts: contacts });
  if (patched.status !== 200) throw new Error(`PATCH /v1/tenant/profile answered ${patched.status}`);
  await stack.idle();
  for (const contact of contacts) {
    const code = confirmationCodeSentTo(stack, contact.address);
    const reply = await participant(stack, contact.address, contact.via).ask(`!confirm ${code}`);
    if (!/^Confirmed/.test(reply)) throw new Error(`!confirm from ${contact.address} answered: ${reply}`);
  }
  return patched;
};
