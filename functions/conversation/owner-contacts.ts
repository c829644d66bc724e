import { randomInt, timingSafeEqual } from 'node:crypto';
import { phoneOf } from '../contracts/messages.js';
import { BadRequestError, HttpError } from '../platform/errors.js';
import {
  countConfirmationCodes,
  countFailedConfirmation,
  deleteAlertConfirmation,
  getAlertConfirmation,
  hashConfirmationCode,
  putAlertConfirmation,
} from '../store/alert-confirmations.js';
import { resolveTenantByAddress } from '../store/channel-routes.js';
import type { Table } from '../store/client.js';
import { getTenant, type OwnerContact, setOwnerContacts, type TenantProfile } from '../store/tenants.js';

/**
 * Owner-alert addresses. An alert goes out only from what the business owns (one of its own routed
 * addresses, or the stage's shared number) and only to an address that proved it is listening by
 * sending back the code it was sent. Until then it gets that code and nothing else.
 */

const CODE_TTL_SECONDS = 30 * 60;
const MAX_ATTEMPTS = 5;
/** Each code message carries the business's name to a number it chose: not a way to spam. */
const MAX_CODES_PER_DAY = 10;

export type ContactInput = Omit<OwnerContact, 'confirmed'>;

/** The route that `via` must be, for the contact's provider and channel. */
const routeOf = (contact: ContactInput): { channel: string; address: string } =>
  contact.provider === 'twilio'
    ? { channel: 'twilio', address: phoneOf(contact.via) }
    : { channel: contact.channel, address: contact.via };

/** Refuses an alert sender the business does not own; explains what it may use instead. */
export const checkAlertSender = async (
  table: Table,
  tenantId: string,
  sharedNumbers: readonly string[],
  contact: ContactInput,
): Promise<void> => {
  const route = routeOf(contact);
  if (contact.provider === 'twilio' && sharedNumbers.includes(route.address)) return;
  const owner = await resolveTenantByAddress(table, route.channel, route.address);
  if (owner !== tenantId) {
    throw new BadRequestError(
      `Alerts can only be sent from this business's own connected ${contact.provider === 'twilio' ? 'numbers' : `${contact.channel} addresses`} or the shared number; ${contact.via} is neither`,
    );
  }
};

const sameContact = (a: ContactInput, b: ContactInput) =>
  a.provider === b.provider && a.channel === b.channel && a.address === b.address && a.via === b.via;

export interface ConfirmationRequest {
  contact: ContactInput;
  /** Sent to the new address; it is never stored in clear. */
  code: string;
}

/**
 * Replaces the business's alert contacts. Contacts it already confirmed stay confirmed; each new
 * one starts unconfirmed with a code to send it (the caller queues the message).
 */
export const replaceOwnerContacts = async (
  table: Table,
  tenant: TenantProfile,
  sharedNumbers: readonly string[],
  wanted: ContactInput[],
): Promise<ConfirmationRequest[]> => {
  for (const contact of wanted) await checkAlertSender(table, tenant.tenantId, sharedNumbers, contact);
  const requests: ConfirmationRequest[] = [];
  const contacts: OwnerContact[] = wanted.map((contact) => {
    const known = tenant.ownerContacts.find((c) => c.confirmed === true && sameContact(c, contact));
    if (known) return { ...contact, confirmed: true };
    requests.push({ contact, code: String(randomInt(0, 1_000_000)).padStart(6, '0') });
    return { ...contact, confirmed: false };
  });
  if (
    requests.length > 0 &&
    (await countConfirmationCodes(table, tenant.tenantId, requests.length)) > MAX_CODES_PER_DAY
  ) {
    throw new HttpError(
      429,
      `At most ${MAX_CODES_PER_DAY} confirmation codes a day go to new alert addresses; try again tomorrow`,
    );
  }
  await setOwnerContacts(table, tenant.tenantId, contacts);
  const expiresAt = Math.floor(Date.now() / 1000) + CODE_TTL_SECONDS;
  for (const { contact, code } of requests) {
    await putAlertConfirmation(table, contact.address, {
      tenantId: tenant.tenantId,
      codeHash: hashConfirmationCode(contact.address, code),
      expiresAt,
    });
  }
  return requests;
};

export type ConfirmOutcome =
  | { status: 'confirmed'; tenantId: string }
  | { status: 'wrong-code' | 'no-pending' | 'too-many-attempts' };

/**
 * Checks a code that came back from `address` (by chat) or was typed in the console for it.
 * `forTenant` limits the console to its own business's pending contacts.
 */
export const confirmOwnerContact = async (
  table: Table,
  address: string,
  code: string,
  forTenant?: string,
): Promise<ConfirmOutcome> => {
  const pending = await getAlertConfirmation(table, address);
  if (!pending || (forTenant && pending.tenantId !== forTenant)) return { status: 'no-pending' };
  if (pending.attempts >= MAX_ATTEMPTS) return { status: 'too-many-attempts' };
  const given = Buffer.from(hashConfirmationCode(address, code.trim()), 'hex');
  if (!timingSafeEqual(given, Buffer.from(pending.codeHash, 'hex'))) {
    await countFailedConfirmation(table, address);
    return { status: 'wrong-code' };
  }
  const tenant = await getTenant(table, pending.tenantId);
  if (tenant) {
    await setOwnerContacts(
      table,
      tenant.tenantId,
      tenant.ownerContacts.map((c) =>
        c.address.toLowerCase() === address.toLowerCase() ? { ...c, confirmed: true } : c,
      ),
    );
  }
  await deleteAlertConfirmation(table, address);
  return { status: 'confirmed', tenantId: pending.tenantId };
};
