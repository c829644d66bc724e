import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Role } from '../contracts/roles.js';
import { type Item, isConditionalCheckFailed, type Table } from './client.js';
import { keys } from './keys.js';

/**
 * The people of a business, in its partition: who they are (the identity provider's user id and
 * their e-mail), their role, and whether they set up MFA. The identity provider (Cognito) holds
 * passwords and codes; this record is what the admin API trusts for the role, read on every
 * request so that removing someone or changing a role counts at once.
 */
export interface Member {
  tenantId: string;
  userId: string;
  email: string;
  role: Role;
  /** The person set up TOTP (checked with the identity provider, not claimed by the client). */
  mfa: boolean;
  invitedAt: string;
  invitedBy?: string;
}

export const getMember = async (
  table: Table,
  tenantId: string,
  userId: string,
): Promise<Member | undefined> => {
  const { Item: item } = await table.client.send(
    new GetCommand({ TableName: table.name, Key: keys.member(tenantId, userId), ConsistentRead: true }),
  );
  return item ? toMember(item) : undefined;
};

/** Adds a person; false when they are already a member. */
export const putMember = async (table: Table, member: Member): Promise<boolean> => {
  try {
    await table.client.send(
      new PutCommand({
        TableName: table.name,
        Item: { ...keys.member(member.tenantId, member.userId), ...member },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
};

export const listMembers = async (table: Table, tenantId: string): Promise<Member[]> => {
  const { pk, skPrefix } = keys.memberPrefix(tenantId);
  const { Items = [] } = await table.client.send(
    new QueryCommand({
      TableName: table.name,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
      ConsistentRead: true,
    }),
  );
  return Items.map(toMember);
};

/** Changes a member's role or MFA flag; undefined when there is no such member. */
export const updateMember = async (
  table: Table,
  tenantId: string,
  userId: string,
  change: { role?: Role; mfa?: boolean },
): Promise<Member | undefined> => {
  const sets = Object.entries(change).filter(([, v]) => v !== undefined);
  if (sets.length === 0) return getMember(table, tenantId, userId);
  try {
    const { Attributes } = await table.client.send(
      new UpdateCommand({
        TableName: table.name,
        Key: keys.member(tenantId, userId),
        UpdateExpression: `SET ${sets.map(([k]) => `#${k} = :${k}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: Object.fromEntries(sets.map(([k]) => [`#${k}`, k])),
        ExpressionAttributeValues: Object.fromEntries(sets.map(([k, v]) => [`:${k}`, v])),
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes ? toMember(Attributes) : undefined;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return undefined;
    throw error;
  }
};

export const deleteMember = async (table: Table, tenantId: string, userId: string): Promise<void> => {
  await table.client.send(new DeleteCommand({ TableName: table.name, Key: keys.member(tenantId, userId) }));
};

const toMember = (item: Item): Member => ({
  tenantId: String(item.tenantId),
  userId: String(item.userId),
  email: String(item.email),
  role: item.role,
  mfa: Boolean(item.mfa),
  invitedAt: String(item.invitedAt),
  invitedBy: item.invitedBy,
});
