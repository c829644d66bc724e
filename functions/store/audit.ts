import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditActor, AuditEntry } from '../contracts/admin/audit.js';
import { newId } from '../platform/ids.js';
import { expiresInDays, type Item, isConditionalCheckFailed, type Table } from './client.js';
import { keys } from './keys.js';
import { queryPrefix } from './pages.js';

/**
 * The audit trail: who changed what, on which object, when, from where, in which request.
 * Append-only: this module only puts entries, nothing updates one, and no admin route deletes
 * one; they leave by TTL after the stage's retention. An entry names objects by id (a
 * conversation by its hashed id, never a customer's number or words), so erasing a customer
 * leaves nothing of theirs in the trail.
 */
export type { AuditActor, AuditEntry };

export type NewAuditEntry = Omit<AuditEntry, 'auditId' | 'at'> & {
  at?: string;
  /** A stable id makes a retried write (a redelivered chat command) land once. */
  auditId?: string;
};

/** Appends one entry to its business's trail, or the platform's when it names no business. */
export const appendAudit = async (
  table: Table,
  entry: NewAuditEntry,
  retentionDays: number,
): Promise<AuditEntry> => {
  const at = entry.at ?? new Date().toISOString();
  const auditId = entry.auditId ?? newId();
  const key = entry.tenantId
    ? keys.auditEntry(entry.tenantId, at, auditId)
    : keys.platformAuditEntry(at, auditId);
  const stored: AuditEntry = { ...entry, at, auditId };
  try {
    await table.client.send(
      new PutCommand({
        TableName: table.name,
        Item: { ...key, ...stored, expiresAt: expiresInDays(retentionDays, Date.parse(at)) },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    // The same id again is the same action retried: it is on record once.
    if (!isConditionalCheckFailed(error)) throw error;
  }
  return stored;
};

/** A page of the trail (the admin API's `AuditPage` adds the stage's retention). */
export interface AuditPage {
  entries: AuditEntry[];
  /** Pass back as `cursor` for the next (older) page; absent on the last. */
  cursor?: string;
}

/** A business's trail, newest first, within [from, to] (ISO instants), a page at a time. */
export const listAudit = async (
  table: Table,
  tenantId: string,
  options: { from: string; to: string; limit: number; cursor?: string },
): Promise<AuditPage> => {
  const { pk } = keys.auditPrefix(tenantId);
  const startSk = options.cursor ? decodeCursor(options.cursor) : undefined;
  const { Items = [], LastEvaluatedKey } = await table.client.send(
    new QueryCommand({
      TableName: table.name,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': pk,
        ':from': keys.auditBound(options.from),
        // `~` sorts after every id, so entries at exactly `to` are included.
        ':to': `${keys.auditBound(options.to)}~`,
      },
      ScanIndexForward: false,
      Limit: options.limit,
      ExclusiveStartKey: startSk ? { pk, sk: startSk } : undefined,
    }),
  );
  return {
    entries: Items.map(toEntry),
    cursor: LastEvaluatedKey ? encodeCursor(String(LastEvaluatedKey.sk)) : undefined,
  };
};

/** Every entry of a business's trail, oldest first (the data export). */
export const allAudit = async (table: Table, tenantId: string): Promise<AuditEntry[]> =>
  (await queryPrefix(table, keys.auditPrefix(tenantId))).map(toEntry);

/** The cursor is the last sort key, opaque to callers; it only ever reads the caller's own partition. */
const encodeCursor = (sk: string) => Buffer.from(sk, 'utf8').toString('base64url');
/** The sort key a cursor stands for, or undefined when it is not one this API gave out. */
export const decodeCursor = (cursor: string): string | undefined => {
  const sk = Buffer.from(cursor, 'base64url').toString('utf8');
  return /^AUDIT#[\w:.-]+#[\w-]+$/.test(sk) ? sk : undefined;
};

const toEntry = (item: Item): AuditEntry => ({
  auditId: String(item.auditId),
  at: String(item.at),
  tenantId: item.tenantId,
  actor: item.actor,
  action: String(item.action),
  target: item.target,
  via: item.via,
  requestId: item.requestId,
  detail: item.detail,
});
