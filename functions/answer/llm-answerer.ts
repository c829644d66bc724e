import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger, metrics } from '../platform/observability.js';
import type { ModelUsage } from '../store/usage.js';
import type { Answer, Answerer, AnswerInput } from './answerer.js';
import type { ChatModelStage } from './chat-model.js';
import { CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker.js';
import { ModelCallError } from './errors.js';
import { buildAnswerPrompt } from './prompt.js';

export interface LlmAnswererOptions {
  /** Tried in order; a stage whose circuit is open is skipped without a call. */
  stages: ChatModelStage[];
  /** Answers when every stage failed or was skipped, so a customer always gets a reply. */
  lastResort: Answerer;
  /** Hits scoring below this are not shown to the model. */
  relevanceFloor: number;
  maxSources: number;
  circuit: CircuitBreakerOptions;
}

/**
 * The answerer with a language model: the prompt of `buildAnswerPrompt`, sent down a fallback
 * chain of models and endpoints, each behind a circuit breaker, with the extractive answerer as
 * the last resort.
 */
export const createLlmAnswerer = (
  options: LlmAnswererOptions,
): Answerer & { circuits(): Record<string, string> } => {
  const chain = options.stages.map((stage) => ({ stage, breaker: new CircuitBreaker(options.circuit) }));

  return {
    seesImages: options.stages.some((stage) => stage.seesImages),
    kind: `llm chain (${options.stages.map((s) => s.name).join(' -> ')} -> ${options.lastResort.kind})`,
    circuits: () => Object.fromEntries(chain.map(({ stage, breaker }) => [stage.name, breaker.state])),
    async answer(input: AnswerInput): Promise<Answer> {
      const sources = input.hits
        .filter((h) => h.score >= options.relevanceFloor)
        .slice(0, options.maxSources);
      const messages = buildAnswerPrompt({
        profile: input.profile ?? { name: input.businessName },
        question: input.question,
        channel: input.channel,
        sources,
        history: input.history ?? [],
        language: input.language,
      });
      const spent: ModelUsage[] = [];
      for (const { stage, breaker } of chain) {
        if (!breaker.allowsCall()) {
          metrics.addMetric('ModelSkippedOpenCircuit', MetricUnit.Count, 1);
          continue;
        }
        let spoken = '';
        try {
          // A stage that cannot see images answers from the caption alone.
          const images = stage.seesImages ? input.images : undefined;
          const { reply, usage } =
            input.stream && stage.stream
              ? await stage.stream(
                  messages,
                  (delta) => {
                    spoken += delta;
                    input.stream!.onText(delta);
                  },
                  input.stream.signal,
                  images,
                )
              : await stage.complete(messages, images);
          breaker.recordSuccess();
          spent.push(usage);
          const used = reply.sources.map((n) => sources[n - 1]).filter((h) => h !== undefined);
          return {
            text: reply.reply.trim(),
            grounded: reply.known,
            sources: (reply.known ? used : []).map(({ documentId, chunk }) => ({ documentId, chunk })),
            answeredBy: stage.name,
            usage: spent,
            insight: { intent: reply.intent, sentiment: reply.sentiment, labelledBy: 'llm' },
          };
        } catch (error) {
          if (input.stream?.signal?.aborted) {
            // The listener hung up or interrupted: not the model's fault, and nothing more to say.
            return { text: spoken, grounded: true, sources: [], answeredBy: stage.name, usage: spent };
          }
          breaker.recordFailure();
          const usage = error instanceof ModelCallError ? usageIn(error) : undefined;
          if (usage) spent.push(usage);
          metrics.addMetric('ModelCallFailed', MetricUnit.Count, 1);
          if (spoken) {
            // The caller already heard part of this answer: another model would start over, so
            // the sentence is closed and the caller told what happened.
            metrics.addMetric('ModelFailedMidAnswer', MetricUnit.Count, 1);
            logger.warn('model stage failed mid-answer; ending the sentence', { stage: stage.name, error });
            const ending = endOfBrokenAnswer(spoken);
            input.stream!.onText(ending);
            return {
              text: `${spoken}${ending}`.trim(),
              grounded: false,
              sources: [],
              answeredBy: stage.name,
              usage: spent,
            };
          }
          logger.warn('model stage failed; trying the next', {
            stage: stage.name,
            error,
            circuit: breaker.state,
          });
        }
      }
      metrics.addMetric('AnsweredByLastResort', MetricUnit.Count, 1);
      const fallback = await options.lastResort.answer(input);
      return { ...fallback, usage: spent };
    },
  };
};

/**
 * What is said after a reply that broke off: the open sentence is closed, then an apology that
 * invites the caller to ask again.
 */
export const endOfBrokenAnswer = (spoken: string): string => {
  const trimmed = spoken.trimEnd();
  const close = /[.!?]$/.test(trimmed) ? '' : trimmed.endsWith(',') ? ' and so on.' : '.';
  return `${close} Sorry, I lost my connection for a moment. Could you ask me that again?`;
};

/** A reply that came back but was not usable still cost its tokens. */
const usageIn = (error: ModelCallError): ModelUsage | undefined => {
  const cause = error.cause as { usage?: ModelUsage } | undefined;
  return cause?.usage;
};
