import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { metrics } from '../platform/observability.js';
import type { KnowledgeIndex } from './knowledge-index.js';

/**
 * Wraps a knowledge index so every search reports `Retrievals`, and `RetrievalMisses` when it
 * found nothing at all: a tenant whose misses climb has documents that do not cover what its
 * customers ask.
 *
 * @example
 * const knowledge = withRetrievalMetrics(createKnowledgeIndex(config, table, secrets));
 */
export const withRetrievalMetrics = <K extends KnowledgeIndex>(index: K): K => ({
  ...index,
  async search(tenantId, query, k, read) {
    const hits = await index.search(tenantId, query, k, read);
    metrics.addMetric('Retrievals', MetricUnit.Count, 1);
    if (hits.length === 0) metrics.addMetric('RetrievalMisses', MetricUnit.Count, 1);
    return hits;
  },
});
