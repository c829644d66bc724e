/**
 * Public list prices the cost model uses, with the date they were taken. us-east-1, on-demand,
 * first pricing tier, no free tier. Change them here; the bench prints them with every run.
 */
export const PRICES = {
  asOf: '2025-06 (AWS and OpenAI public price pages; not re-checked on the run date, this machine has no web access)',
  region: 'us-east-1',
  lambdaArmGbSecondUsd: 0.0000133334,
  lambdaRequestUsd: 0.2 / 1e6,
  httpApiRequestUsd: 1.0 / 1e6,
  sqsFifoRequestUsd: 0.5 / 1e6,
  dynamoWriteRequestUnitUsd: 0.625 / 1e6,
  dynamoReadRequestUnitUsd: 0.125 / 1e6,
  s3GetRequestUsd: 0.4 / 1e6,
  s3PutRequestUsd: 5 / 1e6,
  cloudWatchLogsIngestedGbUsd: 0.5,
  gpt4oMiniInputTokenUsd: 0.15 / 1e6,
  gpt4oMiniOutputTokenUsd: 0.6 / 1e6,
  embeddingSmallTokenUsd: 0.02 / 1e6,
} as const;

export type Prices = typeof PRICES;

/** One Lambda function's share of a message: how often it runs and what each run costs. */
export interface InvocationProfile {
  /** Invocations per answered message (webhook deliveries, status callbacks, batches...). */
  perMessage: number;
  /** Billed duration of one invocation, warm. */
  durationMs: number;
  memoryMb: number;
  /** Fraction of invocations that are cold starts, and the init time each adds (billed since 2025-08). */
  coldFraction: number;
  initMs: number;
  /** Of those invocations, how many are API Gateway requests (1 for a webhook, 0 for a queue worker). */
  httpRequests: number;
  /** DynamoDB read and write request units per invocation. */
  readUnits: number;
  writeUnits: number;
  /** Log bytes written per invocation (CloudWatch Logs ingestion). */
  logBytes: number;
}

export interface MessageCostInput {
  invocations: InvocationProfile[];
  /** SQS FIFO requests per message (send, receive, delete). */
  sqsRequests: number;
  s3Gets: number;
  s3Puts: number;
  llm: { inputTokens: number; outputTokens: number; embeddingTokens: number };
}

export interface CostPer1000 {
  infraUsd: number;
  llmUsd: number;
  totalUsd: number;
  /** Infrastructure cost split by service, per 1,000 messages. */
  breakdown: Record<'lambda' | 'apiGateway' | 'sqs' | 'dynamodb' | 's3' | 'logs', number>;
}

/**
 * The cost of 1,000 answered messages from measured figures: Lambda GB-seconds (warm duration
 * plus billed init for the cold fraction) and requests, HTTP API requests, SQS FIFO requests,
 * DynamoDB request units, S3 requests, CloudWatch Logs ingestion, and model tokens.
 *
 * @example
 * costPer1000({ invocations: [webhook, worker], sqsRequests: 3, s3Gets: 0, s3Puts: 0, llm })
 */
export const costPer1000 = (input: MessageCostInput, prices: Prices = PRICES): CostPer1000 => {
  const breakdown = { lambda: 0, apiGateway: 0, sqs: 0, dynamodb: 0, s3: 0, logs: 0 };
  for (const fn of input.invocations) {
    const runs = fn.perMessage * 1000;
    const billedMs = Math.ceil(fn.durationMs) + fn.coldFraction * Math.ceil(fn.initMs);
    breakdown.lambda +=
      runs *
      ((billedMs / 1000) * (fn.memoryMb / 1024) * prices.lambdaArmGbSecondUsd + prices.lambdaRequestUsd);
    breakdown.apiGateway += runs * fn.httpRequests * prices.httpApiRequestUsd;
    breakdown.dynamodb +=
      runs *
      (fn.readUnits * prices.dynamoReadRequestUnitUsd + fn.writeUnits * prices.dynamoWriteRequestUnitUsd);
    breakdown.logs += ((runs * fn.logBytes) / 1024 ** 3) * prices.cloudWatchLogsIngestedGbUsd;
  }
  breakdown.sqs = 1000 * input.sqsRequests * prices.sqsFifoRequestUsd;
  breakdown.s3 = 1000 * (input.s3Gets * prices.s3GetRequestUsd + input.s3Puts * prices.s3PutRequestUsd);
  const infraUsd = Object.values(breakdown).reduce((sum, x) => sum + x, 0);
  const llmUsd =
    1000 *
    (input.llm.inputTokens * prices.gpt4oMiniInputTokenUsd +
      input.llm.outputTokens * prices.gpt4oMiniOutputTokenUsd +
      input.llm.embeddingTokens * prices.embeddingSmallTokenUsd);
  return { infraUsd, llmUsd, totalUsd: infraUsd + llmUsd, breakdown };
};
