import { FrontdeskError } from '../platform/errors.js';
import type { Plan } from '../platform/plan-config.js';
import type { Table } from '../store/client.js';
import { listDocuments } from '../store/documents.js';
import { effectiveBudgetUsd, planOf } from '../store/plans.js';
import { getTenant } from '../store/tenants.js';
import { getMonthUsage, monthOf } from '../store/usage.js';

/** Over the plan's knowledge quota or model budget: the message says what the owner can do. */
export class KnowledgeLimitError extends FrontdeskError {}

export const tenantPlan = async (table: Table, defaultPlan: Plan, tenantId: string) => {
  const profile = await getTenant(table, tenantId);
  return { plan: planOf(defaultPlan, profile?.plan), ownBudgetUsd: profile?.monthlyBudgetUsd };
};

/** Documents (files and chat facts) and the passages they hold, as the quota counts them. */
export const knowledgeUsage = async (table: Table, tenantId: string, exceptDocumentId?: string) => {
  const documents = (await listDocuments(table, tenantId)).filter((d) => d.documentId !== exceptDocumentId);
  return { documents: documents.length, chunks: documents.reduce((n, d) => n + (d.chunks ?? 0), 0) };
};

/** Before a new document or fact: refuses one past the plan's document quota. */
export const checkDocumentQuota = async (
  table: Table,
  defaultPlan: Plan,
  tenantId: string,
): Promise<void> => {
  const [{ plan }, used] = await Promise.all([
    tenantPlan(table, defaultPlan, tenantId),
    knowledgeUsage(table, tenantId),
  ]);
  if (used.documents >= plan.documents) {
    throw new KnowledgeLimitError(
      `Your plan allows ${plan.documents} documents and facts and you have ${used.documents}; delete one you no longer need, or ask the platform to raise your plan`,
    );
  }
};

/**
 * Before indexing a document's passages: refuses one that would take the knowledge past the
 * plan's passage quota, and (when indexing costs embeddings) one that would spend past a model
 * budget already used up. Two documents indexed at the same moment can each pass; the quota is
 * then overrun by at most the ingest worker's concurrency, and the next document is refused.
 */
export const checkIndexingLimits = async (
  table: Table,
  defaultPlan: Plan,
  input: { tenantId: string; documentId: string; chunks: number; costsEmbeddings: boolean },
): Promise<void> => {
  const [{ plan, ownBudgetUsd }, used] = await Promise.all([
    tenantPlan(table, defaultPlan, input.tenantId),
    knowledgeUsage(table, input.tenantId, input.documentId),
  ]);
  if (used.chunks + input.chunks > plan.chunks) {
    throw new KnowledgeLimitError(
      `This file has ${input.chunks} passages and your knowledge already holds ${used.chunks}; your plan allows ${plan.chunks}. Delete documents you no longer need, or ask the platform to raise your plan`,
    );
  }
  if (!input.costsEmbeddings) return;
  const budget = effectiveBudgetUsd(plan, ownBudgetUsd);
  const spent = (await getMonthUsage(table, input.tenantId, monthOf())).costUsd;
  if (budget > 0 && spent >= budget) {
    throw new KnowledgeLimitError(
      `This month's model budget of $${budget} is spent, and indexing a file uses it; reindex it next month, or ask the platform to raise your plan`,
    );
  }
};
