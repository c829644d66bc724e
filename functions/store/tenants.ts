import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { newId } from '../platform/ids.js';
import { type Item, isConditionalCheckFailed, type Table } from './client.js';
import { keys } from './keys.js';
import type { PlanOverrides } from './plans.js';

/**
 * A business as the platform keeps it: one item, read whole (`getTenant`, or with the rest of an
 * answer's context in `answer-context.ts`) once per message and passed down. What a part of the
 * code needs of it is a `Pick` of this type, never a type of its own.
 */
export interface BusinessProfile {
  tenantId: string;
  /** The name customers see. */
  name: string;
  /** The business code customers send with `!business`, e.g. `bellapiz_4821`. */
  code: string;
  /** Owners' phone numbers (E.164). */
  owners: string[];
  /** Where owners are told about customers who need a person: their address and our sending address. */
  ownerContacts: OwnerContact[];
  createdAt: string;
  /** Opening hours as the owner writes them. */
  hours?: string;
  /** Persona and tone, e.g. "Maria, warm and informal". */
  tone?: string;
  /** The business's main language, used when the customer's cannot be told. */
  language?: string;
  /** The business's own monthly model budget; never above its plan's (`effectiveBudgetUsd`). */
  monthlyBudgetUsd?: number;
  /** What the platform operator set for this business; the stage's default plan fills the rest. */
  plan?: PlanOverrides;
  /** A Twilio text-to-speech voice for calls (e.g. `en-US-Journey-O`); Twilio's default when absent. */
  voice?: string;
  /** Said when a call connects; a greeting with the business's name when absent. */
  greeting?: string;
  /** IANA time zone the opening hours are in (e.g. `America/New_York`); UTC when absent. */
  timezone?: string;
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
): Promise<BusinessProfile> => {
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

  const profile: BusinessProfile = {
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

export const getTenant = async (table: Table, tenantId: string): Promise<BusinessProfile | undefined> => {
  const { Item } = await table.client.send(
    new GetCommand({ TableName: table.name, Key: keys.tenantProfile(tenantId) }),
  );
  return Item ? tenantProfileOf(Item) : undefined;
};

/** A tenant profile item as the business profile. */
export const tenantProfileOf = (item: Item): BusinessProfile => ({
  tenantId: item.tenantId,
  name: item.name,
  code: item.code,
  owners: item.owners ?? [],
  ownerContacts: item.ownerContacts ?? [],
  createdAt: item.createdAt,
  hours: item.hours,
  tone: item.tone,
  language: item.language,
  monthlyBudgetUsd: item.monthlyBudgetUsd,
  plan: item.plan,
  voice: item.voice,
  greeting: item.greeting,
  timezone: item.timezone,
});

const lookupTenantId = async (table: Table, key: { pk: string; sk: string }): Promise<string | undefined> => {
  const { Item } = await table.client.send(new GetCommand({ TableName: table.name, Key: key }));
  return Item?.tenantId as string | undefined;
};

export const findTenantByCode = async (table: Table, code: string): Promise<BusinessProfile | undefined> => {
  const tenantId = await lookupTenantId(table, keys.businessCode(code));
  return tenantId ? getTenant(table, tenantId) : undefined;
};

export const findTenantByOwner = async (
  table: Table,
  phone: string,
): Promise<BusinessProfile | undefined> => {
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

/** The fields the answer engine's settings route changes. */
export interface BusinessProfileUpdate {
  hours?: string;
  tone?: string;
  language?: string;
  monthlyBudgetUsd?: number;
}

/** Sets the given fields on an existing tenant profile; false when the tenant does not exist. */
export const updateBusinessProfile = async (
  table: Table,
  tenantId: string,
  update: BusinessProfileUpdate,
): Promise<boolean> => {
  const entries = Object.entries(update).filter(([, value]) => value !== undefined);
  if (entries.length === 0) return true;
  try {
    await table.client.send(
      new UpdateCommand({
        TableName: table.name,
        Key: keys.tenantProfile(tenantId),
        UpdateExpression: `SET ${entries.map(([name]) => `#${name} = :${name}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: Object.fromEntries(entries.map(([name]) => [`#${name}`, name])),
        ExpressionAttributeValues: Object.fromEntries(entries.map(([name, value]) => [`:${name}`, value])),
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
};

const OPTIONAL_FIELDS = ['hours', 'tone', 'language'] as const;

/**
 * Replaces the settings in one conditional update: a field left out or empty is removed, so the
 * answer engine falls back to its default rather than to stale text. False when the tenant does
 * not exist.
 */
export const putBusinessSettings = async (
  table: Table,
  tenantId: string,
  settings: Pick<BusinessProfile, 'name' | 'hours' | 'tone' | 'language'>,
): Promise<boolean> => {
  const set = OPTIONAL_FIELDS.filter((field) => settings[field]);
  const remove = OPTIONAL_FIELDS.filter((field) => !settings[field]);
  const names = Object.fromEntries(['name', ...OPTIONAL_FIELDS].map((field) => [`#${field}`, field]));
  try {
    await table.client.send(
      new UpdateCommand({
        TableName: table.name,
        Key: keys.tenantProfile(tenantId),
        UpdateExpression: [
          `SET ${['name', ...set].map((field) => `#${field} = :${field}`).join(', ')}`,
          remove.length ? `REMOVE ${remove.map((field) => `#${field}`).join(', ')}` : '',
        ].join(' '),
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: Object.fromEntries(
          ['name', ...set].map((field) => [
            `:${field}`,
            settings[field as 'name' | (typeof OPTIONAL_FIELDS)[number]],
          ]),
        ),
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
};
