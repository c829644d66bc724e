import { settleWithConcurrency } from '../platform/concurrency.js';
import type { Table } from '../store/client.js';
import { type ChunkRecord, listDocumentChunks, listDocumentIds } from '../store/documents.js';
import { type KnowledgeChanges, readKnowledgeChanges } from '../store/knowledge-changes.js';
import type { KnowledgeIndex } from './knowledge-index.js';
import { LexicalIndex } from './lexical-index.js';
import { terms } from './text.js';

interface TenantIndex {
  /** The knowledge version this index holds every change up to. */
  version: number;
  index: LexicalIndex;
}

interface Slot {
  current?: TenantIndex;
  /** At most one catch-up per tenant at a time; other searches wait for it. */
  catchingUp?: Promise<TenantIndex>;
}

/** Documents read at once while an index is built or catches up. */
const READ_CONCURRENCY = 8;

/**
 * The embedded default when no vector service is configured: a BM25 index per tenant, kept in
 * memory and brought up to the tenant's knowledge version before each search. The table stays
 * the source of truth, so every process (the local stack, each Lambda container) converges on
 * the same knowledge; an index only ever holds the one tenant's chunks.
 *
 * Why this is correct under concurrency (two ingest workers, an `!add` and a document finishing
 * together, a process that saw version 5 and now sees 8): writers change a document's chunks
 * first and then record the change in one update that sets the new version and that document's
 * entry together (`recordKnowledgeChange`). A search reads that record (strongly consistent)
 * before any chunk, and reads again every document whose entry is newer than its index, from
 * the base table (strongly consistent), so what it reads is at least as new as the version it
 * then claims. A change still in flight has not moved the version yet, so the next search picks
 * it up. The index is swapped only after all reads finish, with no await in between, so a
 * search never sees half a catch-up and a failed read leaves the index as it was. Catching up
 * costs the chunks of the documents that changed, however many versions behind; an index older
 * than the pruned entries (or a new process) builds from the tenant's documents instead.
 */
export const createEmbeddedIndex = (table: Table, options: { maxTenants?: number } = {}): KnowledgeIndex => {
  const maxTenants = options.maxTenants ?? 500;
  const slots = new Map<string, Slot>();

  /** The tenant's slot, moved to the most recently used end; the least recently used goes. */
  const slotOf = (tenantId: string): Slot => {
    const slot = slots.get(tenantId) ?? {};
    slots.delete(tenantId);
    slots.set(tenantId, slot);
    if (slots.size > maxTenants) slots.delete(slots.keys().next().value as string);
    return slot;
  };

  const readDocuments = async (
    tenantId: string,
    documentIds: readonly string[],
  ): Promise<Array<[string, ChunkRecord[]]>> => {
    const results = await settleWithConcurrency(documentIds, READ_CONCURRENCY, (documentId) =>
      listDocumentChunks(table, tenantId, documentId),
    );
    return results.map((result, i): [string, ChunkRecord[]] => {
      if (result.status === 'fulfilled') return [documentIds[i]!, result.value];
      throw new Error(`Could not read the chunks of document ${documentIds[i]} of tenant ${tenantId}`, {
        cause: result.reason,
      });
    });
  };

  const catchUp = async (
    tenantId: string,
    current: TenantIndex | undefined,
    changes: KnowledgeChanges,
  ): Promise<TenantIndex> => {
    if (current && current.version >= changes.prunedThrough) {
      const changed = [...changes.changedAt].filter(([, v]) => v > current.version).map(([id]) => id);
      const read = await readDocuments(tenantId, changed);
      for (const [documentId, chunks] of read) current.index.replaceDocument(documentId, chunks);
      current.version = changes.version;
      return current;
    }
    const read = await readDocuments(tenantId, await listDocumentIds(table, tenantId));
    const index = new LexicalIndex();
    for (const [documentId, chunks] of read) index.replaceDocument(documentId, chunks);
    return { version: changes.version, index };
  };

  const indexFor = async (tenantId: string, read?: KnowledgeChanges): Promise<LexicalIndex> => {
    // Read strongly consistent, here or by the caller with its other reads (an answer's batch).
    const changes = read ?? (await readKnowledgeChanges(table, tenantId));
    for (;;) {
      const slot = slotOf(tenantId);
      if (slot.catchingUp) {
        // Someone else's catch-up failing is not ours to report: look again and maybe try ourselves.
        await slot.catchingUp.catch(() => undefined);
        continue;
      }
      // No change record at all while this process holds a version: the business was deleted
      // with everything it had (data rights), so nothing it held may still be found.
      if (slot.current && changes.version === 0 && slot.current.version > 0) slot.current = undefined;
      if (slot.current && slot.current.version >= changes.version) return slot.current.index;
      slot.catchingUp = catchUp(tenantId, slot.current, changes);
      try {
        slot.current = await slot.catchingUp;
      } finally {
        slot.catchingUp = undefined;
      }
      return slot.current.index;
    }
  };

  return {
    kind: 'embedded',
    readsKnowledgeChanges: true,
    async search(tenantId, query, k, read) {
      // Nothing to look for (only stop words): no need to touch the table.
      if (terms(query).length === 0) return [];
      return (await indexFor(tenantId, read?.knowledgeChanges)).query(query, k);
    },
    // Chunks are already in the table and the change recorded; every process's next search
    // reads the changed document.
    async upsert() {},
    async removeDocument() {},
  };
};
