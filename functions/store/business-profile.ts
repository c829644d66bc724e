import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Item, isConditionalCheckFailed, type Table } from './client.js';
import { keys } from './keys.js';
import type { PlanOverrides } from './plans.js';

/** What the business says about itself (the tenant profile), beyond its documents. */
export interface BusinessProfile {
  name: string;
  hours?: string;
  /** e.g. "warm and informal", "formal". */
  tone?: string;
  /** The business's main language, used when the customer's cannot be told. */
  language?: string;
}

/** What the answer engine reads from the tenant profile item, beyond `TenantProfile`. */
export interface AnswerProfile extends BusinessProfile {
  /** The business's own monthly model budget; never above its plan's (`effectiveBudgetUsd`). */
  monthlyBudgetUsd?: number;
  /** What the platform operator set for this business; the stage's default plan fills the rest. */
  plan?: PlanOverrides;
}

export const getAnswerProfile = async (
  table: Table,
  tenantId: string,
): Promise<AnswerProfile | undefined> => {
  const { Item } = await table.client.send(
    new GetCommand({
      TableName: table.name,
      Key: keys.tenantProfile(tenantId),
      ProjectionExpression: '#name, hours, tone, #language, monthlyBudgetUsd, #plan',
      ExpressionAttributeNames: { '#name': 'name', '#language': 'language', '#plan': 'plan' },
    }),
  );
  return Item ? answerProfileOf(Item) : undefined;
};

/** The answer engine's view of a tenant profile item (also read whole by `getTenant`). */
export const answerProfileOf = (item: Item): AnswerProfile => ({
  name: item.name,
  hours: item.hours,
  tone: item.tone,
  language: item.language,
  monthlyBudgetUsd: item.monthlyBudgetUsd,
  plan: item.plan,
});

export interface AnswerProfileUpdate {
  hours?: string;
  tone?: string;
  language?: string;
  monthlyBudgetUsd?: number;
}

/** Sets the given fields on an existing tenant profile; false when the tenant does not exist. */
export const updateAnswerProfile = async (
  table: Table,
  tenantId: string,
  update: AnswerProfileUpdate,
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

/**
 * What an owner edits about their business in the console: the name customers see, the persona
 * and tone of the assistant, opening hours and main language. All of it lives on the tenant
 * profile item, where the answer engine reads it (`getAnswerProfile`).
 */
export interface BusinessSettings {
  name: string;
  hours?: string;
  /** Persona and tone, e.g. "Maria, warm and informal". */
  tone?: string;
  language?: string;
}

const OPTIONAL_FIELDS = ['hours', 'tone', 'language'] as const;

export const getBusinessSettings = async (
  table: Table,
  tenantId: string,
): Promise<(BusinessSettings & { code: string }) | undefined> => {
  const { Item } = await table.client.send(
    new GetCommand({
      TableName: table.name,
      Key: keys.tenantProfile(tenantId),
      ProjectionExpression: '#name, code, hours, tone, #language',
      ExpressionAttributeNames: { '#name': 'name', '#language': 'language' },
    }),
  );
  if (!Item) return undefined;
  return {
    name: String(Item.name),
    code: String(Item.code),
    hours: Item.hours,
    tone: Item.tone,
    language: Item.language,
  };
};

/**
 * Replaces the settings in one conditional update: a field left out or empty is removed, so the
 * answer engine falls back to its default rather than to stale text. False when the tenant does
 * not exist.
 */
export const putBusinessSettings = async (
  table: Table,
  tenantId: string,
  settings: BusinessSettings,
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
          ['name', ...set].map((field) => [`:${field}`, settings[field as keyof BusinessSettings]]),
        ),
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
};
