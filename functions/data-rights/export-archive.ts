import { strToU8, type Zippable, zipSync } from 'fflate';
import { newId } from '../platform/ids.js';
import { allAudit } from '../store/audit.js';
import type { Item, Table } from '../store/client.js';
import { listConversations } from '../store/conversations.js';
import { listDocuments, listTenantChunks } from '../store/documents.js';
import { keys } from '../store/keys.js';
import { listMembers } from '../store/members.js';
import { allItemsOf } from '../store/partitions.js';
import { getTenant } from '../store/tenants.js';
import { exportObjectKey, type TenantFiles } from './tenant-files.js';

/**
 * The archive is built in the admin API's memory: original files go in up to this total, and
 * past it a document is exported as its text only (`documents.json` says which).
 */
const MAX_ORIGINALS_BYTES = 200 * 1024 * 1024;

export interface ExportDeps {
  table: Table;
  files: TenantFiles;
  linkSeconds: number;
}

export interface ExportResult {
  exportId: string;
  url: string;
  expiresAt: string;
  bytes: number;
  contents: Record<string, number>;
}

const json = (value: unknown) => strToU8(`${JSON.stringify(value, null, 2)}\n`);

/** Items as a person reads them: without table keys, and without any key hash. */
const clean = ({ pk, sk, gsi1pk, gsi1sk, expiresAt, hash, sha256, ...rest }: Item) => rest;

/**
 * One ZIP of everything the business holds: its profile, team, documents (the original files and
 * the text the assistant answers from), facts, conversations with every turn, and the audit
 * trail. Stored under `exports/<tenant>/` and handed out by a presigned link (15 minutes by
 * default); the bucket forgets archives after a day.
 */
export const exportBusinessData = async (deps: ExportDeps, tenantId: string): Promise<ExportResult> => {
  const [tenant, documents, chunks, conversations, members, audit, ownItems] = await Promise.all([
    getTenant(deps.table, tenantId),
    listDocuments(deps.table, tenantId),
    listTenantChunks(deps.table, tenantId),
    listConversations(deps.table, tenantId),
    listMembers(deps.table, tenantId),
    allAudit(deps.table, tenantId),
    allItemsOf(deps.table, keys.tenantProfile(tenantId).pk),
  ]);
  const archive: Zippable = {
    'profile.json': json(tenant),
    'team.json': json(members),
    'audit.json': json(audit),
    'documents.json': json(documents),
    // Plan, usage, insights, gaps and key records (ids, labels, hints; never a key or its hash).
    'business-records.json': json(
      ownItems
        .filter((item) => !/^(AUDIT|USER|DOC|PROFILE)#?/.test(String(item.sk)))
        .map((item) => ({ record: String(item.sk), ...clean(item) })),
    ),
  };
  let originals = 0;
  const textOnly: string[] = [];
  for (const document of documents) {
    const text = chunks
      .filter((c) => c.documentId === document.documentId)
      .map((c) => c.text)
      .join('\n\n');
    archive[`documents/${document.documentId}/text.txt`] = strToU8(text);
    if (document.kind !== 'file' || !document.objectKey) continue;
    if (originals + (document.size ?? 0) > MAX_ORIGINALS_BYTES) {
      textOnly.push(document.documentId);
      continue;
    }
    const original = await deps.files.get(document.objectKey);
    if (!original) continue;
    originals += original.byteLength;
    archive[`documents/${document.documentId}/${document.filename ?? 'file'}`] = original;
  }
  if (textOnly.length) archive['documents-text-only.json'] = json({ tooLargeForOneArchive: textOnly });
  for (const conversation of conversations) {
    const items = await allItemsOf(deps.table, keys.conversationState(tenantId, conversation.customer).pk);
    archive[`conversations/${conversation.conversationId}.json`] = json({
      ...conversation,
      turns: items.filter((i) => String(i.sk).startsWith('MSG#')).map(clean),
    });
  }
  const bytes = zipSync(archive, { level: 6 });
  const exportId = `exp_${newId()}`;
  const key = exportObjectKey(tenantId, exportId);
  await deps.files.put(key, bytes, 'application/zip');
  const url = await deps.files.presignDownload(
    key,
    deps.linkSeconds,
    `frontdesk-${tenant?.code ?? tenantId}.zip`,
  );
  return {
    exportId,
    url,
    expiresAt: new Date(Date.now() + deps.linkSeconds * 1000).toISOString(),
    bytes: bytes.byteLength,
    contents: {
      documents: documents.length,
      conversations: conversations.length,
      auditEntries: audit.length,
      people: members.length,
    },
  };
};
