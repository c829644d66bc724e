import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger, metrics } from '../platform/observability.js';
import type { Answer, Answerer, AnswerInput, ModelUsage } from './answerer.js';
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
        try {
          const { reply, usage } = await stage.complete(messages);
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
          breaker.recordFailure();
          const usage = error instanceof ModelCallError ? usageIn(error) : undefined;
          if (usage) spent.push(usage);
          metrics.addMetric('ModelCallFailed', MetricUnit.Count, 1);
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

/** A reply that came back but was not usable still cost its tokens. */
const usageIn = (error: ModelCallError): ModelUsage | undefined => {
  const cause = error.cause as { usage?: ModelUsage } | undefined;
  return cause?.usage;
};
