import type { Channel } from '../contracts/messages.js';
import type { KnowledgeIndex, ReadForSearch, SearchHit } from '../knowledge/knowledge-index.js';
import type { Answer, Answerer, AnswerStream } from './answerer.js';
import { leansOnContext, searchQueryFor } from './follow-up.js';
import { detectCustomerLanguage } from './language.js';
import type { LanguageCode } from './language-codes.js';
import { languageCodeOf } from './language-codes.js';
import type { ProfileInPrompt, PromptTurn } from './prompt.js';
import type { QueryRewriter } from './query-rewriter.js';

/** As many passages as a customer's answer is given. */
export const RETRIEVAL_K = 5;

export interface AnswerQuestionDeps {
  knowledge: KnowledgeIndex;
  answerer: Answerer;
  /** With a model: reads follow-ups and puts the search into the knowledge's language. */
  rewriter?: QueryRewriter;
}

export interface AnswerQuestionInput {
  tenantId: string;
  question: string;
  channel: Channel;
  profile: ProfileInPrompt;
  history?: PromptTurn[];
  /** A live channel (a phone call) listening to the reply as it is written. */
  stream?: AnswerStream;
  /** Photos (data URLs) that are part of the question, for a model that sees images. */
  images?: string[];
  /** What the caller already read for the search (the knowledge changes, with its other reads). */
  readForSearch?: ReadForSearch;
}

export interface AnsweredQuestion {
  answer: Answer;
  /** What retrieval searched with. */
  query: string;
  hits: SearchHit[];
  /** The language the customer wrote in, and the reply is in. */
  language: LanguageCode;
}

/**
 * One question through retrieval and the answerer: the customer's language, the search query
 * (rewritten by the model when there is one, else by the follow-up rules), the passages, and the
 * answer. The conversation flow, the owner's test chat and `npm run eval` all go through here, so
 * the eval measures what customers get.
 */
export const answerQuestion = async (
  deps: AnswerQuestionDeps,
  input: AnswerQuestionInput,
): Promise<AnsweredQuestion> => {
  const history = input.history ?? [];
  const language = detectCustomerLanguage(input.question, history, input.profile.language);
  const knowledgeLanguage = languageCodeOf(input.profile.language);
  // A model call only when it changes the search: a follow-up that leans on the conversation, or
  // a question in another language than the knowledge's.
  const needsRewrite =
    (leansOnContext(input.question) && history.some((t) => t.role === 'customer')) ||
    (knowledgeLanguage !== undefined && knowledgeLanguage !== language);
  const rewritten =
    deps.rewriter && needsRewrite
      ? await deps.rewriter.rewrite({
          question: input.question,
          history,
          knowledgeLanguage: input.profile.language,
        })
      : undefined;
  const query = rewritten?.query ?? searchQueryFor(input.question, history);
  const hits = await deps.knowledge.search(input.tenantId, query, RETRIEVAL_K, input.readForSearch);
  const answer = await deps.answerer.answer({
    businessName: input.profile.name,
    question: input.question,
    channel: input.channel,
    hits,
    profile: input.profile,
    history,
    language,
    stream: input.stream,
    ...(input.images?.length ? { images: input.images } : {}),
  });
  return {
    answer: rewritten?.usage ? { ...answer, usage: [rewritten.usage, ...(answer.usage ?? [])] } : answer,
    query,
    hits,
    language,
  };
};
