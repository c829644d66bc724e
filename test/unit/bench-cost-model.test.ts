import { describe, expect, it } from 'vitest';
import { costPer1000, type InvocationProfile, PRICES } from '../../tools/bench/cost-model.js';

const idle: InvocationProfile = {
  perMessage: 1,
  durationMs: 0,
  memoryMb: 1024,
  coldFraction: 0,
  initMs: 0,
  httpRequests: 0,
  readUnits: 0,
  writeUnits: 0,
  logBytes: 0,
};
const noLlm = { inputTokens: 0, outputTokens: 0, embeddingTokens: 0 };

describe('the cost model of 1,000 answered messages', () => {
  it('bills Lambda by GB-second and request, with the cold fraction paying its init', () => {
    // Prepare: 1,000 runs of one second at 1 GB, a tenth of them cold with 500 ms of init
    const fn = { ...idle, durationMs: 1000, coldFraction: 0.1, initMs: 500 };

    // Act
    const cost = costPer1000({ invocations: [fn], sqsRequests: 0, s3Gets: 0, s3Puts: 0, llm: noLlm });

    // Assess: 1,000 x 1.05 GB-s, plus 1,000 requests
    expect(cost.breakdown.lambda).toBeCloseTo(
      1050 * PRICES.lambdaArmGbSecondUsd + 1000 * PRICES.lambdaRequestUsd,
      12,
    );
    expect(cost.infraUsd).toBeCloseTo(cost.breakdown.lambda, 12);
  });

  it('rounds each duration up to the millisecond and scales by memory', () => {
    const fn = { ...idle, durationMs: 9.2, memoryMb: 512 };

    const cost = costPer1000({ invocations: [fn], sqsRequests: 0, s3Gets: 0, s3Puts: 0, llm: noLlm });

    expect(cost.breakdown.lambda).toBeCloseTo(
      1000 * (0.01 * 0.5 * PRICES.lambdaArmGbSecondUsd + PRICES.lambdaRequestUsd),
      12,
    );
  });

  it('adds HTTP API requests, DynamoDB units, SQS FIFO requests, logs and model tokens', () => {
    const webhook = {
      ...idle,
      perMessage: 3,
      httpRequests: 1,
      readUnits: 0.5,
      writeUnits: 2,
      logBytes: 1024,
    };

    const cost = costPer1000({
      invocations: [webhook],
      sqsRequests: 3,
      s3Gets: 0,
      s3Puts: 0,
      llm: { inputTokens: 1000, outputTokens: 100, embeddingTokens: 10 },
    });

    expect(cost.breakdown.apiGateway).toBeCloseTo(3000 * PRICES.httpApiRequestUsd, 12);
    expect(cost.breakdown.dynamodb).toBeCloseTo(
      3000 * (0.5 * PRICES.dynamoReadRequestUnitUsd + 2 * PRICES.dynamoWriteRequestUnitUsd),
      12,
    );
    expect(cost.breakdown.sqs).toBeCloseTo(3000 * PRICES.sqsFifoRequestUsd, 12);
    expect(cost.breakdown.logs).toBeCloseTo(
      ((3000 * 1024) / 1024 ** 3) * PRICES.cloudWatchLogsIngestedGbUsd,
      12,
    );
    expect(cost.llmUsd).toBeCloseTo(
      1000 *
        (1000 * PRICES.gpt4oMiniInputTokenUsd +
          100 * PRICES.gpt4oMiniOutputTokenUsd +
          10 * PRICES.embeddingSmallTokenUsd),
      12,
    );
    expect(cost.totalUsd).toBeCloseTo(cost.infraUsd + cost.llmUsd, 12);
  });
});
