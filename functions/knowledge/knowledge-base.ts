import { newId, sha256Hex } from '../platform/ids.js';
import type { Table } from '../store/client.js';
import {
  type DocumentRecord,
  deleteDocumentRecord,
  listDocuments,
  putDocument,
  updateDocument,
} from '../store/documents.js';
import { chunkPlainText, removeDocumentChunks, replaceDocumentChunks } from './document-chunks.js';
import type { KnowledgeIndex } from './knowledge-index.js';

export interface KnowledgeDeps {
  table: Table;
  index: KnowledgeIndex;
}

export interface Snippet {
  number: number;
  documentId: string;
  text: string;
}

/** Longest fact an owner can add by chat; longer knowledge belongs in an uploaded document. */
export const MAX_SNIPPET_CHARS = 2000;

/**
 * Adds a fact taught by chat (`!add`). It is stored as a document and goes through the same
 * chunk-and-index path as uploads (`replaceDocumentChunks`).
 */
export const addSnippet = async (deps: KnowledgeDeps, tenantId: string, text: string): Promise<Snippet> => {
  const clean = text.normalize('NFKC').replace(/\s+/g, ' ').trim().slice(0, MAX_SNIPPET_CHARS);
  const documentId = newId();
  const now = new Date().toISOString();
  await putDocument(deps.table, {
    tenantId,
    documentId,
    kind: 'snippet',
    status: 'processing',
    chunks: 0,
    preview: clean,
    contentHash: sha256Hex(clean),
    createdAt: now,
    updatedAt: now,
  });
  const chunks = await replaceDocumentChunks(deps, tenantId, documentId, chunkPlainText(clean));
  await updateDocument(deps.table, tenantId, documentId, { status: 'ready', chunks: chunks.length });
  const snippets = await listSnippets(deps, tenantId);
  return (
    snippets.find((s) => s.documentId === documentId) ?? { number: snippets.length, documentId, text: clean }
  );
};

/** The tenant's chat facts, numbered from 1 in the order they were added. */
export const listSnippets = async (deps: KnowledgeDeps, tenantId: string): Promise<Snippet[]> =>
  (await listDocuments(deps.table, tenantId))
    .filter(
      (d): d is DocumentRecord & { preview: string } => d.kind === 'snippet' && typeof d.preview === 'string',
    )
    .map((d, i) => ({ number: i + 1, documentId: d.documentId, text: d.preview }));

/** Deletes fact number `n` (as `!list` shows it); returns it, or `undefined` if there is none. */
export const deleteSnippet = async (
  deps: KnowledgeDeps,
  tenantId: string,
  n: number,
): Promise<Snippet | undefined> => {
  const snippet = (await listSnippets(deps, tenantId)).find((s) => s.number === n);
  if (!snippet) return undefined;
  await removeDocumentChunks(deps, tenantId, snippet.documentId);
  await deleteDocumentRecord(deps.table, tenantId, snippet.documentId);
  return snippet;
};
