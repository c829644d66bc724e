import { searchQueryFor } from '../answer/follow-up.js';
import type { PromptTurn } from '../answer/prompt.js';
import { type InboundMessage, phoneOf } from '../channels/message.js';
import { asksForPerson, classifyByRules } from '../insights/classify.js';
import type { MessageInsight } from '../insights/labels.js';
import { sha256Hex } from '../platform/ids.js';
import { logger } from '../platform/observability.js';
import { type AnswerProfile, getAnswerProfile } from '../store/business-profile.js';
import { getConversationState, logTurn, putConversationState, recentTurns } from '../store/conversations.js';
import { recordInsight, recordKnowledgeGap } from '../store/insights.js';
import { firstTimeLimitReached, type LimitKind } from '../store/limit-notices.js';
import { effectiveBudgetUsd, planOf } from '../store/plans.js';
import { countCustomerMessage } from '../store/rate-limits.js';
import type { TenantProfile } from '../store/tenants.js';
import { getMonthUsage, monthOf, recordUsage } from '../store/usage.js';
import { burstTurns, laterMessageQueued, takesPartInBursts } from './bursts.js';
import { contactOf, handoffActive, startHandoff, toOwners } from './handoff.js';
import { replies } from './replies.js';
import type { ConversationDeps, Reply } from './respond.js';

/** How long after "I don't know" a YES still means "pass my question on". */
const HANDOFF_OFFER_MS = 24 * 60 * 60 * 1000;
const RETRIEVAL_K = 5;
/** Turns of history the model sees (and follow-ups are read against). */
const HISTORY_TURNS = 8;

const YES = /^\s*(yes|y|yes please|yeah|yep|sure|ok|okay|sí|si|oui|ja|sim)\s*[.!]*\s*$/i;

/**
 * Answers a customer of one business: limits first (rate, handoff, bursts, budget), then
 * retrieval with the conversation's context, the answerer, and the bookkeeping (usage, insights,
 * knowledge gaps, conversation state and turns).
 */
export const answerCustomer = async (
  tenant: TenantProfile,
  m: InboundMessage,
  rawQuestion: string,
  deps: ConversationDeps,
): Promise<Reply[]> => {
  const { tenantId } = tenant;
  const settings = deps.answers;
  const truncated = rawQuestion.length > settings.maxMessageChars;
  const question = truncated ? rawQuestion.slice(0, settings.maxMessageChars) : rawQuestion;
  const turn = { tenantId, customer: m.from, channel: m.channel, ttlDays: deps.conversationTtlDays };
  // The customer's turn is keyed by the provider's id and arrival time, so a retry rewrites it.
  const logCustomerTurn = (deferred?: boolean) =>
    logTurn(deps.table, {
      ...turn,
      role: 'customer',
      text: question,
      providerMessageId: m.providerMessageId,
      at: m.receivedAt,
      id: sha256Hex(`${m.provider}:${m.providerMessageId}`).slice(0, 24),
      deferred,
    });
  const labelByRules = () => keepInsight(deps, tenantId, classifyByRules(question));

  const sent = await countCustomerMessage(deps.table, {
    tenantId,
    customer: m.from,
    messageId: sha256Hex(`${m.provider}:${m.providerMessageId}`).slice(0, 16),
    windowSeconds: settings.rateLimit.windowSeconds,
  });
  if (sent > settings.rateLimit.messages) {
    await logCustomerTurn();
    // One polite word when the limit is first passed; silence after, so a flood costs nothing.
    return sent === settings.rateLimit.messages + 1 ? [{ text: replies.rateLimited(), tenantId }] : [];
  }

  const state = await getConversationState(deps.table, tenantId, m.from);
  if (handoffActive(state)) {
    await logCustomerTurn();
    await labelByRules();
    return toOwners(tenant, replies.forwardedToOwner(phoneOf(m.from), question));
  }

  if (settings.burstWindowMs > 0 && takesPartInBursts(m) && (await laterMessageQueued(deps.table, m))) {
    await logCustomerTurn(true);
    await labelByRules();
    return [];
  }
  await logCustomerTurn();

  const turns = await recentTurns(deps.table, tenantId, m.from, HISTORY_TURNS + 6);
  const burst = burstTurns(turns);
  const asked = burst.length > 1 ? burst.map((t) => t.text).join('\n') : question;
  const history: PromptTurn[] = turns
    .slice(0, turns.length - Math.max(burst.length, 1))
    .slice(-HISTORY_TURNS)
    .map(({ role, text }) => ({ role, text }));

  if (
    YES.test(question) &&
    state.offeredHandoff &&
    Date.now() - Date.parse(state.offeredHandoff.at) < HANDOFF_OFFER_MS
  ) {
    return startHandoff(tenant, m, state.offeredHandoff.question, deps, 'unanswered');
  }
  if (asksForPerson(asked)) {
    await keepInsight(deps, tenantId, { ...classifyByRules(asked), intent: 'human_request' });
    return startHandoff(tenant, m, asked, deps, 'asked');
  }

  const profile = tenant.answerProfile ??
    (await getAnswerProfile(deps.table, tenantId)) ?? { name: tenant.name };
  const overLimit = await planLimitReached(tenant, profile, deps);
  if (overLimit) {
    await labelByRules();
    await logTurn(deps.table, { ...turn, role: 'assistant', text: overLimit.customerText });
    return [
      { text: overLimit.customerText, tenantId },
      ...overLimit.ownerNotice,
      ...toOwners(tenant, replies.forwardedToOwner(phoneOf(m.from), asked)),
    ];
  }

  const hits = await deps.knowledge.search(tenantId, searchQueryFor(asked, history), RETRIEVAL_K);
  const answer = await deps.answerer.answer({
    businessName: tenant.name,
    question: asked,
    channel: m.channel,
    hits,
    profile,
    history,
  });

  await Promise.all([
    recordUsage(deps.table, tenantId, { messages: 1, calls: answer.usage ?? [] }),
    keepInsight(deps, tenantId, answer.insight ?? classifyByRules(asked)),
    answer.grounded ? undefined : recordKnowledgeGap(deps.table, tenantId, asked),
  ]);
  await putConversationState(deps.table, {
    ...turn,
    state: {
      ...state,
      needsPerson: undefined,
      contact: contactOf(m),
      offeredHandoff: answer.grounded ? undefined : { question: asked, at: new Date().toISOString() },
    },
  });
  const text = truncated
    ? `${replies.truncatedNotice(settings.maxMessageChars)} ${answer.text}`
    : answer.text;
  await logTurn(deps.table, { ...turn, role: 'assistant', text });
  logger.info('answered', { answeredBy: answer.answeredBy, grounded: answer.grounded, burst: burst.length });
  return [{ text, tenantId }];
};

/**
 * The plan's monthly limits: messages answered, and model spend (only when a model answers).
 * Over one, the customer gets a clear reply and the owner is told once a month.
 */
const planLimitReached = async (
  tenant: TenantProfile,
  profile: AnswerProfile,
  deps: ConversationDeps,
): Promise<{ customerText: string; ownerNotice: Reply[] } | undefined> => {
  const plan = planOf(deps.defaultPlan, profile.plan);
  const month = monthOf();
  const usage = await getMonthUsage(deps.table, tenant.tenantId, month);
  const budget = effectiveBudgetUsd(plan, profile.monthlyBudgetUsd);
  const reached: LimitKind | undefined =
    usage.messages >= plan.messagesPerMonth
      ? 'messages'
      : deps.answerer.kind !== 'extractive' && budget > 0 && usage.costUsd >= budget
        ? 'budget'
        : undefined;
  if (!reached) return undefined;
  const first = await firstTimeLimitReached(deps.table, tenant.tenantId, reached, month);
  const ownerText =
    reached === 'messages'
      ? replies.ownerMessageQuotaAlert(tenant.name, plan.messagesPerMonth)
      : replies.ownerBudgetAlert(tenant.name, budget);
  return {
    customerText:
      reached === 'messages' ? replies.messageQuotaReached(tenant.name) : replies.budgetReached(tenant.name),
    ownerNotice: first ? toOwners(tenant, ownerText) : [],
  };
};

/** Insights are for the owner's dashboard: losing one must never cost the customer their reply. */
const keepInsight = async (deps: ConversationDeps, tenantId: string, insight: MessageInsight) => {
  try {
    await recordInsight(deps.table, tenantId, insight);
  } catch (error) {
    logger.warn('could not record the message insight', { error, tenantId });
  }
};
