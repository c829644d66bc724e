import { createHash, randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { MessageQueue, QueueMessage } from '../functions/queue/answer-queue.js';

export interface DeadLetter {
  queue: string;
  messageId: string;
  body: string;
  groupId?: string;
  receiveCount: number;
  deadAt: string;
  lastError?: string;
}

export type BatchConsumer = (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;

export interface LocalQueueOptions {
  name: string;
  fifo: boolean;
  consumer: BatchConsumer;
  onDeadLetter: (letter: DeadLetter) => void;
  batchSize?: number;
  maxReceiveCount?: number;
  visibilityTimeoutMs?: number;
  /** Batches delivered at once (Lambda concurrency); FIFO groups never run in parallel. */
  concurrency?: number;
}

interface Held {
  messageId: string;
  body: string;
  groupId?: string;
  deduplicationId?: string;
  sentAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
  visibleAt: number;
  inFlight: boolean;
  sequence: number;
}

/** SQS keeps FIFO deduplication ids for five minutes. */
const DEDUP_WINDOW_MS = 5 * 60_000;

/**
 * An in-process SQS queue that behaves like the real one where it matters: SQS-shaped batches,
 * FIFO groups delivered in order with at most one batch in flight per group, deduplication ids,
 * partial batch failures, visibility timeout retries, and dead-lettering after
 * `maxReceiveCount` receives.
 */
export class LocalQueue implements MessageQueue {
  readonly name: string;
  private readonly held: Held[] = [];
  private readonly dedup = new Map<string, number>();
  private running = 0;
  private sequence = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: LocalQueueOptions) {
    this.name = options.fifo && !options.name.endsWith('.fifo') ? `${options.name}.fifo` : options.name;
  }

  async send(message: QueueMessage): Promise<void> {
    const now = Date.now();
    if (this.options.fifo) {
      for (const [id, at] of this.dedup) if (now - at > DEDUP_WINDOW_MS) this.dedup.delete(id);
      if (this.dedup.has(message.deduplicationId)) return;
      this.dedup.set(message.deduplicationId, now);
    }
    this.held.push({
      messageId: randomUUID(),
      body: message.body,
      groupId: this.options.fifo ? message.groupId : undefined,
      deduplicationId: this.options.fifo ? message.deduplicationId : undefined,
      sentAt: now,
      receiveCount: 0,
      visibleAt: now,
      inFlight: false,
      sequence: ++this.sequence,
    });
    this.schedule(0);
  }

  /** Messages waiting or in flight. */
  get depth(): number {
    return this.held.length;
  }

  /** Resolves once every message is answered or dead-lettered. */
  idle(): Promise<void> {
    if (this.held.length === 0 && this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops deliveries and resolves once the batches in flight have finished. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    while (this.running > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  private schedule(delayMs: number): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.pump(), Math.max(0, delayMs));
  }

  private pump(): void {
    if (this.closed) return;
    const concurrency = this.options.concurrency ?? 4;
    while (this.running < concurrency) {
      const batch = this.nextBatch();
      if (batch.length === 0) break;
      this.running++;
      void this.deliver(batch).finally(() => {
        this.running--;
        this.afterDelivery();
      });
    }
    // Wake up when the next invisible message turns visible. Visible messages that were not
    // delivered are blocked behind their group and move when that group does.
    const now = Date.now();
    const next = Math.min(
      ...this.held.filter((m) => !m.inFlight && m.visibleAt > now).map((m) => m.visibleAt),
    );
    if (Number.isFinite(next)) this.schedule(next - now);
  }

  private afterDelivery(): void {
    if (this.held.length === 0 && this.running === 0) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
    this.schedule(0);
  }

  private nextBatch(): Held[] {
    const now = Date.now();
    const size = this.options.batchSize ?? 10;
    const batch: Held[] = [];
    if (!this.options.fifo) {
      for (const m of this.held) if (!m.inFlight && m.visibleAt <= now && batch.length < size) batch.push(m);
    } else {
      // A group is available only if none of its messages is in flight; its messages go in order,
      // stopping at the first that is not visible yet (it waits for a retry).
      const blocked = new Set(this.held.filter((m) => m.inFlight).map((m) => m.groupId));
      const ordered = [...this.held].sort((a, b) => a.sequence - b.sequence);
      for (const m of ordered) {
        if (batch.length >= size) break;
        if (blocked.has(m.groupId)) continue;
        if (m.visibleAt > now) {
          blocked.add(m.groupId);
          continue;
        }
        batch.push(m);
      }
    }
    for (const m of batch) {
      m.inFlight = true;
      m.receiveCount++;
      m.firstReceivedAt ??= now;
    }
    return batch;
  }

  private async deliver(batch: Held[]): Promise<void> {
    let failed: Set<string>;
    let lastError: string | undefined;
    try {
      const response = await this.options.consumer({ Records: batch.map((m) => this.toRecord(m)) });
      failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (error) {
      // A thrown invocation fails the whole batch, as Lambda does.
      failed = new Set(batch.map((m) => m.messageId));
      lastError = error instanceof Error ? error.message : String(error);
    }
    const now = Date.now();
    for (const m of batch) {
      const index = this.held.indexOf(m);
      if (!failed.has(m.messageId)) {
        this.held.splice(index, 1);
        continue;
      }
      m.inFlight = false;
      if (m.receiveCount >= (this.options.maxReceiveCount ?? 5)) {
        this.held.splice(index, 1);
        this.options.onDeadLetter({
          queue: this.name,
          messageId: m.messageId,
          body: m.body,
          groupId: m.groupId,
          receiveCount: m.receiveCount,
          deadAt: new Date(now).toISOString(),
          lastError,
        });
      } else {
        m.visibleAt = now + (this.options.visibilityTimeoutMs ?? 1000);
      }
    }
  }

  private toRecord(m: Held): SQSRecord {
    return {
      messageId: m.messageId,
      receiptHandle: `${m.messageId}#${m.receiveCount}`,
      body: m.body,
      attributes: {
        ApproximateReceiveCount: String(m.receiveCount),
        SentTimestamp: String(m.sentAt),
        SenderId: 'LOCAL',
        ApproximateFirstReceiveTimestamp: String(m.firstReceivedAt ?? Date.now()),
        ...(m.groupId
          ? {
              MessageGroupId: m.groupId,
              MessageDeduplicationId: m.deduplicationId,
              SequenceNumber: String(m.sequence),
            }
          : {}),
      },
      messageAttributes: {},
      md5OfBody: createHash('md5').update(m.body).digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:local:000000000000:${this.name}`,
      awsRegion: 'local',
    };
  }
}
