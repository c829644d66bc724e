import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BusinessProfile } from '../answer/prompt.js';
import { isConditionalCheckFailed, type Table } from './client.js';
import { keys } from './keys.js';
import type { OwnerContact } from './tenants.js';

/** What the answer engine reads from the tenant profile item, beyond `TenantProfile`. */
export interface AnswerProfile extends BusinessProfile {
  /** Overrides the stage's default monthly model budget. */
  monthlyBudgetUsd?: number;
}

export const getAnswerProfile = async (
  table: Table,
  tenantId: string,
): Promise<AnswerProfile | undefined> => {
  const { Item } = await table.client.send(
    new GetCommand({
      TableName: table.name,
      Key: keys.tenantProfile(tenantId),
      ProjectionExpression: '#name, hours, tone, #language, monthlyBudgetUsd',
      ExpressionAttributeNames: { '#name': 'name', '#language': 'language' },
    }),
  );
  if (!Item) return undefined;
  return {
    name: Item.name,
    hours: Item.hours,
    tone: Item.tone,
    language: Item.language,
    monthlyBudgetUsd: Item.monthlyBudgetUsd,
  };
};

export interface AnswerProfileUpdate {
  hours?: string;
  tone?: string;
  language?: string;
  monthlyBudgetUsd?: number;
  /** Replaces the owner contacts (where handoff alerts go). */
  ownerContacts?: OwnerContact[];
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
