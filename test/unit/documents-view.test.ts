import { describe, expect, it } from 'vitest';
import { documentView, NO_UPLOAD_REASON } from '../../functions/ingest/document-lifecycle.js';
import { CRASH_REASON } from '../../functions/ingest/ingest-document.js';
import type { DocumentRecord } from '../../functions/store/documents.js';

const announced: DocumentRecord = {
  tenantId: 't1',
  documentId: 'd1',
  kind: 'file',
  filename: 'menu.pdf',
  status: 'pending',
  chunks: 0,
  createdAt: '2026-01-01T10:00:00.000Z',
  updatedAt: '2026-01-01T10:00:00.000Z',
};
const minutesLater = (minutes: number) => Date.parse(announced.updatedAt) + minutes * 60_000;

describe('documentView', () => {
  it('shows an announced upload as pending while its link can still be used', () => {
    expect(documentView(announced, minutesLater(5))).toMatchObject({ status: 'pending', reason: null });
  });

  it('shows an upload that never came as failed once its link has long expired', () => {
    expect(documentView(announced, minutesLater(60))).toMatchObject({
      status: 'failed',
      reason: NO_UPLOAD_REASON,
    });
  });

  it('leaves a reindex of an indexed document pending, whatever its age', () => {
    const reindexing = { ...announced, contentHash: 'abc' };
    expect(documentView(reindexing, minutesLater(60)).status).toBe('pending');
  });

  it('offers reindex only where it can help: an indexed file, or one that failed on our side', () => {
    const ready = { ...announced, status: 'ready' as const, chunks: 3, contentHash: 'abc' };
    const scanned = {
      ...announced,
      status: 'failed' as const,
      reason: 'this PDF holds scanned images without text',
    };
    const crashed = { ...announced, status: 'failed' as const, reason: CRASH_REASON };
    const fact = {
      ...announced,
      kind: 'snippet' as const,
      status: 'ready' as const,
      preview: 'We open at 11.',
    };

    expect(documentView(ready).canReindex).toBe(true);
    expect(documentView(crashed).canReindex).toBe(true);
    expect(documentView(scanned).canReindex).toBe(false);
    expect(documentView(announced, minutesLater(60)).canReindex).toBe(false);
    expect(documentView(fact)).toMatchObject({ canReindex: false, preview: 'We open at 11.' });
  });
});
