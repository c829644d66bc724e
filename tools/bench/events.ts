import { randomUUID } from 'node:crypto';
import type { SQSRecord } from 'aws-lambda';
import type { HttpEvent } from '../../functions/platform/http.js';
import type { QueueMessage } from '../../functions/queue/answer-queue.js';

/** An API Gateway HTTP API (v2) event, as the webhook route delivers it. */
export const httpEvent = (input: {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  headers: Record<string, string>;
  body?: string;
}): HttpEvent => {
  const rawQueryString = new URLSearchParams(input.query ?? {}).toString();
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: `${input.method} ${input.path}`,
    rawPath: input.path,
    rawQueryString,
    headers: input.headers,
    queryStringParameters: input.query,
    requestContext: {
      accountId: '123456789012',
      apiId: 'bench',
      domainName: 'bench.example.com',
      domainPrefix: 'bench',
      http: {
        method: input.method,
        path: input.path,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'bench',
      },
      requestId: randomUUID(),
      routeKey: `${input.method} ${input.path}`,
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    body: input.body,
    isBase64Encoded: false,
  };
};

/** An SQS FIFO record as Lambda's event source mapping delivers a queued message. */
export const sqsRecord = (message: QueueMessage, sequence: number): SQSRecord => {
  const messageId = randomUUID();
  return {
    messageId,
    receiptHandle: `${messageId}#1`,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(Date.now()),
      SenderId: 'BENCH',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
      MessageGroupId: message.groupId,
      MessageDeduplicationId: message.deduplicationId,
      SequenceNumber: String(sequence),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:answers.fifo',
    awsRegion: 'us-east-1',
  };
};
