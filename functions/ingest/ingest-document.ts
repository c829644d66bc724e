import { removeDocumentChunks, replaceDocumentChunks } from '../knowledge/document-chunks.js';
import type { KnowledgeIndex } from '../knowledge/knowledge-index.js';
import { checkIndexingLimits, KnowledgeLimitError } from '../knowledge/knowledge-quota.js';
import { sha256Hex } from '../platform/ids.js';
import { logger } from '../platform/observability.js';
import type { Plan } from '../platform/plan-config.js';
import type { Table } from '../store/client.js';
import { type DocumentRecord, getDocument, listDocuments, updateDocument } from '../store/documents.js';
import { chunkBlocks } from './chunker.js';
import { type DocumentFiles, parseDocumentObjectKey } from './document-files.js';
import { type DocumentKind, declaredKind, isImageKind } from './document-types.js';
import { DocumentRejectedError } from './errors.js';
import type { DocumentExtractor } from './extraction-sandbox.js';
import type { OcrEngine } from './ocr/ocr-engine.js';

export interface IngestDeps {
  table: Table;
  files: DocumentFiles;
  index: KnowledgeIndex;
  maxUploadBytes: number;
  /** The plan of a business the platform operator has not given one of its own. */
  defaultPlan: Plan;
  /** Runs the extractors under the extraction limits (see `extraction-sandbox.ts`). */
  extractor: Pick<DocumentExtractor, 'extract'>;
  /** Reads photos and scanned PDFs (Textract in AWS, Tesseract locally); absent: they fail. */
  ocr?: OcrEngine;
}

/** More chunks than this is a book, not a menu or a policy; it would also strain the index. */
export const MAX_CHUNKS_PER_DOCUMENT = 5000;

/** The owner sees this when the worker itself failed on every attempt. */
export const CRASH_REASON =
  'We could not process this file because of an internal error; upload it again, and if it fails again, contact support';

/**
 * A photo goes straight to OCR; a PDF is read for its text layer first, and only a scan without
 * one goes to OCR. Without an OCR engine both end as before: no text layer.
 */
const extractOrRecognise = async (
  deps: IngestDeps,
  input: { kind: DocumentKind; bytes: Uint8Array; filename: string; objectKey: string },
) => {
  if (deps.ocr && isImageKind(input.kind)) return recognise(deps.ocr, input);
  try {
    return await deps.extractor.extract(input.kind, input.bytes, input.filename);
  } catch (error) {
    if (!deps.ocr || !(error instanceof DocumentRejectedError) || error.code !== 'no-text-layer') throw error;
    return recognise(deps.ocr, input);
  }
};

const recognise = async (ocr: OcrEngine, input: Parameters<OcrEngine['read']>[0]) => {
  const started = Date.now();
  const extraction = await ocr.read(input);
  logger.info('document read by OCR', {
    engine: ocr.name,
    pages: extraction.pages,
    ms: Date.now() - started,
  });
  return extraction;
};

export interface IngestOptions {
  /** Reindex: process even if the same content is already indexed. */
  force?: boolean;
  /**
   * The queue's last delivery: the document reads `failed` (internal error) while it is worked
   * on, so a worker killed by its timeout cannot leave it `processing` after the message is
   * dead-lettered. Finishing overwrites that with `ready` or the real reason.
   */
  lastAttempt?: boolean;
}

export type IngestOutcome =
  | { status: 'ready'; chunks: number; pages: number; duplicateOf?: string }
  | { status: 'failed'; reason: string; code: string }
  /** Nothing to do: an object no document claims, a deleted document, or a redelivery. */
  | { status: 'skipped'; why: string };

/**
 * Handles an object-created notification: the key names the tenant and the document, and the
 * document record must exist for that tenant with exactly this key, so a stray or forged object
 * is never indexed into anyone's knowledge (it is deleted instead).
 */
export async function ingestUploadedObject(
  deps: IngestDeps,
  objectKey: string,
  options: IngestOptions = {},
): Promise<IngestOutcome> {
  const ref = parseDocumentObjectKey(objectKey);
  const document = ref ? await getDocument(deps.table, ref.tenantId, ref.documentId) : undefined;
  if (document?.kind !== 'file' || document.objectKey !== objectKey) {
    logger.warn('object matches no document; deleting it', { objectKey });
    await deps.files.remove(objectKey);
    return { status: 'skipped', why: 'no document for this object' };
  }
  return ingestDocument(deps, document, options);
}

/**
 * Reads, checks, extracts, chunks and indexes one uploaded document, ending `ready` with its
 * chunk count or `failed` with a reason the owner can act on. Problems with the file itself
 * end here; anything else (a service down) is thrown so the queue retries it.
 */
export async function ingestDocument(
  deps: IngestDeps,
  document: DocumentRecord,
  options: IngestOptions = {},
): Promise<IngestOutcome> {
  const { tenantId, documentId } = document;
  const filename = document.filename ?? 'document';
  try {
    const kind = declaredKind(filename, document.contentType);
    const bytes = await deps.files.read(document.objectKey ?? '', deps.maxUploadBytes);
    const contentHash = sha256Hex(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    // S3 and SQS both deliver at least once: the same file seen again is already done.
    if (!options.force && document.status === 'ready' && document.contentHash === contentHash) {
      return { status: 'skipped', why: 'already indexed' };
    }
    if (
      !(await updateDocument(
        deps.table,
        tenantId,
        documentId,
        options.lastAttempt
          ? { status: 'failed', reason: CRASH_REASON, size: bytes.byteLength }
          : { status: 'processing', size: bytes.byteLength },
      ))
    ) {
      return { status: 'skipped', why: 'document deleted' };
    }
    const twin = await findSameContent(deps.table, document, contentHash);
    if (twin) return await markDuplicate(deps, document, twin, contentHash);

    const extraction = await extractOrRecognise(deps, {
      kind,
      bytes,
      filename,
      objectKey: document.objectKey ?? '',
    });
    const texts = chunkBlocks(extraction.blocks);
    if (texts.length > MAX_CHUNKS_PER_DOCUMENT) {
      throw new DocumentRejectedError(
        'too-long',
        `"${filename}" is too long to use as knowledge (${texts.length} passages, at most ${MAX_CHUNKS_PER_DOCUMENT}); upload the parts customers ask about`,
      );
    }
    try {
      await checkIndexingLimits(deps.table, deps.defaultPlan, {
        tenantId,
        documentId,
        chunks: texts.length,
        costsEmbeddings: deps.index.kind !== 'embedded',
      });
    } catch (error) {
      if (error instanceof KnowledgeLimitError)
        throw new DocumentRejectedError('over-plan', error.message, { cause: error });
      throw error;
    }
    await replaceDocumentChunks(deps, tenantId, documentId, texts);
    const finished = await updateDocument(deps.table, tenantId, documentId, {
      status: 'ready',
      reason: undefined,
      chunks: texts.length,
      pages: extraction.pages,
      contentHash,
      preview: texts[0]?.slice(0, 200),
    });
    if (!finished) {
      // Deleted while we worked: leave nothing of it behind.
      await removeDocumentChunks(deps, tenantId, documentId);
      return { status: 'skipped', why: 'document deleted' };
    }
    return { status: 'ready', chunks: texts.length, pages: extraction.pages };
  } catch (error) {
    if (!(error instanceof DocumentRejectedError)) throw error;
    logger.info('document rejected', { tenantId, documentId, code: error.code, reason: error.message });
    // A file replaced by a bad one must not leave the old text answering questions.
    if (document.chunks > 0) await removeDocumentChunks(deps, tenantId, documentId);
    await markFailed(deps.table, document, error.message);
    return { status: 'failed', reason: error.message, code: error.code };
  }
}

export const markFailed = (table: Table, document: DocumentRecord, reason: string) =>
  updateDocument(table, document.tenantId, document.documentId, { status: 'failed', reason, chunks: 0 });

const findSameContent = async (
  table: Table,
  document: DocumentRecord,
  contentHash: string,
): Promise<DocumentRecord | undefined> =>
  (await listDocuments(table, document.tenantId)).find(
    (other) =>
      other.documentId !== document.documentId &&
      other.kind === 'file' &&
      other.status === 'ready' &&
      other.chunks > 0 &&
      other.contentHash === contentHash,
  );

/** The same file uploaded twice is indexed once; the copy says which document holds it. */
const markDuplicate = async (
  deps: IngestDeps,
  document: DocumentRecord,
  twin: DocumentRecord,
  contentHash: string,
): Promise<IngestOutcome> => {
  await removeDocumentChunks(deps, document.tenantId, document.documentId);
  await updateDocument(deps.table, document.tenantId, document.documentId, {
    status: 'ready',
    chunks: 0,
    contentHash,
    reason: `Same content as "${twin.filename}" (${twin.documentId}), which is already in your knowledge; nothing more to index`,
  });
  return { status: 'ready', chunks: 0, pages: twin.pages ?? 0, duplicateOf: twin.documentId };
};
