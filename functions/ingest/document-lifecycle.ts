import type { DocumentView } from '../contracts/admin/documents.js';
import { chunkPlainText, removeDocumentChunks, replaceDocumentChunks } from '../knowledge/document-chunks.js';
import type { KnowledgeIndex } from '../knowledge/knowledge-index.js';
import { newId } from '../platform/ids.js';
import type { Table } from '../store/client.js';
import {
  type DocumentRecord,
  deleteDocumentRecord,
  listDocuments,
  putDocument,
  updateDocument,
} from '../store/documents.js';
import { type DocumentFiles, documentObjectKey } from './document-files.js';
import { DOCUMENT_KINDS, declaredKind } from './document-types.js';
import { CRASH_REASON } from './ingest-document.js';
import { type IngestQueue, reindexMessage } from './ingest-queue.js';

export interface DocumentLifecycleDeps {
  table: Table;
  files: DocumentFiles;
  index: KnowledgeIndex;
  ingestQueue: IngestQueue;
  maxUploadBytes: number;
}

/** Long enough to start an upload by hand, short enough that a leaked form is soon useless. */
export const UPLOAD_EXPIRY_SECONDS = 600;

/**
 * Records a `pending` document and returns the presigned POST that uploads it: bound to one key
 * under the tenant's prefix, to the content type of its format, and to at most the size the owner
 * declared (itself within the stage's limit), so S3 refuses a bigger file before it is stored.
 * The upload's object-created event then starts the ingest.
 */
export async function requestUpload(
  deps: DocumentLifecycleDeps,
  tenantId: string,
  input: { filename: string; contentType?: string; size: number },
) {
  const kind = declaredKind(input.filename, input.contentType);
  const contentType = DOCUMENT_KINDS[kind].contentType;
  const documentId = newId();
  const objectKey = documentObjectKey(tenantId, documentId, input.filename);
  const now = new Date().toISOString();
  const upload = await deps.files.presignUpload({
    key: objectKey,
    contentType,
    maxBytes: Math.min(input.size, deps.maxUploadBytes),
    expiresSeconds: UPLOAD_EXPIRY_SECONDS,
  });
  const document: DocumentRecord = {
    tenantId,
    documentId,
    kind: 'file',
    filename: input.filename,
    status: 'pending',
    chunks: 0,
    objectKey,
    contentType,
    size: input.size,
    createdAt: now,
    updatedAt: now,
  };
  await putDocument(deps.table, document);
  return {
    document,
    upload: { ...upload, expiresAt: new Date(Date.now() + UPLOAD_EXPIRY_SECONDS * 1000).toISOString() },
  };
}

/**
 * Removes a document entirely: vectors, chunks, the uploaded file, then the record. A copy of
 * the same content that was skipped as a duplicate of it is indexed in its place, so deleting
 * one of two identical uploads does not take the knowledge away.
 */
export async function deleteDocument(deps: DocumentLifecycleDeps, document: DocumentRecord): Promise<void> {
  const { tenantId, documentId } = document;
  await removeDocumentChunks(deps, tenantId, documentId);
  if (document.objectKey) await deps.files.remove(document.objectKey);
  await deleteDocumentRecord(deps.table, tenantId, documentId);
  const copy = (await listDocuments(deps.table, tenantId)).find(
    (other) =>
      other.kind === 'file' &&
      other.status === 'ready' &&
      other.chunks === 0 &&
      document.contentHash !== undefined &&
      other.contentHash === document.contentHash,
  );
  if (copy) await requestReindex(deps, copy);
}

/**
 * Indexes a document again: an uploaded file goes back through the ingest queue (its status
 * turns `pending`); a chat fact is short and is re-chunked right away.
 */
export async function requestReindex(
  deps: DocumentLifecycleDeps,
  document: DocumentRecord,
): Promise<DocumentRecord['status']> {
  const { tenantId, documentId } = document;
  if (document.kind === 'snippet') {
    const texts = chunkPlainText(document.preview ?? '');
    await replaceDocumentChunks(deps, tenantId, documentId, texts);
    await updateDocument(deps.table, tenantId, documentId, { status: 'ready', chunks: texts.length });
    return 'ready';
  }
  await updateDocument(deps.table, tenantId, documentId, { status: 'pending', reason: undefined });
  await deps.ingestQueue.send(reindexMessage(tenantId, documentId));
  return 'pending';
}

/** After the upload link expires, a file that never arrived never will (plus queue slack). */
const UPLOAD_NEVER_CAME_MS = (UPLOAD_EXPIRY_SECONDS + 300) * 1000;

export const NO_UPLOAD_REASON = `The file never arrived: its upload link expired after ${UPLOAD_EXPIRY_SECONDS / 60} minutes. Upload the file again`;

/**
 * What the admin API shows of a document. An upload that was announced but never came reads
 * `failed`, so nothing shows `pending` forever; if the file does turn up late, ingest still
 * runs and the document becomes `ready`.
 */
/** A document as the admin API answers it (`DocumentView` in the contract). */
export const documentView = (d: DocumentRecord, now = Date.now()): DocumentView => {
  const neverUploaded =
    d.kind === 'file' &&
    d.status === 'pending' &&
    d.contentHash === undefined &&
    now - Date.parse(d.updatedAt) > UPLOAD_NEVER_CAME_MS;
  return {
    documentId: d.documentId,
    kind: d.kind,
    filename: d.filename ?? null,
    /** A chat fact's text, or the start of a file's text. */
    preview: d.preview ?? null,
    status: neverUploaded ? ('failed' as const) : d.status,
    reason: neverUploaded ? NO_UPLOAD_REASON : (d.reason ?? null),
    /**
     * Whether reindexing can help: an indexed file, or one that failed on our side. A file that
     * failed for what it is (scanned, encrypted, damaged...) fails again; it needs a new upload.
     */
    canReindex:
      d.kind === 'file' && (d.status === 'ready' || (d.status === 'failed' && d.reason === CRASH_REASON)),
    chunks: d.chunks,
    size: d.size ?? null,
    pages: d.pages ?? null,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
};

/** The lifecycle's dependencies as the runtime provides them. */
export const lifecycleDeps = (runtime: {
  table: Table;
  files: DocumentFiles;
  knowledge: KnowledgeIndex;
  ingestQueue: IngestQueue;
  config: { ingest: { maxUploadBytes: number } };
}): DocumentLifecycleDeps => ({
  table: runtime.table,
  files: runtime.files,
  index: runtime.knowledge,
  ingestQueue: runtime.ingestQueue,
  maxUploadBytes: runtime.config.ingest.maxUploadBytes,
});
