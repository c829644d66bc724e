import type { Table } from '../store/client.js';
import {
  type ConversationSummary,
  getConversationState,
  putConversationState,
} from '../store/conversations.js';

export interface TakeoverDeps {
  table: Table;
  conversationTtlDays: number;
  handoffTimeoutMinutes: number;
}

/**
 * The owner takes a conversation from the console before writing: the assistant goes quiet in
 * it until the owner hands back or the handoff timeout passes, as after `!reply`.
 */
export const takeOverConversation = async (
  deps: TakeoverDeps,
  tenantId: string,
  conversation: ConversationSummary,
): Promise<string> => {
  const state = await getConversationState(deps.table, tenantId, conversation.customer);
  const until = new Date(Date.now() + deps.handoffTimeoutMinutes * 60_000).toISOString();
  await putConversationState(deps.table, {
    tenantId,
    customer: conversation.customer,
    ttlDays: deps.conversationTtlDays,
    state: {
      ...state,
      offeredHandoff: undefined,
      needsPerson: {
        question: state.needsPerson?.question ?? state.offeredHandoff?.question ?? '',
        at: state.needsPerson?.at ?? new Date().toISOString(),
        until,
      },
    },
  });
  return until;
};

/** The owner hands back (the console's `!resume`): the assistant answers this customer again. */
export const handBackConversation = async (
  deps: Pick<TakeoverDeps, 'table' | 'conversationTtlDays'>,
  tenantId: string,
  conversation: ConversationSummary,
): Promise<void> => {
  const state = await getConversationState(deps.table, tenantId, conversation.customer);
  await putConversationState(deps.table, {
    tenantId,
    customer: conversation.customer,
    ttlDays: deps.conversationTtlDays,
    state: { ...state, needsPerson: undefined, offeredHandoff: undefined },
  });
};
