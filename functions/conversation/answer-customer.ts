import { answerQuestion } from '../answer/answer-question.js';
import type { AnswerStream } from '../answer/answerer.js';
import { type CustomerReplies, customerReplies } from '../answer/customer-replies.js';
import { detectCustomerLanguage } from '../answer/language.js';
import type { PromptTurn } from '../answer/prompt.js';
import { smallTalkOf } from '../answer/small-talk.js';
import type { MessageInsight } from '../contracts/insight-labels.js';
import { type InboundMessage, phoneOf } from '../contracts/messages.js';
import { asksForPerson, classifyByRules } from '../insights/classify.js';
import { gapKeyOf, isRealQuestion } from '../insights/gaps.js';
import { sha256Hex } from '../platform/ids.js';
import { logger } from '../platform/observability.js';
import { putItems } from '../store/answer-context.js';
import {
  type ConversationState,
  type ConversationTurn,
  conversationStateItem,
  getConversationState,
  logTurn,
  recentTurns,
  turnItem,
} from '../store/conversations.js';
import { recordInsight, recordKnowledgeGap } from '../store/insights.js';
import type { KnowledgeChanges } from '../store/knowledge-changes.js';
import { firstTimeLimitReached, type LimitKind } from '../store/limit-notices.js';
import { type CustomerWindow, type WindowAddress, windowItemAfter } from '../store/messaging-window.js';
import { effectiveBudgetUsd, planOf } from '../store/plans.js';
import { countCustomerMessage } from '../store/rate-limits.js';
import type { BusinessProfile } from '../store/tenants.js';
import { getMonthUsage, monthOf, recordUsage, type UsageTotals } from '../store/usage.js';
import { burstTurns, laterMessageQueued, takesPartInBursts } from './bursts.js';
import type { ConversationDeps, Reply } from './conversation-deps.js';
import { contactOf, handoffActive, startHandoff, toOwners } from './handoff.js';
import { replies } from './replies.js';
import { windowTimeOf } from './whatsapp-window.js';

/** How long after "I don't know" a YES still means "pass my question on". */
const HANDOFF_OFFER_MS = 24 * 60 * 60 * 1000;
/** Turns of history the model sees (and follow-ups are read against). */
const HISTORY_TURNS = 8;

const YES = /^\s*(yes|y|yes please|yeah|yep|sure|ok|okay|sí|si|oui|ja|sim)\s*[.!]*\s*$/i;

/** A live channel (a phone call) listening to the answer as it is written. */
export interface LiveAnswer {
  stream: AnswerStream;
  /** Names the assistant's turn, so that what the caller actually heard can replace it later. */
  assistantTurn: { at: string; id: string };
}

/** What the caller already read for this message (`store/answer-context.ts`), not read again. */
export interface KnownContext {
  state: ConversationState;
  monthUsage: UsageTotals;
  /** The knowledge changes the embedded index reads before a search. */
  knowledgeChanges?: KnowledgeChanges;
  /** The customer's 24-hour window on this address, as it was read: the answer's batch records it. */
  window?: { address: WindowAddress; previous?: CustomerWindow };
}

/**
 * Answers a customer of one business: limits first (rate, handoff, bursts, budget), then
 * retrieval with the conversation's context, the answerer, and the bookkeeping (usage, insights,
 * knowledge gaps, conversation state and turns).
 */
export const answerCustomer = async (
  tenant: BusinessProfile,
  m: InboundMessage,
  rawQuestion: string,
  deps: ConversationDeps,
  live?: LiveAnswer,
  /** Photos (data URLs) that are part of the question, for a model that sees images. */
  media: { images?: string[] } = {},
  known?: KnownContext,
): Promise<Reply[]> => {
  const { tenantId } = tenant;
  const settings = deps.answers;
  const truncated = rawQuestion.length > settings.maxMessageChars;
  const question = truncated ? rawQuestion.slice(0, settings.maxMessageChars) : rawQuestion;
  const turn = { tenantId, customer: m.from, channel: m.channel, ttlDays: deps.conversationTtlDays };
  // The customer's turn is keyed by the provider's id and arrival time, so a retry rewrites it.
  const customerTurnInput = (deferred?: boolean) => ({
    ...turn,
    role: 'customer' as const,
    text: question,
    providerMessageId: m.providerMessageId,
    at: m.receivedAt,
    id: sha256Hex(`${m.provider}:${m.providerMessageId}`).slice(0, 24),
    deferred,
  });
  const logCustomerTurn = (deferred?: boolean) => logTurn(deps.table, customerTurnInput(deferred));
  // The customer's 24-hour window, when it was read with the context: put with the answer's
  // other items (one batch), and its reply says so (`windowNoted`), so it is not written again.
  const window = known?.window && {
    item: windowItemAfter(known.window.address, known.window.previous, windowTimeOf(m), m.profileName),
  };
  const withWindow = (items: Record<string, unknown>[]) => (window?.item ? [...items, window.item] : items);
  const reply = (text: string): Reply => ({ text, tenantId, ...(window ? { windowNoted: true } : {}) });
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
    const say = customerReplies(detectCustomerLanguage(question, []));
    return sent === settings.rateLimit.messages + 1 ? [{ text: say.rateLimited(), tenantId }] : [];
  }

  const state = known?.state ?? (await getConversationState(deps.table, tenantId, m.from));
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
  // The customer's turn is written with the answer's (one batch, below): the history read here
  // holds it as it will be stored. A side path (handoff, small talk, a limit) writes it first.
  const customerTurn = turnItem(customerTurnInput());
  const turns = withTurn(
    await recentTurns(deps.table, tenantId, m.from, HISTORY_TURNS + 6),
    customerTurn,
    HISTORY_TURNS + 6,
  );
  const burst = burstTurns(turns);
  const asked = burst.length > 1 ? burst.map((t) => t.text).join('\n') : question;
  const history: PromptTurn[] = turns
    .slice(0, turns.length - Math.max(burst.length, 1))
    .slice(-HISTORY_TURNS)
    .map(({ role, text }) => ({ role, text }));

  const language = detectCustomerLanguage(asked, history, tenant.language);
  const say = customerReplies(language);
  if (
    YES.test(question) &&
    state.offeredHandoff &&
    Date.now() - Date.parse(state.offeredHandoff.at) < HANDOFF_OFFER_MS
  ) {
    await logCustomerTurn();
    return startHandoff(tenant, m, state.offeredHandoff.question, deps, 'unanswered', language);
  }
  if (asksForPerson(asked)) {
    await logCustomerTurn();
    await keepInsight(deps, tenantId, { ...classifyByRules(asked), intent: 'human_request' });
    return startHandoff(tenant, m, asked, deps, 'asked', language);
  }
  // "hi", "thanks!", "ok": a friendly word back, with no retrieval, no "I don't know" and no gap.
  const smallTalk = smallTalkOf(asked, tenant.name);
  if (smallTalk) {
    await keepInsight(deps, tenantId, { ...classifyByRules(asked), intent: 'greeting' });
    const text = say.smallTalk(smallTalk.kind, tenant.name);
    await putItems(deps.table, withWindow([customerTurn, turnItem({ ...turn, role: 'assistant', text })]));
    return [reply(text)];
  }

  const overLimit = await planLimitReached(tenant, deps, say, known?.monthUsage);
  if (overLimit) {
    await labelByRules();
    await putItems(
      deps.table,
      withWindow([customerTurn, turnItem({ ...turn, role: 'assistant', text: overLimit.customerText })]),
    );
    return [
      reply(overLimit.customerText),
      ...overLimit.ownerNotice,
      ...toOwners(tenant, replies.forwardedToOwner(phoneOf(m.from), asked)),
    ];
  }

  const { answer } = await answerQuestion(deps, {
    tenantId,
    question: asked,
    channel: m.channel,
    profile: tenant,
    history,
    stream: live?.stream,
    ...(media.images?.length ? { images: media.images } : {}),
    ...(known?.knowledgeChanges ? { readForSearch: { knowledgeChanges: known.knowledgeChanges } } : {}),
  });

  await Promise.all([
    // The message's insight is counted with its usage, on the day's item: one update, not two.
    recordUsage(deps.table, tenantId, {
      messages: 1,
      calls: answer.usage ?? [],
      insight: answer.insight ?? classifyByRules(asked),
    }),
    answer.grounded || !isRealQuestion(asked)
      ? undefined
      : recordKnowledgeGap(deps.table, tenantId, asked, gapKeyOf(asked)),
  ]);
  const text = truncated ? `${say.truncatedNotice(settings.maxMessageChars)} ${answer.text}` : answer.text;
  // The customer's turn, the answer's, the conversation's state and the customer's window: one
  // batch of puts.
  await putItems(
    deps.table,
    withWindow([
      customerTurn,
      turnItem({ ...turn, role: 'assistant', text, ...live?.assistantTurn }),
      conversationStateItem({
        ...turn,
        state: {
          ...state,
          needsPerson: undefined,
          contact: contactOf(m),
          offeredHandoff: answer.grounded ? undefined : { question: asked, at: new Date().toISOString() },
        },
      }),
    ]),
  );
  logger.info('answered', { answeredBy: answer.answeredBy, grounded: answer.grounded, burst: burst.length });
  return [reply(text)];
};

/**
 * The plan's monthly limits: messages answered, and model spend (only when a model answers).
 * Over one, the customer gets a clear reply and the owner is told once a month.
 */
const planLimitReached = async (
  tenant: BusinessProfile,
  deps: ConversationDeps,
  say: CustomerReplies,
  /** The month's usage as read with the business, if it was. */
  known?: UsageTotals,
): Promise<{ customerText: string; ownerNotice: Reply[] } | undefined> => {
  const plan = planOf(deps.defaultPlan, tenant.plan);
  const month = monthOf();
  const usage = known ?? (await getMonthUsage(deps.table, tenant.tenantId, month));
  const budget = effectiveBudgetUsd(plan, tenant.monthlyBudgetUsd);
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
      reached === 'messages' ? say.messageQuotaReached(tenant.name) : say.budgetReached(tenant.name),
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

/**
 * The conversation's newest turns with this message's customer turn among them, where the store
 * sorts it (by time), as if it had been written before the read; a retry finds it written already.
 */
const withTurn = (
  turns: ConversationTurn[],
  item: ReturnType<typeof turnItem>,
  limit: number,
): ConversationTurn[] => {
  const own = item as unknown as ConversationTurn;
  const others = turns.filter((t) => t.providerMessageId !== own.providerMessageId || t.role !== 'customer');
  const turn: ConversationTurn = {
    role: own.role,
    text: own.text,
    channel: own.channel,
    at: own.at,
    providerMessageId: own.providerMessageId,
    deferred: own.deferred,
  };
  const at = others.findIndex((t) => t.at > turn.at);
  const merged = at < 0 ? [...others, turn] : [...others.slice(0, at), turn, ...others.slice(at)];
  return merged.slice(-limit);
};
