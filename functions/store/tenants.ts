import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { newId } from '../platform/ids.js';
import { type AnswerProfile, answerProfileOf } from './business-profile.js';
import { type Item, isConditionalCheckFailed, type Table } from './client.js';
import { keys } from './keys.js';

export interface TenantProfile {
  tenantId: string;
  name: string;
  /** The business code customers send with `!business`, e.g. `bellapiz_4821`. */
  code: string;
  /** Owners' phone numbers (E.164). */
  owners: string[];
  /** Where owners are told about customers who need a person: their address and our sending address. */
  ownerContacts: OwnerContact[];
  createdAt: string;
  /**
   * The answer engine's fields of the same item, when it was read whole (`getTenant`): one read of
   * the profile per message instead of two (issue 19).
   */
  answerProfile?: AnswerProfile;
}

export interface OwnerContact {
  provider: 'twilio' | 'meta';
  channel: 'sms' | 'whatsapp' | 'messenger' | 'instagram' | 'voice';
  /** The owner's address, e.g. `whatsapp:+15551234567`. */
  address: string;
  /** The business-side address to send from: the business's own route or the shared number. */
  via: string;
  /** True once the address sent back its confirmation code; only confirmed contacts get alerts. */
  confirmed?: boolean;
}

export class BusinessCodeTakenError extends Error {
  override name = 'BusinessCodeTakenError';
}

const MAX_CODE_ATTEMPTS = 8;

/**
 * Creates a tenant. Writes are single-item conditional puts (dynalite has no transactions): the
 * code is claimed first, so two tenants can never share a code; then the profile; then the owner
 * link.
 */
export const createTenant = async (
  table: Table,
  input: {
    name: string;
    ownerPhone?: string;
    ownerContact?: OwnerContact;
    codeFor: (attempt: number) => string;
  },
): Promise<TenantProfile> => {
  const tenantId = newId();
  let code: string | undefined;
  for (let attempt = 0; attempt < MAX_CODE_ATTEMPTS && !code; attempt++) {
    const candidate = input.codeFor(attempt);
    try {
      await table.client.send(
        new PutCommand({
          TableName: table.name,
          Item: { ...keys.businessCode(candidate), tenantId },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      code = candidate;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }
  if (!code) throw new BusinessCodeTakenError(`No free business code for "${input.name}"`);

  const profile: TenantProfile = {
    tenantId,
    name: input.name,
    code,
    owners: input.ownerPhone ? [input.ownerPhone] : [],
    ownerContacts: input.ownerContact ? [input.ownerContact] : [],
    createdAt: new Date().toISOString(),
  };
  await table.client.send(
    new PutCommand({
      TableName: table.name,
      Item: { ...keys.tenantProfile(tenantId), type: 'tenant', ...profile },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  if (input.ownerPhone) {
    await table.client.send(
      new PutCommand({ TableName: table.name, Item: { ...keys.owner(input.ownerPhone), tenantId } }),
    );
  }
  return profile;
};

export const getTenant = async (table: Table, tenantId: string): Promise<TenantProfile | undefined> => {
  const { Item } = await table.client.send(
    new GetCommand({ TableName: table.name, Key: keys.tenantProfile(tenantId) }),
  );
  return Item ? tenantProfileOf(Item) : undefined;
};

/** A tenant's profile item as the profile (with the answer fields of the same item). */
export const tenantProfileOf = (item: Item): TenantProfile => {
  const { tenantId, name, code, owners, ownerContacts, createdAt } = item;
  return {
    tenantId,
    name,
    code,
    owners: owners ?? [],
    ownerContacts: ownerContacts ?? [],
    createdAt,
    answerProfile: answerProfileOf(item),
  };
};

const lookupTenantId = async (table: Table, key: { pk: string; sk: string }): Promise<string | undefined> => {
  const { Item } = await table.client.send(new GetCommand({ TableName: table.name, Key: key }));
  return Item?.tenantId as string | undefined;
};

export const findTenantByCode = async (table: Table, code: string): Promise<TenantProfile | undefined> => {
  const tenantId = await lookupTenantId(table, keys.businessCode(code));
  return tenantId ? getTenant(table, tenantId) : undefined;
};

export const findTenantByOwner = async (table: Table, phone: string): Promise<TenantProfile | undefined> => {
  const tenantId = await lookupTenantId(table, keys.owner(phone));
  return tenantId ? getTenant(table, tenantId) : undefined;
};

/** Replaces the alert contacts; callers check senders and confirmations (`owner-contacts.ts`). */
export const setOwnerContacts = async (
  table: Table,
  tenantId: string,
  ownerContacts: OwnerContact[],
): Promise<void> => {
  await table.client.send(
    new UpdateCommand({
      TableName: table.name,
      Key: keys.tenantProfile(tenantId),
      UpdateExpression: 'SET ownerContacts = :contacts',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':contacts': ownerContacts },
    }),
  );
};
