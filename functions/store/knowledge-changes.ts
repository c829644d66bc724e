import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Item, isConditionalCheckFailed, type Table } from './client.js';
import { keys } from './keys.js';

/**
 * A tenant's knowledge version and which documents it moved for: one item, so a process that
 * holds the tenant's index at version 5 and now reads 8 knows which documents to read again
 * instead of rereading every chunk.
 */
export interface KnowledgeChanges {
  /** Moves on by one with every change to any document's chunks. */
  version: number;
  /** Entries at or below this version were pruned: an index older than it cannot catch up. */
  prunedThrough: number;
  /** Document id -> the version of its latest change (recent changes only). */
  changedAt: Map<string, number>;
}

const DOCUMENT_ATTRIBUTE = 'doc:';
/** The item stays a few KB: past this many entries the oldest are pruned down to `KEEP`. */
const PRUNE_ABOVE = 150;
const KEEP = 100;

/** Strongly consistent, so the chunks read after it are at least as new as the version it gives. */
export const readKnowledgeChanges = async (table: Table, tenantId: string): Promise<KnowledgeChanges> => {
  const { Item } = await table.client.send(
    new GetCommand({ TableName: table.name, Key: keys.knowledgeChanges(tenantId), ConsistentRead: true }),
  );
  return knowledgeChangesOf(Item);
};

/**
 * Records that a document's chunks changed, after they were written or deleted: one update sets
 * the new version and the document's entry to that same version (both read the version before
 * the update), so no reader can see the version without knowing which document it was for.
 * Returns the new version.
 */
export const recordKnowledgeChange = async (
  table: Table,
  tenantId: string,
  documentId: string,
): Promise<number> => {
  const { Attributes } = await table.client.send(
    new UpdateCommand({
      TableName: table.name,
      Key: keys.knowledgeChanges(tenantId),
      UpdateExpression:
        'SET #version = if_not_exists(#version, :zero) + :one, #document = if_not_exists(#version, :zero) + :one',
      ExpressionAttributeNames: { '#version': 'version', '#document': `${DOCUMENT_ATTRIBUTE}${documentId}` },
      ExpressionAttributeValues: { ':zero': 0, ':one': 1 },
      ReturnValues: 'ALL_NEW',
    }),
  );
  const changes = knowledgeChangesOf(Attributes);
  if (changes.changedAt.size > PRUNE_ABOVE) await pruneOldest(table, tenantId, changes);
  return changes.version;
};

/**
 * Drops the oldest entries and raises `prunedThrough` to the newest one dropped. Only if no other
 * change landed since `seen` was read (otherwise one of the entries might have moved on); a
 * refused prune is left to the next change.
 */
const pruneOldest = async (table: Table, tenantId: string, seen: KnowledgeChanges): Promise<void> => {
  const oldest = [...seen.changedAt].sort((a, b) => a[1] - b[1]).slice(0, seen.changedAt.size - KEEP);
  const names = Object.fromEntries(
    oldest.map(([documentId], i) => [`#d${i}`, `${DOCUMENT_ATTRIBUTE}${documentId}`]),
  );
  try {
    await table.client.send(
      new UpdateCommand({
        TableName: table.name,
        Key: keys.knowledgeChanges(tenantId),
        UpdateExpression: `SET #pruned = :pruned REMOVE ${Object.keys(names).join(', ')}`,
        ConditionExpression: '#version = :seen',
        ExpressionAttributeNames: { ...names, '#pruned': 'prunedThrough', '#version': 'version' },
        ExpressionAttributeValues: { ':pruned': oldest.at(-1)?.[1] ?? 0, ':seen': seen.version },
      }),
    );
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
  }
};

/** The changes as an item read elsewhere (an answer's batch, `store/answer-context.ts`) holds them. */
export const knowledgeChangesOf = (item: Item | undefined): KnowledgeChanges => {
  const changedAt = new Map<string, number>();
  for (const [name, value] of Object.entries(item ?? {})) {
    if (name.startsWith(DOCUMENT_ATTRIBUTE))
      changedAt.set(name.slice(DOCUMENT_ATTRIBUTE.length), Number(value));
  }
  return { version: Number(item?.version ?? 0), prunedThrough: Number(item?.prunedThrough ?? 0), changedAt };
};
