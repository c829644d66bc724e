import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed, type Table } from './client.js';
import type { DocumentRecord, DocumentStatus } from './documents.js';
import { keys } from './keys.js';

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
  const sets: string[] = ['#updatedAt = :updatedAt'];
  const removes: string[] = [];
  const names: Record<string, string> = { '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = { ':updatedAt': new Date().toISOString() };
  for (const [field, value] of Object.entries(patch)) {
    names[`#${field}`] = field;
    if (value === undefined) removes.push(`#${field}`);
    else {
      sets.push(`#${field} = :${field}`);
      values[`:${field}`] = value;
    }
  }
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
        UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
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
