import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Item, isConditionalCheckFailed, type Table } from './client.js';
import { fieldUpdates } from './field-updates.js';
import { keys } from './keys.js';
import { queryAll, writeInBatches } from './pages.js';

export type DocumentStatus = 'pending' | 'processing' | 'ready' | 'failed';

export interface DocumentRecord {
  tenantId: string;
  documentId: string;
  /** `snippet` for facts taught by chat, `file` for uploads. */
  kind: 'snippet' | 'file';
  filename?: string;
  /** The text of a chat fact, or the start of a file's text. */
  preview?: string;
  status: DocumentStatus;
  reason?: string;
  chunks: number;
  contentHash?: string;
  /** Uploads: where the file is in the uploads bucket, what the owner declared, and its pages. */
  objectKey?: string;
  contentType?: string;
  size?: number;
  pages?: number;
  createdAt: string;
  updatedAt: string;
}

export interface ChunkRecord {
  documentId: string;
  chunk: number;
  text: string;
}

export const putDocument = async (table: Table, doc: DocumentRecord): Promise<void> => {
  await table.client.send(
    new PutCommand({
      TableName: table.name,
      Item: { ...keys.document(doc.tenantId, doc.documentId), type: 'document', ...doc },
    }),
  );
};

export const getDocument = async (
  table: Table,
  tenantId: string,
  documentId: string,
): Promise<DocumentRecord | undefined> => {
  const { Item } = await table.client.send(
    new GetCommand({ TableName: table.name, Key: keys.document(tenantId, documentId) }),
  );
  return Item ? toDocument(Item) : undefined;
};

/** A tenant's documents, oldest first (document ids are time-ordered). */
export const listDocuments = async (table: Table, tenantId: string): Promise<DocumentRecord[]> => {
  const { pk, skPrefix } = keys.documentPrefix(tenantId);
  const items = await queryAll(table, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
  });
  return items.map(toDocument);
};

export const deleteDocumentRecord = async (
  table: Table,
  tenantId: string,
  documentId: string,
): Promise<void> => {
  await table.client.send(
    new DeleteCommand({ TableName: table.name, Key: keys.document(tenantId, documentId) }),
  );
};

export const putChunks = async (table: Table, tenantId: string, chunks: ChunkRecord[]): Promise<void> => {
  const puts = chunks.map((c) => ({
    PutRequest: { Item: { ...keys.chunk(tenantId, c.documentId, c.chunk), type: 'chunk', ...c } },
  }));
  await writeInBatches(table, puts);
};

/**
 * Every chunk of a tenant through gsi1 (eventually consistent). The embedded index no longer
 * rebuilds from it; the bench measures that full reread as the baseline.
 */
export const listTenantChunks = async (table: Table, tenantId: string): Promise<ChunkRecord[]> => {
  const { gsi1pk } = keys.tenantChunks(tenantId);
  const items = await queryAll(table, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': gsi1pk },
  });
  return items.map(({ documentId, chunk, text }) => ({ documentId, chunk, text }));
};

/**
 * One document's chunks, strongly consistent (the base table, not gsi1), so a reader that saw a
 * knowledge version gets chunks at least as new as it.
 */
export const listDocumentChunks = async (
  table: Table,
  tenantId: string,
  documentId: string,
): Promise<ChunkRecord[]> => {
  const { pk, skPrefix } = keys.chunkPrefix(tenantId, documentId);
  const items = await queryAll(table, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
    ProjectionExpression: 'documentId, chunk, #text',
    ExpressionAttributeNames: { '#text': 'text' },
    ConsistentRead: true,
  });
  return items.map(({ documentId: id, chunk, text }) => ({ documentId: id, chunk, text }));
};

/** The ids of a tenant's documents, strongly consistent (for building an index from scratch). */
export const listDocumentIds = async (table: Table, tenantId: string): Promise<string[]> => {
  const { pk, skPrefix } = keys.documentPrefix(tenantId);
  const items = await queryAll(table, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
    ProjectionExpression: 'documentId',
    ConsistentRead: true,
  });
  return items.map((item) => item.documentId as string);
};

export const deleteChunks = async (table: Table, tenantId: string, documentId: string): Promise<void> => {
  const { pk, skPrefix } = keys.chunkPrefix(tenantId, documentId);
  const items = await queryAll(table, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
    ProjectionExpression: 'pk, sk',
  });
  await writeInBatches(
    table,
    items.map(({ pk: itemPk, sk }) => ({ DeleteRequest: { Key: { pk: itemPk, sk } } })),
  );
};

const toDocument = (item: Item): DocumentRecord => ({
  tenantId: item.tenantId,
  documentId: item.documentId,
  kind: item.kind,
  filename: item.filename,
  preview: item.preview,
  status: item.status,
  reason: item.reason,
  chunks: item.chunks ?? 0,
  contentHash: item.contentHash,
  objectKey: item.objectKey,
  contentType: item.contentType,
  size: item.size,
  pages: item.pages,
  createdAt: item.createdAt,
  updatedAt: item.updatedAt,
});

export type DocumentPatch = Partial<
  Pick<DocumentRecord, 'status' | 'reason' | 'chunks' | 'contentHash' | 'size' | 'pages' | 'preview'>
>;

/**
 * Updates a document's status fields in one conditional write: only if the document still
 * exists (a delete during ingest must not resurrect it) and, when given, only from one of
 * `from`. Returns false when the condition did not hold. `reason: undefined` removes the reason.
 */
export const updateDocument = async (
  table: Table,
  tenantId: string,
  documentId: string,
  patch: DocumentPatch,
  options: { from?: readonly DocumentStatus[] } = {},
): Promise<boolean> => {
  const { expression, names, values } = fieldUpdates({ ...patch, updatedAt: new Date().toISOString() });
  const conditions = ['attribute_exists(pk)'];
  if (options.from?.length) {
    names['#status'] = 'status';
    conditions.push(`#status IN (${options.from.map((_s, i) => `:from${i}`).join(', ')})`);
    options.from.forEach((s, i) => {
      values[`:from${i}`] = s;
    });
  }
  try {
    await table.client.send(
      new UpdateCommand({
        TableName: table.name,
        Key: keys.document(tenantId, documentId),
        UpdateExpression: expression,
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
};
