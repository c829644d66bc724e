import type { Context, SQSEvent } from 'aws-lambda';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import type { Answerer } from '../../functions/answer/answerer.js';
import type { QueueMessage } from '../../functions/queue/answer-queue.js';
import { localLambdaContext } from '../../local-stack/lambda-context.js';
import { sqsRecord } from './events.js';
import { elapsedMs, mean, quantile, round } from './stats.js';

/**
 * Tokens of the instructions a model-backed answerer sends besides the passages and question
 * (persona, grounding rules, reply format). An assumption until an LLM answerer exists to count.
 */
export const SYSTEM_PROMPT_TOKENS = 250;

export interface LlmUsage {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  /** The question embedded for retrieval when a vector index serves (text-embedding-3-small). */
  embeddingTokens: number;
}

/**
 * A model with zero latency: it answers at once from the best passage, and counts the tokens a
 * real call would have cost (o200k, gpt-4o-mini's tokenizer), so the bench measures everything
 * but the model and still prices the model. The counting is the provider's work, not the
 * worker's: the texts are kept and counted when the usage is read, outside the timed answers.
 */
export const createInstantLlm = (): { answerer: Answerer; usage: () => LlmUsage; reset: () => void } => {
  let usage: LlmUsage = { calls: 0, inputTokens: 0, outputTokens: 0, embeddingTokens: 0 };
  let uncounted: Array<{ prompt: string; text: string; question: string }> = [];
  const count = () => {
    for (const { prompt, text, question } of uncounted) {
      usage.inputTokens += SYSTEM_PROMPT_TOKENS + countTokens(prompt);
      usage.outputTokens += countTokens(text);
      usage.embeddingTokens += countTokens(question);
    }
    uncounted = [];
  };
  return {
    answerer: {
      kind: 'instant fake LLM (bench)',
      async answer(input) {
        const best = input.hits[0];
        const text = best
          ? `${input.businessName}: ${best.text.slice(0, 400)}`
          : `I'm sorry, I don't know that about ${input.businessName} yet.`;
        const prompt = [input.businessName, ...input.hits.map((h) => h.text), input.question].join('\n\n');
        usage.calls++;
        uncounted.push({ prompt, text, question: input.question });
        return {
          text,
          grounded: Boolean(best),
          sources: input.hits.slice(0, 2).map((h) => ({ documentId: h.documentId, chunk: h.chunk })),
          answeredBy: 'instant-llm',
        };
      },
    },
    usage: () => {
      count();
      return { ...usage };
    },
    reset: () => {
      usage = { calls: 0, inputTokens: 0, outputTokens: 0, embeddingTokens: 0 };
      uncounted = [];
    },
  };
};

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<unknown>;

export interface AnswerOverhead {
  p50Ms: number;
  p95Ms: number;
  meanMs: number;
  messages: number;
}

/** Each queued message through the answer worker alone (a batch of one), timed end to end. */
export const measureAnswerOverhead = async (
  worker: SqsHandler,
  messages: QueueMessage[],
): Promise<AnswerOverhead> => {
  const samples: number[] = [];
  let sequence = 0;
  for (const message of messages) {
    const event: SQSEvent = { Records: [sqsRecord(message, ++sequence)] };
    const started = performance.now();
    const response = (await worker(event, localLambdaContext('answer-worker'))) as
      | { batchItemFailures?: unknown[] }
      | undefined;
    samples.push(elapsedMs(started));
    if (response?.batchItemFailures?.length) throw new Error('the answer worker failed a bench message');
  }
  return {
    p50Ms: round(quantile(samples, 0.5)),
    p95Ms: round(quantile(samples, 0.95)),
    meanMs: round(mean(samples)),
    messages: samples.length,
  };
};
