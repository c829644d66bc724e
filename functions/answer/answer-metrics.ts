import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { metrics } from '../platform/observability.js';
import type { Answerer } from './answerer.js';

/**
 * Wraps an answerer so every answer reports its model spend and how it was reached:
 * `LlmInputTokens`, `LlmOutputTokens`, `LlmEstimatedCostUsd` (in micro-dollars, since EMF
 * values are best kept integral), `LlmAnswers`, `LlmFallbacks` (answered by anything but the
 * first stage of the chain) and `AnswersNotGrounded`. The chain's own `ModelCallFailed`,
 * `ModelSkippedOpenCircuit` and `AnsweredByLastResort` say why a fallback happened.
 *
 * @example
 * const answerer = withAnswerMetrics(createAnswerer(config, secrets), { primaryStage: 'gpt-4o-mini@api.openai.com' });
 */
export const withAnswerMetrics = <A extends Answerer>(
  answerer: A,
  options: { primaryStage?: string },
): A => ({
  ...answerer,
  async answer(input) {
    const answer = await answerer.answer(input);
    const usage = answer.usage ?? [];
    if (usage.length > 0) {
      const sum = (pick: (u: (typeof usage)[number]) => number) => usage.reduce((a, u) => a + pick(u), 0);
      metrics.addMetric(
        'LlmInputTokens',
        MetricUnit.Count,
        sum((u) => u.inputTokens),
      );
      metrics.addMetric(
        'LlmOutputTokens',
        MetricUnit.Count,
        sum((u) => u.outputTokens),
      );
      metrics.addMetric(
        'LlmEstimatedCostMicroUsd',
        MetricUnit.Count,
        Math.round(sum((u) => u.costUsd) * 1e6),
      );
    }
    if (options.primaryStage) {
      metrics.addMetric('LlmAnswers', MetricUnit.Count, 1);
      if (answer.answeredBy !== options.primaryStage) metrics.addMetric('LlmFallbacks', MetricUnit.Count, 1);
    }
    if (!answer.grounded) metrics.addMetric('AnswersNotGrounded', MetricUnit.Count, 1);
    return answer;
  },
});

/**
 * The name the chat-model stage gives itself (`model@host`), for comparing with `answeredBy`.
 * Mirrors `createChatModelStage`; `test/unit/answer-metrics.test.ts` checks they agree.
 */
export const stageNameOf = (stage: { model: string; baseUrl?: string | undefined }): string =>
  `${stage.model}@${stage.baseUrl ? new URL(stage.baseUrl).host : 'api.openai.com'}`;
