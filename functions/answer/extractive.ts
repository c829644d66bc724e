import { sentences, terms } from '../knowledge/text.js';
import { type Answer, type Answerer, type AnswerInput, notKnownReply } from './answerer.js';

export interface ExtractiveOptions {
  /** Hits scoring below this are not relevant enough to answer from. */
  relevanceFloor?: number;
  /** Passages longer than this are cut down to their best sentences. */
  maxPassageChars?: number;
}

/**
 * Answers with no language model: the best-matching passage (or its best sentences), quoted in a
 * natural sentence, plus a second passage when it is nearly as relevant. When nothing clears the
 * relevance floor it says so and offers a person. It never writes a fact that is not in a passage.
 */
export const createExtractiveAnswerer = (options: ExtractiveOptions = {}): Answerer => {
  const floor = options.relevanceFloor ?? 0.5;
  const maxChars = options.maxPassageChars ?? 320;

  return {
    kind: 'extractive',
    async answer(input: AnswerInput): Promise<Answer> {
      const relevant = input.hits.filter((h) => h.score >= floor);
      const [top, next] = relevant;
      if (!top)
        return {
          text: notKnownReply(input.businessName),
          grounded: false,
          sources: [],
          answeredBy: 'extractive',
        };
      const used =
        next && next.score >= top.score * 0.9 && next.documentId !== top.documentId ? [top, next] : [top];
      const passages = used.map((h) => bestPart(h.text, input.question, maxChars));
      const text =
        passages.length === 1
          ? `According to ${input.businessName}: ${passages[0]}`
          : `According to ${input.businessName}: ${passages[0]} Also: ${passages[1]}`;
      return {
        text,
        grounded: true,
        sources: used.map(({ documentId, chunk }) => ({ documentId, chunk })),
        answeredBy: 'extractive',
      };
    },
  };
};

/** The passage itself when short; otherwise its sentences that share the most terms with the question. */
const bestPart = (passage: string, question: string, maxChars: number): string => {
  const text = passage.trim();
  if (text.length <= maxChars) return withFullStop(text);
  const wanted = new Set(terms(question));
  const ranked = sentences(text)
    .map((s, order) => ({ s, order, overlap: terms(s).filter((t) => wanted.has(t)).length }))
    .sort((a, b) => b.overlap - a.overlap || a.order - b.order);
  const picked: typeof ranked = [];
  let length = 0;
  for (const candidate of ranked) {
    if (picked.length > 0 && (candidate.overlap === 0 || length + candidate.s.length > maxChars)) break;
    picked.push(candidate);
    length += candidate.s.length + 1;
  }
  return withFullStop(
    picked
      .sort((a, b) => a.order - b.order)
      .map((p) => p.s)
      .join(' '),
  );
};

const withFullStop = (s: string): string => (/[.!?…)"']$/.test(s) ? s : `${s}.`);
