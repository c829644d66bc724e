import { closeKnowledgeGap, listOpenGaps } from '../store/insights.js';
import { addSnippet, type KnowledgeDeps, MAX_SNIPPET_CHARS, type Snippet } from './knowledge-base.js';

/** How many open gaps are searched for the one being answered (a business has dozens, not thousands). */
const OPEN_GAPS_SCANNED = 1000;

/**
 * Answers a knowledge gap in one step: the question and the owner's answer become a fact (as
 * `!add` makes one, so retrieval finds it by the customer's own words), and the gap closes.
 * Undefined when the tenant has no such open gap.
 */
export const answerKnowledgeGap = async (
  deps: KnowledgeDeps,
  tenantId: string,
  gapId: string,
  answer: string,
): Promise<Snippet | undefined> => {
  const gap = (await listOpenGaps(deps.table, tenantId, OPEN_GAPS_SCANNED)).find((g) => g.gapId === gapId);
  if (!gap) return undefined;
  const fact = `Q: ${gap.question} A: ${answer}`.slice(0, MAX_SNIPPET_CHARS);
  const snippet = await addSnippet(deps, tenantId, fact);
  await closeKnowledgeGap(deps.table, tenantId, gapId);
  return snippet;
};
