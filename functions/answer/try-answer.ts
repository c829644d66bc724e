import type { TriedAnswer } from '../contracts/admin/assistant.js';
import type { Channel } from '../contracts/messages.js';
import type { KnowledgeIndex } from '../knowledge/knowledge-index.js';
import { HttpError } from '../platform/errors.js';
import type { Plan } from '../platform/plan-config.js';
import { getAnswerProfile } from '../store/business-profile.js';
import type { Table } from '../store/client.js';
import { effectiveBudgetUsd, planOf } from '../store/plans.js';
import { countTestChat } from '../store/rate-limits.js';
import type { TenantProfile } from '../store/tenants.js';
import { getMonthUsage, monthOf, recordUsage } from '../store/usage.js';
import { answerQuestion } from './answer-question.js';
import type { Answerer } from './answerer.js';
import type { QueryRewriter } from './query-rewriter.js';

export interface TryAnswerDeps {
  table: Table;
  knowledge: KnowledgeIndex;
  answerer: Answerer;
  rewriter?: QueryRewriter;
  /** The plan of a business the platform operator has not given one of its own. */
  defaultPlan: Plan;
}

/**
 * The owner's test chat: the same retrieval, profile and answerer a customer gets, with no
 * conversation. Nothing is sent and no turn, insight or knowledge gap is recorded; the model's
 * tokens are counted in the month's usage, because they are spent.
 */
export const tryAnswer = async (
  deps: TryAnswerDeps,
  tenant: TenantProfile,
  question: string,
  channel: Channel = 'whatsapp',
): Promise<TriedAnswer> => {
  const { tenantId } = tenant;
  const profile = (await getAnswerProfile(deps.table, tenantId)) ?? { name: tenant.name };
  const plan = planOf(deps.defaultPlan, profile.plan);
  if ((await countTestChat(deps.table, tenantId)) > plan.testChatsPerMinute) {
    throw new HttpError(
      429,
      `Your plan allows ${plan.testChatsPerMinute} test questions a minute; wait a minute and try again.`,
      { headers: { 'retry-after': String(60 - (Math.floor(Date.now() / 1000) % 60)) } },
    );
  }
  if (deps.answerer.kind !== 'extractive') {
    const budget = effectiveBudgetUsd(plan, profile.monthlyBudgetUsd);
    const spent = (await getMonthUsage(deps.table, tenantId, monthOf())).costUsd;
    if (budget > 0 && spent >= budget)
      throw new HttpError(
        402,
        `This month's model budget of $${budget} is spent; test answers resume next month, or ask the platform to raise your plan.`,
      );
  }
  const { answer, hits } = await answerQuestion(deps, {
    tenantId,
    question,
    channel,
    profile: { ...profile, name: tenant.name },
  });
  if (answer.usage?.length) await recordUsage(deps.table, tenantId, { messages: 0, calls: answer.usage });
  return {
    answer: answer.text,
    grounded: answer.grounded,
    answeredBy: answer.answeredBy,
    sources: answer.sources.map(({ documentId, chunk }) => ({
      documentId,
      chunk,
      text: hits.find((h) => h.documentId === documentId && h.chunk === chunk)?.text ?? '',
    })),
  };
};
