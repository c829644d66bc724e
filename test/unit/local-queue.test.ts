import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { type DeadLetter, LocalQueue } from '../../local-stack/queue.js';

const message = (body: string, groupId: string) => ({ body, groupId, deduplicationId: `${groupId}:${body}` });

describe('LocalQueue (in-process SQS)', () => {
  it('delivers SQS-shaped batches and keeps each FIFO group in order', async () => {
    // Prepare
    const seen: string[] = [];
    const batches: SQSEvent[] = [];
    const queue = new LocalQueue({
      name: 'answer',
      fifo: true,
      onDeadLetter: () => undefined,
      consumer: async (event) => {
        batches.push(event);
        for (const r of event.Records) seen.push(r.body);
        return { batchItemFailures: [] };
      },
    });

    // Act
    for (let i = 0; i < 5; i++) await queue.send(message(`a${i}`, 'A'));
    for (let i = 0; i < 5; i++) await queue.send(message(`b${i}`, 'B'));
    await queue.idle();

    // Assess
    expect(seen.filter((b) => b.startsWith('a'))).toEqual(['a0', 'a1', 'a2', 'a3', 'a4']);
    expect(seen.filter((b) => b.startsWith('b'))).toEqual(['b0', 'b1', 'b2', 'b3', 'b4']);
    const record = batches[0]!.Records[0]!;
    expect(record.eventSource).toBe('aws:sqs');
    expect(record.eventSourceARN).toMatch(/:answer\.fifo$/);
    expect(record.attributes.MessageGroupId).toBe('A');
    expect(record.attributes.ApproximateReceiveCount).toBe('1');
  });

  it('drops a duplicate deduplication id', async () => {
    const seen: string[] = [];
    const queue = new LocalQueue({
      name: 'q',
      fifo: true,
      onDeadLetter: () => undefined,
      consumer: async (event) => {
        for (const r of event.Records) seen.push(r.body);
        return { batchItemFailures: [] };
      },
    });
    await queue.send(message('x', 'G'));
    await queue.send(message('x', 'G'));
    await queue.idle();
    expect(seen).toEqual(['x']);
  });

  it('retries failed records, dead-letters them after maxReceiveCount, and answers the rest', async () => {
    // Prepare: "bad" always fails; "good" succeeds.
    const answered: string[] = [];
    const dead: DeadLetter[] = [];
    const receives: Record<string, number> = {};
    const queue = new LocalQueue({
      name: 'answer',
      fifo: true,
      maxReceiveCount: 3,
      visibilityTimeoutMs: 5,
      onDeadLetter: (letter) => dead.push(letter),
      consumer: async (event) => {
        const failures = [];
        for (const r of event.Records) {
          receives[r.body] = Number(r.attributes.ApproximateReceiveCount);
          if (r.body === 'bad') failures.push({ itemIdentifier: r.messageId });
          else answered.push(r.body);
        }
        return { batchItemFailures: failures };
      },
    });

    // Act
    await queue.send(message('bad', 'G1'));
    await queue.send(message('good', 'G2'));
    await queue.idle();

    // Assess
    expect(answered).toEqual(['good']);
    expect(receives.bad).toBe(3);
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ body: 'bad', receiveCount: 3, queue: 'answer.fifo' });
    expect(queue.depth).toBe(0);
  });

  it('holds later messages of a group until the failed one is retried', async () => {
    const order: string[] = [];
    let failedOnce = false;
    const queue = new LocalQueue({
      name: 'answer',
      fifo: true,
      visibilityTimeoutMs: 5,
      onDeadLetter: () => undefined,
      consumer: async (event) => {
        const failures = [];
        let failing = false;
        for (const r of event.Records) {
          if (!failing && r.body === 'first' && !failedOnce) {
            failedOnce = true;
            failing = true;
          }
          if (failing) failures.push({ itemIdentifier: r.messageId });
          else order.push(r.body);
        }
        return { batchItemFailures: failures };
      },
    });
    await queue.send(message('first', 'G'));
    await queue.send(message('second', 'G'));
    await queue.idle();
    expect(order).toEqual(['first', 'second']);
  });

  it('fails the whole batch when the consumer throws, as Lambda does', async () => {
    const dead: DeadLetter[] = [];
    const queue = new LocalQueue({
      name: 'ingest',
      fifo: false,
      maxReceiveCount: 2,
      visibilityTimeoutMs: 5,
      onDeadLetter: (letter) => dead.push(letter),
      consumer: async () => {
        throw new Error('worker crashed');
      },
    });
    await queue.send(message('a', 'x'));
    await queue.idle();
    expect(dead).toMatchObject([{ body: 'a', receiveCount: 2, lastError: 'worker crashed' }]);
  });
});
